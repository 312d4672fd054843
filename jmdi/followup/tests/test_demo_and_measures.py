"""The demo (idempotent, every stage shown, the grantee login's initiative as promised)
and the measures of indicators 1.I1 to 1.I3."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from jmdi.core.measures import Cell, Period, Scope
from jmdi.core.plugins import DemoContext
from jmdi.followup import demo, services
from jmdi.followup.measures import (
    MONITORING_PLANS_REPORTED,
    PROJECTS_MEETING_TARGETS,
    REPORTS_REVIEWED,
)
from jmdi.followup.models import (
    Assessment,
    IndicatorValue,
    MonitoringPlan,
    ProgressReport,
    Visit,
)
from jmdi.followup.tests.factories import followed_initiative, grantee_org, submitted
from jmdi.monitoring.models import Lesson

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("programme_once_per_module")]


def test_the_demo_follows_selected_initiatives_once(pmu, grantee, focal_ma, focal_sn):
    ours = followed_initiative(organisation=grantee_org(grantee), status="selected")
    others = [followed_initiative(country=c, status="funded") for c in ("MA", "SN", "MA", "SN")]
    followed_initiative(status="mapped")  # not followed
    context = DemoContext(password="x", say=lambda _line: None)
    demo.demo_step(context)
    counts = (
        MonitoringPlan.objects.count(),
        ProgressReport.objects.count(),
        Visit.objects.count(),
        Lesson.objects.count(),
        IndicatorValue.objects.count(),
    )
    demo.demo_step(context)
    assert counts == (
        MonitoringPlan.objects.count(),
        ProgressReport.objects.count(),
        Visit.objects.count(),
        Lesson.objects.count(),
        IndicatorValue.objects.count(),
    )
    assert counts[0] == 5
    assert all(3 <= p.indicators.count() <= 4 for p in MonitoringPlan.objects.all())
    assert Assessment.objects.count() == 1
    assert Lesson.objects.filter(subject__startswith="followup.").count() == 2
    mine = list(ProgressReport.objects.filter(initiative=ours).order_by("period__number")[:3])
    assert [r.status for r in mine] == ["approved", "draft", "draft"]
    assert mine[1].achievements == ""
    assert mine[2].achievements != ""
    assert mine[1].period.due < demo.DEMO_TODAY < mine[2].period.due
    statuses = set(ProgressReport.objects.values_list("status", flat=True))
    assert {"approved", "submitted", "focal_approved", "returned", "draft"} <= statuses
    assert len(others) == 4


def test_the_demo_does_nothing_without_followed_initiatives(pmu):
    followed_initiative(status="mapped")
    demo.demo_step(DemoContext(password="x", say=lambda _line: None))
    assert not MonitoringPlan.objects.exists()


YEAR_2014 = Period("2014", "year", dt.date(2014, 1, 1), dt.date(2014, 12, 31))
YEAR_2013 = Period("2013", "year", dt.date(2013, 1, 1), dt.date(2013, 12, 31))


def _scope(**kw):
    return Scope(programme="jmdi-2", periods=(YEAR_2013, YEAR_2014), countries=("MA", "SN"), **kw)


def test_the_measures_count_reports_approved_plans_reported_and_projects_meeting_targets(
    world, pmu, grantee, focal_ma, focal_sn, django_assert_max_num_queries
):
    # Ours: two indicators, both at target after the second report; SN: one, below.
    advised = services.add_indicator(
        actor=pmu, initiative=world.ours, name="Advised", unit="people",
        baseline=Decimal(0), target=Decimal(100),
    )  # fmt: skip
    days = services.add_indicator(
        actor=pmu, initiative=world.ours, name="Days", unit="days",
        baseline=Decimal(45), target=Decimal(20), direction="decrease",
    )  # fmt: skip
    sn_indicator = services.add_indicator(
        actor=pmu, initiative=world.sn, name="Fair visitors", unit="people",
        baseline=Decimal(0), target=Decimal(500),
    )  # fmt: skip
    services.add_indicator(
        actor=pmu, initiative=world.other_ma, name="Loans", unit="loans",
        baseline=Decimal(0), target=Decimal(5),
    )  # fmt: skip
    first, second = world.reports["ours"][:2]
    services.save_report(
        actor=grantee, report=first, achievements="a", difficulties="", next_steps="",
        amounts={}, values={advised.pk: Decimal(100), days.pk: Decimal(25)},
    )  # fmt: skip
    services.submit_report(actor=grantee, report=first)
    services.review_report(actor=focal_ma, report=first, decision="approve")
    services.review_report(actor=pmu, report=first, decision="approve")
    services.save_report(
        actor=grantee, report=second, achievements="b", difficulties="", next_steps="",
        amounts={}, values={days.pk: Decimal(20)},
    )  # fmt: skip
    services.submit_report(actor=grantee, report=second)
    services.record_visit(
        actor=focal_sn, initiative=world.sn, visited_on=dt.date(2014, 3, 1),
        participants="x", findings="y", values={sn_indicator.pk: Decimal(300)},
    )  # fmt: skip
    with django_assert_max_num_queries(2):
        meeting = PROJECTS_MEETING_TARGETS.values(_scope())
    # By end 2013 no value (first period ends 31 Dec 2013: days 25 > 20, not met); by end
    # 2014 ours meets both (advised 100 ≥ 100, days 20 ≤ 20); SN 300 < 500.
    assert meeting[Cell("MA", "2013")] == 0
    assert meeting[Cell("MA", "2014")] == 1
    assert meeting[Cell("SN", "2014")] == 0
    assert meeting[Cell(None, "2014")] == 1
    plans = MONITORING_PLANS_REPORTED.values(_scope(cumulative=True))
    # Ours reported on at end 2013 and 2014 (counted once); SN by its visit in 2014; the
    # Nador plan has no value.
    assert plans[Cell("MA", "2013")] == 1
    assert plans[Cell("MA", "2014")] == 1
    assert plans[Cell("SN", "2014")] == 1
    assert plans[Cell(None, "2014")] == 2
    records = PROJECTS_MEETING_TARGETS.records(_scope(viewer=pmu), Cell("MA", "2014"))
    assert [p.initiative_id for p in records] == [world.ours.pk]
    assert not PROJECTS_MEETING_TARGETS.records(_scope(viewer=focal_sn), Cell("MA", "2014"))


def test_reports_reviewed_counts_only_the_pmus_approvals(world, pmu, grantee, focal_ma):
    report = submitted(world.reports["ours"][0], grantee)
    services.review_report(actor=focal_ma, report=report, decision="approve")
    today = dt.date.today()
    scope = Scope(
        programme="jmdi-2",
        periods=(
            Period(str(today.year), "year", dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)),
        ),
        countries=("MA",),
    )
    assert REPORTS_REVIEWED.values(scope).get(Cell("MA", str(today.year)), 0) == 0
    services.review_report(actor=pmu, report=report, decision="approve")
    assert REPORTS_REVIEWED.values(scope)[Cell("MA", str(today.year))] == 1
