"""The governance section of the reports, and the demo's committees."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from jmdi.core.measures import Period
from jmdi.core.reports import ReportContext
from jmdi.governance import services
from jmdi.governance.models import Decision, Meeting
from jmdi.governance.reports import decisions_section
from jmdi.governance.tests.helpers import approve, meeting

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("programme_once_per_module")]

Q2 = Period("2014-Q2", "quarter", dt.date(2014, 4, 1), dt.date(2014, 6, 30))


def _context(as_of=dt.date(2014, 7, 15)):
    return ReportContext("jmdi-2", "quarterly", Q2, as_of, "en")


def _numbers(section):
    return [row[0].text.strip("\u2066\u2069") for row in section.blocks[1].rows]


def test_the_section_lists_the_periods_approved_decisions_only(pmu):
    earlier = meeting(pmu, date=dt.date(2014, 1, 10))
    services.record_decision(actor=pmu, meeting=earlier, text="Before the period.")
    approve(pmu, earlier)
    held = meeting(pmu, date=dt.date(2014, 5, 22))
    services.record_decision(actor=pmu, meeting=held, text="In the period.")
    approve(pmu, held)
    draft = meeting(pmu, date=dt.date(2014, 6, 2))
    services.record_decision(actor=pmu, meeting=draft, text="Minutes still a draft.")
    Meeting.objects.filter(pk=held.pk).update(
        minutes_approved_at=timezone.make_aware(dt.datetime(2014, 6, 12, 12))
    )
    assert _numbers(decisions_section(_context())) == ["SC-2014-02"]
    # As of a date before the minutes were approved, the decision is not yet taken.
    assert _numbers(decisions_section(_context(as_of=dt.date(2014, 6, 1)))) == []


def test_the_demo_records_three_approved_meetings_and_a_superseded_decision(pmu):
    from jmdi.core.plugins import DemoContext
    from jmdi.governance.demo import demo_step

    said: list[str] = []
    demo_step(DemoContext(password="x", say=said.append))
    assert Meeting.objects.filter(minutes_status="approved").count() == 3
    assert {m.body.code for m in Meeting.objects.all()} == {
        "steering_committee",
        "technical_committee",
    }
    superseded = Decision.objects.get(number="SC-2013-03")
    assert superseded.superseded_by.number == "SC-2014-01"
    assert all(m.date.year in (2013, 2014) for m in Meeting.objects.all())
    # The demo's report of 2014-Q2 carries the decision of the May 2014 meeting.
    assert _numbers(decisions_section(_context())) == ["SC-2014-01"]
    demo_step(DemoContext(password="x", say=said.append))  # a second run adds nothing
    assert Meeting.objects.count() == 3
