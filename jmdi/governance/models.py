"""The committees at work: their meetings (agenda, attendance, minutes) and numbered decisions.

The committees themselves (members by organisation, posts) are the programme's
`GovernanceBody` records, loaded from the programme file.

A decision links to what it decides through a generic target (content type + object id),
so that a later app (a selection round of the initiatives app) can be decided on without
this app importing it. Once the minutes of its meeting are approved a decision is fixed:
it can only be superseded by a later decision (`supersedes`), never edited; the guard is
in `Decision.save()` and in its queryset, so the services, forms, admin and any direct
save are refused alike.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from jmdi.directory.models import Organisation
from jmdi.programmes.models import GovernanceBody


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")


class Meeting(models.Model):
    body = models.ForeignKey(
        GovernanceBody,
        verbose_name=_("committee"),
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    online = models.BooleanField(_("held online"), default=False)
    minutes = models.TextField(_("minutes"), blank=True)
    minutes_status = models.CharField(
        _("status of the minutes"),
        max_length=20,
        choices=MinutesStatus.choices,
        default=MinutesStatus.DRAFT,
    )
    minutes_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("minutes approved by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    minutes_approved_at = models.DateTimeField(_("minutes approved at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["body", "-date", "-pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [models.Index(fields=["body", "date"])]

    def __str__(self) -> str:
        return f"{self.body} {self.date:%Y-%m-%d}"

    @property
    def approved(self) -> bool:
        return self.minutes_status == MinutesStatus.APPROVED


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="agenda_items")
    order = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(_("title"), max_length=300)
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "order"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "order"], name="unique_agenda_item_order")
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


class Attendance(models.Model):
    """One line of the attendance list: a member organisation of the committee (present,
    absent or represented by someone), or an invited observer."""

    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        ABSENT = "absent", _("Absent")
        REPRESENTED = "represented", _("Represented")
        OBSERVER = "observer", _("Invited observer")

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="attendance")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    status = models.CharField(_("attendance"), max_length=20, choices=Status.choices)
    person = models.CharField(
        _("name"),
        max_length=200,
        blank=True,
        help_text=_("Who attended, who represented the organisation, or the observer's name."),
    )
    observer_affiliation = models.CharField(_("observer's affiliation"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "status", "organisation__name", "person"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "organisation"],
                condition=models.Q(organisation__isnull=False),
                name="unique_attendance_per_organisation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation or self.person}: {self.get_status_display()}"


class DecisionCounter(models.Model):
    """The last number given to a decision of one committee in one year. Locked (SELECT …
    FOR UPDATE) while a number is allocated, so numbers have neither gaps nor duplicates."""

    body = models.ForeignKey(GovernanceBody, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["body", "year"], name="unique_decision_counter")
        ]

    def __str__(self) -> str:
        return f"{self.body_id}-{self.year}: {self.last}"


class DecisionLocked(ValidationError):
    """A decision of approved minutes was about to change."""


def locked_error() -> DecisionLocked:
    return DecisionLocked(
        _(
            "The minutes of this meeting are approved: its decisions cannot be edited. "
            "Record a new decision that supersedes this one."
        ),
        code="locked",
    )


class DecisionQuerySet(models.QuerySet["Decision"]):
    def update(self, **kwargs: Any) -> int:
        if self.filter(meeting__minutes_status=MinutesStatus.APPROVED).exists():
            raise locked_error()
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        if self.filter(meeting__minutes_status=MinutesStatus.APPROVED).exists():
            raise locked_error()
        return super().delete()


class Decision(models.Model):
    body = models.ForeignKey(
        GovernanceBody,
        verbose_name=_("committee"),
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="decisions"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("sequence"))
    number = models.CharField(_("number"), max_length=40, unique=True)
    text = models.TextField(_("decision"))
    # What the decision decides on, when it is a record of the platform (later: a
    # selection round); empty for a decision about the programme as a whole.
    target_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("supersedes"),
        on_delete=models.PROTECT,
        related_name="superseded_by",
        null=True,
        blank=True,
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    history = HistoricalRecords()

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["body", "year", "sequence"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.UniqueConstraint(
                fields=["body", "year", "sequence"], name="unique_decision_sequence"
            )
        ]
        indexes = [models.Index(fields=["year", "sequence"])]

    def __str__(self) -> str:
        return self.number

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The one rule enforced in save(): whatever the way in (service, form, admin,
        # shell), a decision of approved minutes is never written again.
        if self.is_locked():
            raise locked_error()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        if self.is_locked():
            raise locked_error()
        return super().delete(*args, **kwargs)

    def is_locked(self) -> bool:
        """Whether the stored decision belongs to approved minutes (read from the database,
        so a changed `meeting` in memory cannot unlock it)."""
        if self.pk is None:
            return Meeting.objects.filter(
                pk=self.meeting_id, minutes_status=MinutesStatus.APPROVED
            ).exists()
        return Decision.objects.filter(
            pk=self.pk, meeting__minutes_status=MinutesStatus.APPROVED
        ).exists()
