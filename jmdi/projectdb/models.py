"""What the project database keeps of its own: the projects members suggest, until the
PMU has looked at them (the projects themselves are the registry's initiatives)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ProjectSuggestion(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the programme team")
        ACCEPTED = "accepted", _("Added to the mapping")
        DECLINED = "declined", _("Declined")

    suggested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("suggested by"),
        on_delete=models.PROTECT,
        related_name="project_suggestions",
    )
    title = models.CharField(
        _("project title"),
        max_length=300,
        error_messages={"blank": _("Enter the project's title.")},
    )
    summary = models.TextField(
        _("what the project does"),
        error_messages={"blank": _("Say in a few lines what the project does and for whom.")},
    )
    language = models.CharField(_("language written in"), max_length=8, default="en")
    country = models.ForeignKey(
        "directory.Country", verbose_name=_("country"), on_delete=models.PROTECT, related_name="+"
    )
    lead_authority = models.CharField(_("lead local authority"), max_length=255)
    website = models.URLField(_("web page of the project"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("note to the member"), blank=True)
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        verbose_name=_("initiative of the mapping"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("suggested at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("suggested project")
        verbose_name_plural = _("suggested projects")
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return self.title
