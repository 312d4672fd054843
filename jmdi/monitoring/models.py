"""The monitoring framework kept day to day (the document's "Monitoring and evaluation"):

- `WorkPlanStatus`: how a sub-activity stands in a semester, for one country or the whole
  programme (planned, on track, delayed with its reason, done);
- `RiskReview`: a dated review of a risk of the programme file's risk log; a risk's current
  status is its latest review (or, before any, the document's own assessment);
- `Issue`: the issue log (UNDP types: request for change, problem or concern, general);
- `Lesson`: the lessons-learned log;
- `ScheduledEvent` and `ReminderSent`: the monitoring schedule, one event per due date of
  a monitoring item, and the reminders sent for it (each once);
- `QualityAssessment`: the quarterly quality assessment of each output.

Every record that changes keeps its history (django-simple-history); writes go through
`services.py`.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from jmdi.directory.models import Country
from jmdi.programmes.models import (
    MonitoringItem,
    Output,
    Programme,
    Risk,
    Semester,
    SubActivity,
)

#: Days before an event's due date from which it is "due" and its reminder is sent.
REMINDER_DAYS = 14


class WorkPlanStatus(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ON_TRACK = "on_track", _("On track")
        DELAYED = "delayed", _("Delayed")
        DONE = "done", pgettext_lazy("work-plan status", "Done")

    #: A letter shown with each status's colour, so colour is never the only sign.
    LETTERS = {"planned": "P", "on_track": "T", "delayed": "D", "done": "✓"}

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="work_plan_statuses"
    )
    sub_activity = models.ForeignKey(
        SubActivity,
        verbose_name=_("sub-activity"),
        on_delete=models.PROTECT,
        related_name="statuses",
    )
    semester = models.ForeignKey(
        Semester, verbose_name=_("semester"), on_delete=models.PROTECT, related_name="+"
    )
    #: None: the status of the whole programme (set by the PMU).
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    comment = models.TextField(_("comment"), blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("set by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
    )
    set_at = models.DateTimeField(_("set at"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("work-plan status")
        verbose_name_plural = _("work-plan statuses")
        constraints = [
            models.UniqueConstraint(
                fields=["sub_activity", "semester", "country"],
                condition=Q(country__isnull=False),
                name="unique_work_plan_status_per_country",
            ),
            models.UniqueConstraint(
                fields=["sub_activity", "semester"],
                condition=Q(country__isnull=True),
                name="unique_work_plan_status_programme_wide",
            ),
            models.CheckConstraint(
                condition=~Q(status="delayed") | ~Q(comment=""),
                name="work_plan_delay_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["programme", "status"], name="monitoring_wps_status")]

    def __str__(self) -> str:
        return f"{self.sub_activity_id}/{self.semester_id}/{self.country_id}: {self.status}"

    @property
    def letter(self) -> str:
        return self.LETTERS.get(self.status, "?")


class RiskReview(models.Model):
    """One dated review of a risk. Reviews are appended, never changed: the list of a
    risk's reviews is its dated history."""

    class Status(models.TextChoices):
        # The document's own values for a risk's status.
        NO_CHANGE = "no_change", _("No change")
        REDUCING = "reducing", _("Reducing")
        INCREASING = "increasing", _("Increasing")
        DEAD = "dead", _("Dead")

    risk = models.ForeignKey(
        Risk, verbose_name=_("risk"), on_delete=models.PROTECT, related_name="reviews"
    )
    reviewed_on = models.DateField(_("date of the review"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    probability = models.PositiveSmallIntegerField(_("probability"), validators=Risk.SCALE)
    impact = models.PositiveSmallIntegerField(_("impact"), validators=Risk.SCALE)
    countermeasures = models.TextField(
        _("countermeasures / management response"),
        blank=True,
        help_text=_("Leave empty to keep the countermeasures as they stand."),
    )
    owner = models.CharField(_("owner"), max_length=200, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("risk review")
        verbose_name_plural = _("risk reviews")
        ordering = ["risk", "-reviewed_on", "-pk"]
        indexes = [
            # The latest review of a risk on a date: one index seek per risk.
            models.Index(fields=["risk", "reviewed_on", "id"], name="monitoring_review_latest"),
            models.Index(fields=["reviewed_on"], name="monitoring_review_day"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(probability__range=(1, 5)), name="risk_review_probability_1_to_5"
            ),
            models.CheckConstraint(
                condition=Q(impact__range=(1, 5)), name="risk_review_impact_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.risk_id} {self.reviewed_on}: {self.status}"

    @property
    def score(self) -> int:
        return self.probability * self.impact


class Issue(models.Model):
    class Type(models.TextChoices):
        REQUEST_FOR_CHANGE = "request_for_change", _("Request for change")
        PROBLEM = "problem", _("Problem or concern")
        GENERAL = "general", _("General issue")

    class Priority(models.TextChoices):
        HIGH = "high", _("High")
        MEDIUM = "medium", _("Medium")
        LOW = "low", _("Low")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        RESOLVED = "resolved", _("Resolved")
        CLOSED = "closed", _("Closed")

    #: Statuses that need a resolution.
    SETTLED = (Status.RESOLVED, Status.CLOSED)

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="issues")
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    type = models.CharField(_("type"), max_length=30, choices=Type.choices)
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    owner_role = models.CharField(
        _("owner (role)"),
        max_length=200,
        blank=True,
        help_text=_("Who owns the issue when it is not one person, e.g. “Programme Manager”."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    resolution = models.TextField(_("resolution"), blank=True)
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    output = models.ForeignKey(
        Output,
        verbose_name=_("related output"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("raised by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
    )
    raised_on = models.DateField(_("raised on"))
    settled_on = models.DateField(_("resolved on"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("issue")
        verbose_name_plural = _("issues")
        ordering = ["programme", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="unique_issue_number"),
            models.CheckConstraint(
                condition=~Q(status__in=["resolved", "closed"]) | ~Q(resolution=""),
                name="issue_settled_has_resolution",
            ),
        ]
        indexes = [
            models.Index(fields=["programme", "status", "priority"], name="monitoring_issue_list"),
            models.Index(fields=["programme", "raised_on"], name="monitoring_issue_raised"),
        ]

    def __str__(self) -> str:
        return f"#{self.number} {self.title}"

    @property
    def owner_name(self) -> str:
        if self.owner_id and self.owner is not None:
            return str(getattr(self.owner, "full_name", "") or self.owner)
        return self.owner_role


class Lesson(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="lessons")
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("lesson"))
    outputs = models.ManyToManyField(
        Output, verbose_name=_("outputs"), related_name="lessons", blank=True
    )
    countries = models.ManyToManyField(
        Country, verbose_name=_("countries"), related_name="lessons", blank=True
    )
    #: A hook for what later apps record (an initiative, a training, a network meeting):
    #: "<app label>.<model>:<key>", e.g. "initiatives.initiative:42". Kept as text so this
    #: app does not depend on apps written after it; those apps read it back.
    subject = models.CharField(
        _("subject"),
        max_length=120,
        blank=True,
        help_text=_("What the lesson is about, as “app.record:key” (e.g. an initiative)."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
    )
    recorded_on = models.DateField(_("recorded on"))
    updated_at = models.DateTimeField(_("updated at"))
    history = HistoricalRecords(m2m_fields=[outputs, countries])

    class Meta:
        verbose_name = _("lesson learnt")
        verbose_name_plural = _("lessons learnt")
        ordering = ["programme", "-recorded_on", "-pk"]
        indexes = [
            models.Index(fields=["programme", "recorded_on"], name="monitoring_lesson_day"),
            models.Index(fields=["subject"], name="monitoring_lesson_subject"),
        ]

    def __str__(self) -> str:
        return self.title


class ScheduledEvent(models.Model):
    """One due date of a monitoring item (`programmes.monitoring.occurrences`)."""

    class Status(models.TextChoices):
        UPCOMING = "upcoming", _("Upcoming")
        DUE = "due", _("Due")
        DONE = "done", pgettext_lazy("monitoring event", "Done")
        OVERDUE = "overdue", _("Overdue")

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="scheduled_events"
    )
    item = models.ForeignKey(
        MonitoringItem, verbose_name=_("monitoring item"), on_delete=models.PROTECT
    )
    due = models.DateField(_("due"))
    period_start = models.DateField(_("period start"), null=True, blank=True)
    period_end = models.DateField(_("period end"), null=True, blank=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("monitoring event")
        verbose_name_plural = _("monitoring events")
        ordering = ["programme", "due", "item__order"]
        constraints = [
            models.UniqueConstraint(fields=["item", "due"], name="unique_event_per_due_date")
        ]
        indexes = [models.Index(fields=["programme", "due"], name="monitoring_event_due")]

    def __str__(self) -> str:
        return f"{self.item_id} {self.due}"

    def status_on(self, day: dt.date) -> str:
        if self.done_at is not None:
            return self.Status.DONE
        if self.due < day:
            return self.Status.OVERDUE
        if (self.due - day).days <= REMINDER_DAYS:
            return self.Status.DUE
        return self.Status.UPCOMING

    def status_label_on(self, day: dt.date) -> str:
        return str(self.Status(self.status_on(day)).label)


class ReminderSent(models.Model):
    """A reminder e-mailed for an event, so that each is sent once."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("Due soon")
        OVERDUE = "overdue", _("Overdue")

    event = models.ForeignKey(ScheduledEvent, on_delete=models.CASCADE, related_name="reminders")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    sent_at = models.DateTimeField()

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "recipient", "kind"], name="unique_reminder_per_recipient"
            )
        ]

    def __str__(self) -> str:
        return f"{self.event_id} {self.recipient_id} {self.kind}"


class QualityAssessment(models.Model):
    class Rating(models.TextChoices):
        SATISFACTORY = "satisfactory", _("Satisfactory")
        PARTLY = "partly", _("Partly satisfactory")
        NOT = "not", _("Not satisfactory")

    output = models.ForeignKey(
        Output,
        verbose_name=_("output"),
        on_delete=models.PROTECT,
        related_name="quality_assessments",
    )
    quarter = models.CharField(_("quarter"), max_length=7, help_text=_("For example 2014-Q2."))
    rating = models.CharField(_("rating"), max_length=20, choices=Rating.choices)
    findings = models.TextField(_("findings"))
    recommended_actions = models.TextField(_("recommended actions"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessed by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
    )
    assessed_on = models.DateField(_("assessed on"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quality assessment")
        verbose_name_plural = _("quality assessments")
        ordering = ["-quarter", "output__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["output", "quarter"], name="unique_assessment_per_output_quarter"
            )
        ]

    def __str__(self) -> str:
        return f"{self.output_id} {self.quarter}"


__all__ = [
    "REMINDER_DAYS",
    "Issue",
    "Lesson",
    "QualityAssessment",
    "ReminderSent",
    "RiskReview",
    "ScheduledEvent",
    "WorkPlanStatus",
]
