"""The calendar of international, regional and national events for local authorities
(Activity 3.3), the PMU's participation in them (indicator 3.I6), the members' interest
and, once an event is over, its outcome.

An event keeps its title and summary in its own language (`language`), with optional
translations in `translations` ({"fr": {"title": ..., "summary": ...}}). It lasts whole
days (start and end dates) or, with times, runs in its own time zone (an IANA name). A
member's proposal is an event with the status "proposed" until the PMU confirms it; only
the events past that stage are published.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from functools import cache
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords


def country_name(code: str) -> str:
    return str(countries.name(code)) if code else ""


@cache
def timezone_names() -> tuple[str, ...]:
    return tuple(sorted(zoneinfo.available_timezones() - {"localtime"}))


class Kind(models.TextChoices):
    CONFERENCE = "conference", _("Conference")
    FORUM = "forum", _("Forum")
    WORKSHOP = "workshop", _("Workshop")
    WEBINAR = "webinar", _("Webinar")
    TRAINING = "training", _("Training")
    SIDE_EVENT = "side_event", _("Side event")


class Scope(models.TextChoices):
    INTERNATIONAL = "international", _("International")
    REGIONAL = "regional", _("Regional")
    NATIONAL = "national", _("National")


class Status(models.TextChoices):
    PROPOSED = "proposed", _("Proposed by a member")
    PLANNED = "planned", _("Planned")
    CONFIRMED = "confirmed", _("Confirmed")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


#: Statuses of the events everyone sees (a proposal waits for the PMU).
PUBLISHED = (Status.PLANNED, Status.CONFIRMED, Status.HELD, Status.CANCELLED)


class Event(models.Model):
    title = models.CharField(_("title"), max_length=255)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    language = models.CharField(
        _("language of the title"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    #: {"fr": {"title": "...", "summary": "..."}, ...}
    translations = models.JSONField(_("translations"), default=dict, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    scope = models.CharField(_("scope"), max_length=16, choices=Scope.choices)
    organiser = models.CharField(_("organiser"), max_length=255)
    organisation = models.ForeignKey(
        "directory.Organisation",
        verbose_name=_("organiser in the registry"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        default="UTC",
        help_text=_("Where the times are read, for example Europe/Brussels."),
    )
    city = models.CharField(_("city"), max_length=120, blank=True)
    country = CountryField(_("country"), blank=True)
    online = models.BooleanField(_("online"), default=False)
    online_url = models.URLField(_("link to join online"), blank=True)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    #: Language codes (en, fr, es, ar, …) the event works in.
    languages = models.JSONField(_("languages of the event"), default=list, blank=True)
    targets_local_authorities = models.BooleanField(_("targets local authorities"), default=False)
    local_dimension = models.BooleanField(
        _("includes the local dimension of migration and development"), default=False
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PLANNED
    )
    #: Kept up to date by the services: the list shows it without counting rows.
    interest_count = models.PositiveIntegerField(_("registrations of interest"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["interest_count", "updated_at"])

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [
            models.Index(fields=["status", "end_date"]),
            models.Index(fields=["start_date"]),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The event cannot end before it starts.")
        if (self.start_time is None) != (self.end_time is None):
            errors["end_time"] = _("Give both the start and the end time, or neither.")
        elif (
            self.start_time
            and self.end_time
            and self.start_date == self.end_date
            and self.end_time <= self.start_time
        ):
            errors["end_time"] = _("On a one-day event, the end time comes after the start.")
        if self.timezone not in timezone_names():
            errors["timezone"] = _("Choose a time zone of the list, for example Africa/Dakar.")
        if self.online and not self.online_url:
            errors["online_url"] = _("Give the link people join the online event with.")
        if not self.online and not (self.city and self.country):
            errors["city"] = _("Give the city and the country, or mark the event as online.")
        if errors:
            raise ValidationError(errors)

    # --- Language -----------------------------------------------------------------------

    def _translated(self, field: str) -> str:
        language = (translation.get_language() or "en").split("-")[0]
        if language != self.language:
            text = (self.translations.get(language) or {}).get(field)
            if text:
                return str(text)
        return str(getattr(self, field))

    @property
    def localized_language(self) -> str:
        """The language of the title shown (a translation's, or the event's own)."""
        language = (translation.get_language() or "en").split("-")[0]
        if language != self.language and (self.translations.get(language) or {}).get("title"):
            return language
        return self.language

    @property
    def localized_title(self) -> str:
        return self._translated("title")

    @property
    def localized_summary(self) -> str:
        return self._translated("summary")

    # --- Time ---------------------------------------------------------------------------

    @property
    def all_day(self) -> bool:
        return self.start_time is None

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def starts_at(self) -> dt.datetime | None:
        if self.start_time is None:
            return None
        return dt.datetime.combine(self.start_date, self.start_time, tzinfo=self.tz)

    @property
    def ends_at(self) -> dt.datetime | None:
        if self.end_time is None:
            return None
        return dt.datetime.combine(self.end_date, self.end_time, tzinfo=self.tz)

    @property
    def is_published(self) -> bool:
        return self.status in PUBLISHED

    def is_over(self, today: dt.date) -> bool:
        return self.end_date < today

    @property
    def place(self) -> str:
        if self.online and not self.city:
            return str(_("Online"))
        parts = [self.city, country_name(str(self.country))]
        text = ", ".join(p for p in parts if p)
        return f"{text} · {_('online')}" if self.online else text


class EventParticipation(models.Model):
    """Someone who took part for the programme: a PMU officer (an account) or a JMDI
    representative named in full (indicator 3.I6)."""

    class Role(models.TextChoices):
        SPEAKER = "speaker", _("Speaker")
        PANELLIST = "panellist", _("Panellist")
        ORGANISER = "organiser", _("Organiser")
        ATTENDEE = "attendee", _("Attendee")
        EXHIBITOR = "exhibitor", _("Exhibitor")

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="participations"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("PMU officer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    name = models.CharField(_("representative's name"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("participation of the programme")
        verbose_name_plural = _("participations of the programme")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.get_role_display()})"

    @property
    def display_name(self) -> str:
        if self.person_id is not None and self.person is not None:
            return str(self.person.full_name or self.person.email)
        return self.name


class Interest(models.Model):
    """A member's registration of interest; withdrawing deletes it (personal data)."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="interests"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="event_interests",
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("registration of interest")
        verbose_name_plural = _("registrations of interest")
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="events_one_interest_each")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.event_id}"


class Outcome(models.Model):
    """What the event gave, recorded by the PMU once it is over."""

    event = models.OneToOneField(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="outcome"
    )
    summary = models.TextField(_("outcome"))
    participants = models.PositiveIntegerField(_("number of participants"), null=True, blank=True)
    local_authorities = models.PositiveIntegerField(
        _("local authorities present"), null=True, blank=True
    )
    follow_up = models.TextField(_("follow-up actions"), blank=True)
    documents_url = models.URLField(_("link to the documents"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("outcome of an event")
        verbose_name_plural = _("outcomes of events")

    def __str__(self) -> str:
        return str(self.event)
