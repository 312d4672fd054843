"""The follow-up of funded initiatives (selected or funded in the mapping):

- `ReportingPeriod`: the reporting schedule of an initiative (start, end, due date);
- `ProgressReport`: the grantee's report for one period (narrative, spending by budget
  heading, indicator values, evidence files), reviewed by the country's focal point, then
  by the PMU; `ReportReview` keeps every decision with its comment;
- `MonitoringPlan`, `PlanIndicator`, `IndicatorValue`: the initiative's own indicators and
  the values reported for them (from a report or a visit); whether a project meets its
  targets is computed from these (`selectors.plan_progress`), never entered;
- `Visit` and `Assessment`: what the focal point records on the ground;
- `ReminderSent`: the overdue reminders e-mailed, so that each goes out once.

Writes go through `services.py`; records that matter keep their history.
"""

from __future__ import annotations

import secrets
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from jmdi.initiatives.models import Initiative

#: The initiatives followed here.
FOLLOWED_STATUSES = (Initiative.Status.SELECTED, Initiative.Status.FUNDED)


class BudgetHeading(models.TextChoices):
    PERSONNEL = "personnel", _("Personnel")
    ACTIVITIES = "activities", _("Activities and events")
    EQUIPMENT = "equipment", _("Equipment and supplies")
    TRAVEL = "travel", _("Travel")
    COMMUNICATION = "communication", _("Communication and visibility")
    ADMINISTRATION = "administration", _("Administration")


class ReportingPeriod(models.Model):
    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.PROTECT,
        related_name="reporting_periods",
    )
    number = models.PositiveSmallIntegerField(_("number"))
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    due = models.DateField(_("due date"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["initiative", "number"]
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "number"], name="followup_unique_period_number"
            ),
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="followup_period_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(due__gte=models.F("end")), name="followup_period_due_after_end"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.initiative_id} #{self.number} {self.start}/{self.end}"


