"""What the events plug into the platform: the PMU's inbox, the measures of 3.I6 and 3.I7,
a member's data, the tab, the demo and the synthetic data."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jmdi.community.models import Activity, Member
from jmdi.core.measures import Cell, Period, Scope
from jmdi.core.plugins import DemoContext, GeneratorContext, net_sections
from jmdi.events import demo, inbox, selectors, services
from jmdi.events.measures import LOCAL_DIMENSION_EVENTS, PMU_PARTICIPATIONS
from jmdi.events.models import Event, EventParticipation, Interest, Outcome, Status
from jmdi.events.plugin import PLUGIN
from jmdi.events.tests.factories import event, past

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("programme_once_per_module")]


def _source(kind):
    return next(s for s in inbox.SOURCES if s.kind == kind)


def test_an_event_over_without_outcome_waits_in_the_pmus_inbox(pmu, member):
    source = _source("events.outcomes")
    over = past(title="Forum to report", status=Status.CONFIRMED)
    past(title="Cancelled one", status=Status.CANCELLED)
    event(title="Coming one")
    assert source.concerns(pmu)
    assert not source.concerns(member)
    assert source.count(pmu) == 1
    [item] = source.items(pmu, 10)
    assert item.title == "Forum to report"
    assert item.url.endswith(f"/{over.pk}/outcome/")
    services.record_outcome(actor=pmu, event=over, data={"summary": "Done."})
    assert source.count(pmu) == 0
    over.refresh_from_db()
    assert over.status == Status.HELD


def test_proposals_wait_for_the_pmu(pmu, member):
    source = _source("events.proposals")
    services.propose_event(
        actor=member,
        data={
            "title": "Diaspora fair",
            "kind": "forum",
            "scope": "national",
            "organiser": "Association",
            "start_date": dt.date(2030, 1, 1),
            "end_date": dt.date(2030, 1, 1),
            "city": "Oujda",
            "country": "MA",
        },
    )
    assert source.count(pmu) == 1
    services.confirm_event(actor=pmu, event=Event.objects.get())
    assert source.count(pmu) == 0


def test_services_refuse_and_validate(member, pmu):
    with pytest.raises(PermissionDenied):
        services.create_event(actor=member, data={"title": "x"})
    with pytest.raises(ValidationError) as caught:
        services.create_event(
            actor=pmu,
            data={
                "title": "Bad",
                "kind": "forum",
                "scope": "national",
                "organiser": "X",
                "start_date": dt.date(2030, 1, 2),
                "end_date": dt.date(2030, 1, 1),
                "start_time": dt.time(9),
                "online": True,
                "timezone": "Mars/Olympus",
            },
        )
    assert {"end_date", "end_time", "online_url", "timezone"} <= set(caught.value.error_dict)
    with pytest.raises(ValidationError):
        services.create_event(actor=pmu, data={"secret_field": 1})
    assert not Event.objects.exists()


YEAR = Period("2026", "year", dt.date(2026, 1, 1), dt.date(2026, 12, 31))
PREVIOUS = Period("2025", "year", dt.date(2025, 1, 1), dt.date(2025, 12, 31))


def _scope(**kw):
    return Scope(programme="jmdi-2", periods=(PREVIOUS, YEAR), countries=("MA", "SN"), **kw)


def test_the_measures_count_held_events_and_the_pmus_participations():
    held = past(start_date=dt.date(2026, 3, 1), end_date=dt.date(2026, 3, 2), status=Status.HELD)
    past(
        start_date=dt.date(2025, 3, 1),
        end_date=dt.date(2025, 3, 2),
        status=Status.HELD,
        country="CH",
    )
    past(
        start_date=dt.date(2026, 4, 1),
        end_date=dt.date(2026, 4, 1),
        status=Status.HELD,
        local_dimension=False,
    )
    not_held = past(
        start_date=dt.date(2026, 5, 1), end_date=dt.date(2026, 5, 1), status=Status.CONFIRMED
    )
    for role in ("speaker", "attendee"):
        EventParticipation.objects.create(event=held, name="Someone", role=role)
    EventParticipation.objects.create(event=not_held, name="Someone", role="speaker")
    assert LOCAL_DIMENSION_EVENTS.available()
    values = LOCAL_DIMENSION_EVENTS.values(_scope())
    assert values[Cell(None, "2026")] == Decimal(1)
    assert values[Cell(None, "2025")] == Decimal(1)
    assert LOCAL_DIMENSION_EVENTS.values(_scope(cumulative=True))[Cell(None, "2026")] == 2
    participations = PMU_PARTICIPATIONS.values(_scope())
    assert participations[Cell(None, "2026")] == Decimal(2)
    assert participations[Cell(None, "2025")] == Decimal(0)
    assert PMU_PARTICIPATIONS.records(_scope(), Cell(None, "2026")).count() == 2


def test_a_members_data_holds_their_registrations_and_proposals(member, profile_member):
    found = event(title="Forum", created_by=member)
    services.register_interest(actor=member, event=found)
    services.register_interest(actor=profile_member, event=found)
    data = dict(PLUGIN.member_data)["events"](member)
    assert [r["event"] for r in data["registrations_of_interest"]] == ["Forum"]
    assert [e["title"] for e in data["events_proposed_or_created"]] == ["Forum"]
    assert selectors.member_data(profile_member)["events_proposed_or_created"] == []


def test_the_events_tab_of_the_net():
    entry = next(e for e in net_sections() if str(e.label) == "Events")
    assert entry.order == 50
    assert entry.url() == "/net/events/"


def test_the_demo_makes_a_lively_calendar_once(pmu):
    context = DemoContext(password="correct-horse-battery", say=lambda _line: None)
    demo.demo_step(context)
    counts = (Event.objects.count(), Interest.objects.count(), Outcome.objects.count())
    demo.demo_step(context)
    assert counts == (Event.objects.count(), Interest.objects.count(), Outcome.objects.count())
    assert 15 <= counts[0] <= 20
    assert Member.objects.count() >= 6
    assert Event.objects.filter(status=Status.PROPOSED).count() == 1
    assert EventParticipation.objects.filter(person=pmu).exists()
    assert {e.start_date.year for e in Event.objects.all()} == {2013, 2014, 2026, 2027}
    uclg = Event.objects.get(title__startswith="UCLG World Congress")
    assert uclg in list(selectors.outcome_missing(dt.date(2026, 12, 3)))
    # Registrations went through the service: counted, and recorded as activity.
    if counts[1]:
        assert Activity.objects.filter(kind="event_interest").count() == counts[1]
        assert sum(Event.objects.values_list("interest_count", flat=True)) == counts[1]


def test_the_generator_writes_its_size_once():
    context = GeneratorContext(
        scale="small", rng=random.Random(1), progress=lambda _l: None, sizes={"events": 60}
    )
    demo.generator_step(context)
    demo.generator_step(context)
    assert Event.objects.count() == 60
    assert context.counts["events"] == 60
    assert demo.SIZES["large"]["events"] == 10_000
    assert EventParticipation.objects.filter(event__status=Status.HELD).count() == (
        EventParticipation.objects.count()
    )


def test_the_benchmark_pages_open(client):
    pages = {p.name: p for p in PLUGIN.benchmark_pages}
    assert pages["events-calendar"].default
    assert pages["event"].default
    found = event()
    assert pages["event"].path() == f"/net/events/{found.pk}/"
    assert client.get(pages["events-calendar"].path()).status_code == 200
