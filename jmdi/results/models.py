"""What the results framework stores: activity facts (the narrow table every later app's
activity is counted from), the distinct subjects of those facts (kept exact, so that a
cumulative distinct count never scans the facts), and manual values with their evidence.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from jmdi.core.people import Sex
from jmdi.programmes.models import Indicator, Programme

#: Evidence files: what a focal point uploads (a list of participants, a signed plan).
EVIDENCE_EXTENSIONS = ("pdf", "docx", "xlsx", "odt", "ods", "jpg", "jpeg", "png", "csv", "txt")
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024


class ActivityFact(models.Model):
    """One thing that happened in a country on a day: a participant attended a meeting, a
    member posted on the M4D Net, a request was answered.

    Narrow on purpose (codes, not foreign keys, for country and kind) so that one GROUP BY
    over the index (programme, kind, country, day, subject) answers a whole dashboard,
    whatever its size. Written through `services.record_fact` (one) or
    `services.record_facts` (many), which keep `FactSubject` exact.
    """

    class Kind(models.TextChoices):
        ATTENDANCE = "attendance", _("attendance")
        POST = "post", _("post")
        REQUEST = "request", _("request")

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="+")
    country = models.CharField(_("country"), max_length=2)
    day = models.DateField(_("day"))
    kind = models.CharField(_("kind"), max_length=20)
    #: Who or what is counted once in a distinct count ("contact:123", "la:rabat").
    subject = models.CharField(_("subject"), max_length=80)
    sex = models.CharField(_("sex"), max_length=20, choices=Sex.choices, default=Sex.NOT_RECORDED)
    stakeholder_type = models.CharField(_("stakeholder type"), max_length=30, blank=True)
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    #: What it was: shown in the drill-down ("Regional platform meeting, Tangier").
    label = models.CharField(_("what"), max_length=200, blank=True)
    #: The record it comes from, "app.model:pk", so an app can find and correct its facts.
    source = models.CharField(_("source"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("activity fact")
        verbose_name_plural = _("activity facts")
        indexes = [
            models.Index(
                fields=["programme", "kind", "country", "day", "subject"],
                name="fact_dashboard",
            ),
            models.Index(fields=["source"], name="fact_source"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.country} {self.day}"


class FactSubject(models.Model):
    """Each distinct subject of a kind of fact in a country, with the day it was first
    seen: "participants up to 30 June 2015" is the number of rows first seen by then.
    Kept exact by the services that write facts (and rebuilt from the facts by
    `services.rebuild_fact_subjects`, which a test compares with a fresh count)."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="+")
    country = models.CharField(_("country"), max_length=2)
    kind = models.CharField(_("kind"), max_length=20)
    subject = models.CharField(_("subject"), max_length=80)
    first_day = models.DateField(_("first seen"))
    sex = models.CharField(_("sex"), max_length=20, choices=Sex.choices, default=Sex.NOT_RECORDED)
    stakeholder_type = models.CharField(_("stakeholder type"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("subject of facts")
        verbose_name_plural = _("subjects of facts")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "kind", "country", "subject"], name="unique_fact_subject"
            )
        ]
        indexes = [
            models.Index(
                fields=["programme", "kind", "country", "first_day"], name="fact_subject_first"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.country} {self.subject}"


class FactDay(models.Model):
    """How many subjects of a kind were first seen in a country (or, country "", in the
    whole programme) on a day: "participants up to 30 June 2015" is one SUM over a few
    thousand rows, whatever the number of facts. Kept exact with `FactSubject`."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="+")
    country = models.CharField(_("country"), max_length=2)
    kind = models.CharField(_("kind"), max_length=20)
    day = models.DateField(_("day"))
    subjects = models.IntegerField(_("subjects first seen"), default=0)

    class Meta:
        verbose_name = _("subjects first seen on a day")
        verbose_name_plural = _("subjects first seen by day")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "kind", "country", "day"], name="unique_fact_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.country} {self.day}: {self.subjects}"


class ManualValue(models.Model):
    """A value of an indicator marked `manual`, for a country (or the whole programme when
    `country` is empty) and a period, with its evidence, reviewed by the PMU."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Waiting for review")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned for correction")

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="+"
    )
    country = models.CharField(_("country"), max_length=2, blank=True)
    period = models.CharField(_("period"), max_length=20)
    split = models.CharField(_("disaggregation value"), max_length=30, blank=True)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2, null=True, blank=True)
    text = models.TextField(_("description"), blank=True)
    evidence_file = models.FileField(
        _("evidence file"),
        upload_to="results/evidence/%Y/",
        blank=True,
        validators=[FileExtensionValidator(list(EVIDENCE_EXTENSIONS))],
    )
    evidence_link = models.URLField(_("evidence link"), max_length=500, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    return_reason = models.TextField(_("reason for returning"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "country", "period"]
        verbose_name = _("manual value")
        verbose_name_plural = _("manual values")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "country", "period", "split"], name="unique_manual_value"
            )
        ]
        indexes = [models.Index(fields=["status", "country"], name="manual_value_queue")]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.country or '*'} {self.period}"

    @property
    def has_evidence(self) -> bool:
        return bool(self.evidence_file) or bool(self.evidence_link)