class ProgressReport(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("report status", "Draft")
        SUBMITTED = "submitted", _("Waiting for the focal point")
        FOCAL_APPROVED = "focal_approved", _("Waiting for the PMU")
        RETURNED = "returned", _("Returned for changes")
        APPROVED = "approved", pgettext_lazy("report status", "Approved")

    #: Still with the grantee: editable, and overdue once the due date has passed.
    WITH_GRANTEE = (Status.DRAFT, Status.RETURNED)
    #: Submitted at least once and not sent back: its indicator values count.
    COUNTED = (Status.SUBMITTED, Status.FOCAL_APPROVED, Status.APPROVED)

    initiative = models.ForeignKey(
        Initiative, verbose_name=_("initiative"), on_delete=models.PROTECT, related_name="+"
    )
    period = models.OneToOneField(
        ReportingPeriod,
        verbose_name=_("reporting period"),
        on_delete=models.PROTECT,
        related_name="report",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    achievements = models.TextField(_("achievements"), blank=True)
    difficulties = models.TextField(_("difficulties"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    approved_on = models.DateField(_("approved by the PMU on"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["-period__due", "pk"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        indexes = [
            models.Index(fields=["status"], name="followup_report_status"),
            models.Index(fields=["initiative", "status"], name="followup_report_initiative"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(approved_on__isnull=False),
                name="followup_approved_report_has_date",
            )
        ]

    def __str__(self) -> str:
        return f"{self.initiative_id} #{self.period_id} ({self.status})"

    def is_overdue_on(self, day: Any) -> bool:
        return self.status in self.WITH_GRANTEE and self.period.due < day


class ExpenditureLine(models.Model):
    """What was spent in the report's period under one budget heading (EUR)."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="lines")
    heading = models.CharField(_("budget heading"), max_length=20, choices=BudgetHeading.choices)
    amount = models.DecimalField(
        _("spent in the period (EUR)"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "heading"]
        verbose_name = _("expenditure line")
        verbose_name_plural = _("expenditure lines")
        constraints = [
            models.UniqueConstraint(fields=["report", "heading"], name="followup_unique_heading"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="followup_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.heading}: {self.amount}"


def evidence_path(instance: Evidence, filename: str) -> str:
    """A random name: the stored path tells nothing and cannot be guessed."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"followup/evidence/{secrets.token_hex(16)}.{extension}"


class Evidence(models.Model):
    report = models.ForeignKey(
        ProgressReport, on_delete=models.PROTECT, related_name="evidence_files"
    )
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    kind = models.CharField(_("type"), max_length=10)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"))

    class Meta:
        ordering = ["report", "uploaded_at", "pk"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self) -> str:
        return self.original_name


class ReportReview(models.Model):
    """One decision on a report: the focal point's or the PMU's, approving or returning."""

    class Level(models.TextChoices):
        FOCAL_POINT = "focal_point", _("Focal point")
        PMU = "pmu", _("PMU")

    class Decision(models.TextChoices):
        APPROVE = "approve", _("Approved")
        RETURN = "return", _("Returned")

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="reviews")
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    comment = models.TextField(_("comment"), blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"))

    class Meta:
        ordering = ["report", "reviewed_at", "pk"]
        verbose_name = _("report review")
        verbose_name_plural = _("report reviews")
        constraints = [
            models.CheckConstraint(
                condition=~Q(decision="return") | ~Q(comment=""),
                name="followup_return_has_comment",
            )
        ]

    def __str__(self) -> str:
        return f"{self.report_id} {self.level} {self.decision}"


class MonitoringPlan(models.Model):
    initiative = models.OneToOneField(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.PROTECT,
        related_name="monitoring_plan",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_on = models.DateField(_("created on"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("monitoring plan")
        verbose_name_plural = _("monitoring plans")

    def __str__(self) -> str:
        return f"Plan {self.initiative_id}"


class PlanIndicator(models.Model):
    class Direction(models.TextChoices):
        INCREASE = "increase", _("higher is better")
        DECREASE = "decrease", _("lower is better")

    plan = models.ForeignKey(MonitoringPlan, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=60, help_text=_("For example “people”, “%”."))
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.INCREASE
    )
    jmdi_indicator = models.ForeignKey(
        "programmes.Indicator",
        verbose_name=_("JMDI indicator"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The indicator of the programme's results framework this one feeds."),
    )
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "order", "pk"]
        verbose_name = _("plan indicator")
        verbose_name_plural = _("plan indicators")

    def __str__(self) -> str:
        return self.name

    def is_met_by(self, value: Decimal | None) -> bool:
        """Direction-aware: higher is better reaches the target from below, lower is
        better from above. No value yet: not met."""
        if value is None:
            return False
        if self.direction == self.Direction.DECREASE:
            return value <= self.target
        return value >= self.target


class IndicatorValue(models.Model):
    """A value of a plan's indicator, reported in a progress report or found on a visit.
    A report's values count once it is submitted (and not while it is sent back)."""

    indicator = models.ForeignKey(PlanIndicator, on_delete=models.CASCADE, related_name="values")
    on = models.DateField(_("as of"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    report = models.ForeignKey(
        ProgressReport,
        on_delete=models.CASCADE,
        related_name="indicator_values",
        null=True,
        blank=True,
    )
    visit = models.ForeignKey(
        "Visit",
        on_delete=models.CASCADE,
        related_name="indicator_values",
        null=True,
        blank=True,
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "on", "pk"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "report"],
                condition=Q(report__isnull=False),
                name="followup_one_value_per_report",
            ),
            models.CheckConstraint(
                condition=Q(report__isnull=True, visit__isnull=False)
                | Q(report__isnull=False, visit__isnull=True),
                name="followup_value_has_one_source",
            ),
        ]
        indexes = [models.Index(fields=["indicator", "on"], name="followup_value_latest")]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.on}: {self.value}"

    @staticmethod
    def counted_q(prefix: str = "") -> Q:
        """The values that count: from a visit, or from a submitted report."""
        return Q(**{f"{prefix}visit__isnull": False}) | Q(
            **{f"{prefix}report__status__in": list(ProgressReport.COUNTED)}
        )


class Visit(models.Model):
    initiative = models.ForeignKey(
        Initiative, verbose_name=_("initiative"), on_delete=models.PROTECT, related_name="+"
    )
    visited_on = models.DateField(_("date of the visit"))
    participants = models.TextField(_("participants"))
    findings = models.TextField(_("findings"))
    recommendations = models.TextField(_("recommendations"), blank=True)
    follow_up = models.TextField(_("follow-up"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["initiative", "-visited_on", "-pk"]
        verbose_name = _("monitoring visit")
        verbose_name_plural = _("monitoring visits")

    def __str__(self) -> str:
        return f"{self.initiative_id} {self.visited_on}"


RATING = [MinValueValidator(1), MaxValueValidator(4)]


class Assessment(models.Model):
    """A periodic assessment, each criterion rated 1 (unsatisfactory) to 4 (highly
    satisfactory) with its justification."""

    class Rating(models.IntegerChoices):
        UNSATISFACTORY = 1, _("Unsatisfactory")
        PARTLY = 2, _("Partly satisfactory")
        SATISFACTORY = 3, _("Satisfactory")
        HIGHLY = 4, _("Highly satisfactory")

    CRITERIA = ("relevance", "effectiveness", "efficiency", "sustainability")

    initiative = models.ForeignKey(
        Initiative, verbose_name=_("initiative"), on_delete=models.PROTECT, related_name="+"
    )
    assessed_on = models.DateField(_("assessed on"))
    relevance = models.PositiveSmallIntegerField(
        _("relevance"), choices=Rating.choices, validators=RATING
    )
    relevance_why = models.TextField(_("why this rating for relevance"))
    effectiveness = models.PositiveSmallIntegerField(
        _("effectiveness"), choices=Rating.choices, validators=RATING
    )
    effectiveness_why = models.TextField(_("why this rating for effectiveness"))
    efficiency = models.PositiveSmallIntegerField(
        _("efficiency"), choices=Rating.choices, validators=RATING
    )
    efficiency_why = models.TextField(_("why this rating for efficiency"))
    sustainability = models.PositiveSmallIntegerField(
        _("sustainability"), choices=Rating.choices, validators=RATING
    )
    sustainability_why = models.TextField(_("why this rating for sustainability"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["initiative", "-assessed_on", "-pk"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.CheckConstraint(
                condition=Q(relevance__range=(1, 4))
                & Q(effectiveness__range=(1, 4))
                & Q(efficiency__range=(1, 4))
                & Q(sustainability__range=(1, 4)),
                name="followup_ratings_1_to_4",
            )
        ]

    def __str__(self) -> str:
        return f"{self.initiative_id} {self.assessed_on}"


class ReminderSent(models.Model):
    """An overdue reminder e-mailed for a report to one person."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="reminders")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    sent_on = models.DateField()

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        indexes = [models.Index(fields=["report", "sent_on"], name="followup_reminder_latest")]

    def __str__(self) -> str:
        return f"{self.report_id} {self.recipient_id} {self.sent_on}"
