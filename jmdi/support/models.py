"""The online support facility of the M4D Net.

- `SupportRequest`: a member's question (a local authority's, typically): subject, topic,
  country, urgency, description; its status moves submitted → triaged → answered,
  assigned (to a PMU colleague) or referred (to the country's focal point, or to a UN
  country team or partner organisation of the registry) → resolved; the PMU may close it
  without an answer, the requester may withdraw it. The first response and the resolution
  are dated, and compared with the programme's service targets (`targets.py`).
- `Message`: what is said on a request: the requester's messages and the answers, both
  visible to the requester.
- `Attachment`: files sent with a request or a message (type checked by content).
- `Event`: the log of every change (who, when, what, from → to status).
- `FaqEntry`: a question and answer of the public FAQ, often drawn from a resolved request
  (edited, without personal data), published or not.

Writes go through `services.py`; requests and FAQ entries keep their history.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords


class Topic(models.TextChoices):
    PLANNING = "planning", _("Migration and development planning")
    DIASPORA = "diaspora", _("Diaspora engagement")
    FINANCING = "financing", _("Financing and remittances")
    PARTNERSHIPS = "partnerships", _("Partnerships")
    CAPACITY = "capacity", _("Capacity building")
    PROJECT_DESIGN = "project_design", _("Project design")
    OTHER = "other", pgettext_lazy("support topic", "Other")


class Urgency(models.TextChoices):
    NORMAL = "normal", pgettext_lazy("urgency", "Normal")
    URGENT = "urgent", pgettext_lazy("urgency", "Urgent")


class Status(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("support status", "Submitted")
    TRIAGED = "triaged", pgettext_lazy("support status", "Triaged")
    ANSWERED = "answered", pgettext_lazy("support status", "Answered")
    ASSIGNED = "assigned", pgettext_lazy("support status", "Assigned")
    REFERRED = "referred", pgettext_lazy("support status", "Referred")
    RESOLVED = "resolved", pgettext_lazy("support status", "Resolved")
    CLOSED = "closed", pgettext_lazy("support status", "Closed without answer")
    WITHDRAWN = "withdrawn", pgettext_lazy("support status", "Withdrawn")


#: Still waiting for something: the queue lists these.
OPEN_STATUSES = (
    Status.SUBMITTED,
    Status.TRIAGED,
    Status.ANSWERED,
    Status.ASSIGNED,
    Status.REFERRED,
)
#: Finished: nothing more happens to them.
FINISHED_STATUSES = (Status.RESOLVED, Status.CLOSED, Status.WITHDRAWN)


def attachment_path(instance: Attachment, filename: str) -> str:
    """A random name: the stored path tells nothing and cannot be guessed."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"support/attachments/{secrets.token_hex(16)}.{extension}"


class SupportRequest(models.Model):
    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requester"),
        on_delete=models.PROTECT,
        related_name="support_requests",
    )
    subject = models.CharField(_("subject"), max_length=200)
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    country = CountryField(_("country"))
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    description = models.TextField(_("description"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED
    )
    #: The PMU's own notes from the triage; never shown to the requester.
    triage_note = models.TextField(_("triage notes"), blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    referred_to_focal_point = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("referred to the focal point"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    referred_to_organisation = models.ForeignKey(
        "directory.Organisation",
        verbose_name=_("referred to the organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    referral_contact = models.CharField(
        _("contact at the organisation"), max_length=255, blank=True
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    #: The day of `submitted_at`, for the measures (which count by day).
    submitted_on = models.DateField(_("submitted on"))
    first_response_at = models.DateTimeField(_("first response at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    #: Whether it was resolved within the programme's resolution target, when resolved.
    resolved_within_target = models.BooleanField(_("resolved within the target"), default=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["-submitted_at", "pk"]
        verbose_name = _("support request")
        verbose_name_plural = _("support requests")
        indexes = [
            models.Index(fields=["status", "urgency", "submitted_at"], name="support_queue"),
            models.Index(fields=["requester", "submitted_at"], name="support_requester"),
            models.Index(fields=["referred_to_focal_point", "status"], name="support_referred"),
            models.Index(fields=["country", "status"], name="support_country"),
            models.Index(fields=["resolved_on"], name="support_resolved_on"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="resolved") | Q(resolved_at__isnull=False),
                name="support_resolved_has_date",
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.subject}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_urgent(self) -> bool:
        return self.urgency == Urgency.URGENT


class Message(models.Model):
    class Kind(models.TextChoices):
        REQUESTER = "requester", _("From the requester")
        ANSWER = "answer", _("Answer")

    request = models.ForeignKey(
        SupportRequest, verbose_name=_("request"), on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("written at"))

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("support message")
        verbose_name_plural = _("support messages")
        indexes = [models.Index(fields=["author", "created_at"], name="support_message_author")]

    def __str__(self) -> str:
        return f"{self.request_id} {self.kind} {self.created_at:%Y-%m-%d}"


class Attachment(models.Model):
    request = models.ForeignKey(
        SupportRequest,
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    message = models.ForeignKey(
        Message,
        verbose_name=_("message"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    kind = models.CharField(_("type"), max_length=10)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"))

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name


class Event(models.Model):
    """One change of a request: who did what, when, from which status to which."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", pgettext_lazy("support action", "Submitted")
        TRIAGED = "triaged", pgettext_lazy("support action", "Triaged")
        ANSWERED = "answered", pgettext_lazy("support action", "Answered")
        ASSIGNED = "assigned", pgettext_lazy("support action", "Assigned")
        REFERRED = "referred", pgettext_lazy("support action", "Referred")
        MESSAGE = "message", pgettext_lazy("support action", "Message added")
        RESOLVED = "resolved", pgettext_lazy("support action", "Resolved")
        CLOSED = "closed", pgettext_lazy("support action", "Closed without answer")
        WITHDRAWN = "withdrawn", pgettext_lazy("support action", "Withdrawn")
        FAQ = "faq", pgettext_lazy("support action", "Turned into an FAQ entry")

    request = models.ForeignKey(
        SupportRequest, verbose_name=_("request"), on_delete=models.CASCADE, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("at"))
    action = models.CharField(_("action"), max_length=12, choices=Action.choices)
    from_status = models.CharField(
        _("from status"), max_length=12, choices=Status.choices, blank=True
    )
    to_status = models.CharField(_("to status"), max_length=12, choices=Status.choices)
    #: What the PMU sees of the change (the colleague, the referral, the note).
    detail = models.TextField(_("detail"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("support request event")
        verbose_name_plural = _("support request events")

    def __str__(self) -> str:
        return f"{self.request_id} {self.action} {self.at:%Y-%m-%d}"

    @property
    def changes_status(self) -> bool:
        return self.from_status != self.to_status


class FaqEntry(models.Model):
    question = models.CharField(_("question"), max_length=300)
    answer = models.TextField(_("answer"))
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    source_request = models.ForeignKey(
        SupportRequest,
        verbose_name=_("drawn from the request"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="faq_entries",
    )
    published = models.BooleanField(_("published"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(_("updated at"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["topic", "question", "pk"]
        verbose_name = _("FAQ entry")
        verbose_name_plural = _("FAQ entries")
        indexes = [models.Index(fields=["published", "topic"], name="support_faq_published")]

    def __str__(self) -> str:
        return self.question
