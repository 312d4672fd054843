"""The project document of a selected initiative (the grantee's proposal).

- `ProjectDocument`: one per initiative; its `content` is the working draft, edited
  between submissions; its `status` moves only through `services.py`
  (draft → submitted → reviewed → validated, and back to draft when returned).
- `DocumentVersion`: what was submitted, frozen: a numbered snapshot of every section,
  its author and date. A version is never changed nor deleted.
- `Comment`: a remark on a version, optionally on one of its sections, resolved or not.

The content is one JSON document (see `content.py` for its sections): a version is a
copy of it, so that a version reads exactly as it was submitted, whatever happens to
the initiative's partners or the draft afterwards.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from jmdi.initiatives.models import Initiative
from jmdi.proposals.content import SECTIONS, empty_content


class ProjectDocument(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted, waiting for the focal point")
        REVIEWED = "reviewed", _("Reviewed, waiting for the PMU")
        VALIDATED = "validated", _("Validated")

    initiative = models.OneToOneField(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.PROTECT,
        related_name="project_document",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    content = models.JSONField(_("working draft"), default=empty_content, blank=True)
    #: Incremented at every save of the draft: an edit made on an older revision is refused
    #: (two people editing at once do not overwrite each other silently).
    revision = models.PositiveIntegerField(_("revision"), default=0)
    #: How many times the document was returned to its drafters.
    returns = models.PositiveSmallIntegerField(_("times returned"), default=0)
    created_at = models.DateTimeField(_("started at"))
    updated_at = models.DateTimeField(_("updated at"))
    validated_at = models.DateTimeField(_("validated at"), null=True, blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("validated by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    history = HistoricalRecords(excluded_fields=["content"])

    class Meta:
        ordering = ["-updated_at", "pk"]
        verbose_name = _("project document")
        verbose_name_plural = _("project documents")
        indexes = [models.Index(fields=["status", "updated_at"], name="proposals_status")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="validated") | models.Q(validated_at__isnull=False),
                name="proposals_validated_has_date",
            )
        ]

    def __str__(self) -> str:
        return str(_("Project document of %(initiative)s") % {"initiative": self.initiative})

    @property
    def is_locked(self) -> bool:
        return self.status == self.Status.VALIDATED


class ImmutableError(Exception):
    """A submitted version is a record of what was submitted: it is never changed."""


class DocumentVersion(models.Model):
    document = models.ForeignKey(
        ProjectDocument,
        verbose_name=_("project document"),
        on_delete=models.PROTECT,
        related_name="versions",
    )
    number = models.PositiveIntegerField(_("version"))
    content = models.JSONField(_("content"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("submitted at"))
    note = models.TextField(_("note to the reviewers"), blank=True)

    class Meta:
        ordering = ["document", "number"]
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="proposals_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.document_id} v{self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The one guard kept in the model: whatever the caller, a frozen version stays so.
        if self.pk is not None:
            raise ImmutableError("A submitted version cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ImmutableError("A submitted version cannot be deleted.")


SECTION_CHOICES = [(key, label) for key, label, _kind in SECTIONS]


class Comment(models.Model):
    version = models.ForeignKey(
        DocumentVersion,
        verbose_name=_("version"),
        on_delete=models.PROTECT,
        related_name="comments",
    )
    section = models.CharField(
        _("section"), max_length=40, choices=SECTION_CHOICES, blank=True, default=""
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("written at"))
    resolved = models.BooleanField(_("resolved"), default=False)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["version", "created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return f"{self.version_id}: {self.text[:40]}"
