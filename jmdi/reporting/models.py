"""A report the programme owes, and the files it was rendered into.

A draft can be regenerated as often as needed; once submitted to the steering committee
it is frozen: its snapshot (the figures as of its date) and its files never change, and
the frozen files are what is downloaded.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from jmdi.core.reports import ANNUAL, QUARTERLY
from jmdi.programmes.models import Programme

FORMATS = ("pdf", "docx", "xlsx")


class Report(models.Model):
    class Kind(models.TextChoices):
        QUARTERLY = QUARTERLY, _("Quarterly progress report")
        ANNUAL = ANNUAL, _("Annual review report")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted to the steering committee")

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="reports")
    kind = models.CharField(_("report"), max_length=20, choices=Kind.choices)
    period_code = models.CharField(_("period"), max_length=20)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    language = models.CharField(_("language"), max_length=8)
    as_of = models.DateField(_("figures as of"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    snapshot = models.JSONField(_("figures"), default=list, blank=True)
    pdf = models.FileField(_("PDF"), upload_to="reports/%Y/", blank=True)
    docx = models.FileField(_("Word document"), upload_to="reports/%Y/", blank=True)
    xlsx = models.FileField(_("spreadsheet"), upload_to="reports/%Y/", blank=True)
    checksums = models.JSONField(_("file checksums"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    generated_at = models.DateTimeField(_("generated at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    job = models.ForeignKey(
        "core.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["snapshot"])

    class Meta:
        ordering = ["-period_end", "kind", "language", "-created_at"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        indexes = [models.Index(fields=["programme", "status", "-period_end"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="report_period_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period_code} ({self.language})"

    @property
    def frozen(self) -> bool:
        return self.status == self.Status.SUBMITTED

    @property
    def ready(self) -> bool:
        return bool(self.generated_at and self.pdf and self.docx and self.xlsx)

    def file(self, fmt: str) -> Any:
        if fmt not in FORMATS:
            raise KeyError(fmt)
        return getattr(self, fmt)


def checksum(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()
