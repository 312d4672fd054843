"""Resources of the M4D Net: pages and knowledge products (guides, toolkits, case
studies, synthesis reports, policy briefs), grouped by theme and tagged.

A resource is written in one original language and translated: one `ResourceText` per
language (title, summary and body, the body's HTML sanitised before it is stored), each
save kept as a `Version`. A translation is *outdated* when the original has changed since
the translation was last saved (`based_on` is older than the original's latest version).

Its life: a draft (proposed by any member who may post, or written by an editor or the
PMU), in review, published (or returned to draft with a comment), archived. A knowledge
product also passes a `QualityReview` before it counts towards indicator 3.I5.
Attachments are checked by content; each download is counted (`Download`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

LANGUAGES = ("en", "fr", "es", "ar")


class Kind(models.TextChoices):
    PAGE = "page", _("Page")
    GUIDE = "guide", _("Guide")
    TOOLKIT = "toolkit", _("Toolkit")
    CASE_STUDY = "case_study", _("Case study")
    SYNTHESIS_REPORT = "synthesis_report", _("Synthesis report")
    POLICY_BRIEF = "policy_brief", _("Policy brief")


#: The kinds that are knowledge products (indicator 3.I5 counts them).
KNOWLEDGE_PRODUCTS = tuple(k for k in Kind.values if k != Kind.PAGE)


class Language(models.TextChoices):
    EN = "en", _("English")
    FR = "fr", _("French")
    ES = "es", _("Spanish")
    AR = "ar", _("Arabic")


class Theme(models.Model):
    """A resource theme; `names` holds its name per language ({"en": …, "fr": …})."""

    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    names = models.JSONField(_("names"), default=dict)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("resource theme")
        verbose_name_plural = _("resource themes")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        language = (translation.get_language() or "en")[:2]
        return str(self.names.get(language) or self.names.get("en") or self.slug)


class Tag(models.Model):
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=80)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.name


class Editor(models.Model):
    """A member the PMU lets edit any draft resource."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="resource_editor",
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("made editor by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    granted_at = models.DateTimeField(_("made editor on"), auto_now_add=True)

    class Meta:
        verbose_name = _("resource editor")
        verbose_name_plural = _("resource editors")

    def __str__(self) -> str:
        return str(self.user)


class Resource(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    slug = models.SlugField(_("address"), max_length=120, unique=True)
    theme = models.ForeignKey(
        Theme, verbose_name=_("theme"), on_delete=models.PROTECT, related_name="resources"
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.GUIDE)
    original_language = models.CharField(
        _("original language"), max_length=2, choices=Language.choices, default=Language.EN
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("authors"), blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resources_proposed",
    )
    quality_reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("quality reviewer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resources_to_quality_review",
        help_text=_("Besides the PMU, the person named here may review its quality."),
    )
    #: Where the text came from when it was not written here (an e-discussion's summary).
    source_label = models.CharField(_("source"), max_length=255, blank=True)
    review_comment = models.TextField(_("comment of the last review"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    download_count = models.PositiveIntegerField(_("downloads"), default=0)
    history = HistoricalRecords(excluded_fields=["download_count"])

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        indexes = [
            models.Index(fields=["status", "-published_at"]),
            models.Index(fields=["theme", "status"]),
        ]

    def __str__(self) -> str:
        return self.slug

    @property
    def is_knowledge_product(self) -> bool:
        return self.kind in KNOWLEDGE_PRODUCTS

    def text_in(self, language: str) -> ResourceText | None:
        """From prefetched `texts` when they are there (no query)."""
        for text in self.texts.all():
            if text.language == language:
                return text
        return None

    @property
    def original(self) -> ResourceText | None:
        return self.text_in(self.original_language)

    def shown_text(self, language: str) -> ResourceText | None:
        """The text in `language` when a complete translation exists, else the original."""
        text = self.text_in(language)
        if text is not None and text.complete:
            return text
        return self.original or text


class ResourceText(models.Model):
    """The resource in one language. `body` is sanitised HTML (jmdi.resources.html)."""

    resource = models.ForeignKey(
        Resource, verbose_name=_("resource"), on_delete=models.CASCADE, related_name="texts"
    )
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    title = models.CharField(_("title"), max_length=255)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("text"), blank=True)
    #: The translator says it is finished; the original is complete once it has a body.
    complete = models.BooleanField(_("complete"), default=False)
    #: The number of this text's latest version.
    version = models.PositiveIntegerField(_("version"), default=0)
    #: For a translation: the original's version it was last saved against.
    based_on = models.PositiveIntegerField(_("translated from version"), default=0)
    updated_at = models.DateTimeField(_("updated at"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("resource text")
        verbose_name_plural = _("resource texts")
        constraints = [
            models.UniqueConstraint(fields=["resource", "language"], name="resource_text_once")
        ]

    def __str__(self) -> str:
        return self.title


class Completeness(models.TextChoices):
    MISSING = "missing", _("Missing")
    DRAFT = "draft", _("Draft")
    COMPLETE = "complete", _("Complete")
    OUTDATED = "outdated", _("Outdated")


def completeness(resource: Resource, language: str) -> str:
    """Missing, draft, complete, or outdated (the original changed since), from the
    prefetched texts."""
    text = resource.text_in(language)
    if text is None:
        return Completeness.MISSING
    if not text.complete:
        return Completeness.DRAFT
    original = resource.original
    if (
        language != resource.original_language
        and original is not None
        and text.based_on < original.version
    ):
        return Completeness.OUTDATED
    return Completeness.COMPLETE


class Version(models.Model):
    """One save of a text, as it was saved."""

    text = models.ForeignKey(
        ResourceText, verbose_name=_("text"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("number"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("saved at"))
    title = models.CharField(_("title"), max_length=255)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("text"), blank=True)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        constraints = [
            models.UniqueConstraint(fields=["text", "number"], name="resource_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.text_id} v{self.number}"


def _attachment_path(instance: Attachment, filename: str) -> str:
    return f"resources/{instance.resource_id}/{filename}"


class Attachment(models.Model):
    resource = models.ForeignKey(
        Resource, verbose_name=_("resource"), on_delete=models.CASCADE, related_name="attachments"
    )
    title = models.CharField(_("title"), max_length=255)
    file = models.FileField(_("file"), upload_to=_attachment_path, max_length=255)
    file_type = models.CharField(_("file type"), max_length=8)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.EN
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    download_count = models.PositiveIntegerField(_("downloads"), default=0)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.title


class Download(models.Model):
    """One download of an attachment, by anyone (no person recorded)."""

    resource = models.ForeignKey(
        Resource, verbose_name=_("resource"), on_delete=models.CASCADE, related_name="downloads"
    )
    attachment = models.ForeignKey(
        Attachment,
        verbose_name=_("attachment"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    day = models.DateField(_("day"))

    class Meta:
        verbose_name = _("download")
        verbose_name_plural = _("downloads")
        indexes = [models.Index(fields=["day"])]

    def __str__(self) -> str:
        return f"{self.resource_id} {self.day}"


class Review(models.Model):
    """The PMU's decision on a resource submitted for review."""

    class Decision(models.TextChoices):
        PUBLISHED = "published", _("Published")
        RETURNED = "returned", _("Returned with comments")

    resource = models.ForeignKey(
        Resource, verbose_name=_("resource"), on_delete=models.CASCADE, related_name="reviews"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision = models.CharField(_("decision"), max_length=12, choices=Decision.choices)
    comment = models.TextField(_("comment"), blank=True)
    decided_at = models.DateTimeField(_("decided at"))

    class Meta:
        ordering = ["-decided_at", "-pk"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")

    def __str__(self) -> str:
        return f"{self.resource_id} {self.decision}"


class QualityReview(models.Model):
    """The quality check of a knowledge product, against the checklist."""

    class Outcome(models.TextChoices):
        PASSED = "passed", _("Passed")
        FAILED = "failed", _("Failed")

    resource = models.ForeignKey(
        Resource,
        verbose_name=_("resource"),
        on_delete=models.CASCADE,
        related_name="quality_reviews",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    relevance = models.BooleanField(_("relevant to local authorities"), default=False)
    evidence = models.BooleanField(_("grounded in evidence"), default=False)
    clarity = models.BooleanField(_("clear and usable"), default=False)
    translations = models.BooleanField(_("translations complete"), default=False)
    outcome = models.CharField(_("outcome"), max_length=8, choices=Outcome.choices)
    comment = models.TextField(_("comment"), blank=True)
    reviewed_on = models.DateField(_("reviewed on"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["-reviewed_on", "-pk"]
        verbose_name = _("quality review")
        verbose_name_plural = _("quality reviews")
        indexes = [models.Index(fields=["outcome", "reviewed_on"])]

    def __str__(self) -> str:
        return f"{self.resource_id} {self.outcome}"
