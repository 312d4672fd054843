"""Values computed from known records, checked against figures computed by hand:
a cumulative indicator beside a per-period one over three quarters, a per-country
target, manual values (approved only), a pending measure that says what it needs."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jmdi.programmes.models import Indicator
from jmdi.results import services
from jmdi.results.models import ActivityFact, FactDay, FactSubject, ManualValue
from jmdi.results.periods import period_of
from jmdi.results.services import Fact
from jmdi.results.values import MANUAL, MEASURE, PENDING, indicator_values

pytestmark = pytest.mark.django_db

Q = ["2014-Q1", "2014-Q2", "2014-Q3"]
DAYS = {"2014-Q1": date(2014, 2, 10), "2014-Q2": date(2014, 5, 5), "2014-Q3": date(2014, 8, 20)}


def attend(programme, country, quarter, subject, sex="female"):
    services.record_fact(
        programme=programme,
        country=country,
        day=DAYS[quarter],
        kind=ActivityFact.Kind.ATTENDANCE,
        subject=subject,
        sex=sex,
        stakeholder_type="local_authority",
    )


@pytest.fixture
def known(programme):
    """MA: A in Q1 and Q2 (twice in Q2), B in Q2, C in Q3; SN: D in Q1, A in Q3."""
    attend(programme, "MA", "2014-Q1", "A")
    attend(programme, "MA", "2014-Q2", "A")
    attend(programme, "MA", "2014-Q2", "A")
    attend(programme, "MA", "2014-Q2", "B", sex="male")
    attend(programme, "MA", "2014-Q3", "C")
    attend(programme, "SN", "2014-Q1", "D", sex="male")
    attend(programme, "SN", "2014-Q3", "A")
    cumulative = Indicator.objects.get(output__programme=programme, code="2.I1")
    per_period = Indicator.objects.get(output__programme=programme, code="2.I2")
    per_period.measure, per_period.cumulative = "results.participants", False
    per_period.save()
    return cumulative, per_period


def periods(programme):
    return [period_of(programme, code) for code in Q]


def grid(result, countries):
    return {
        country: [result.cell(country, code).value for code in Q] for country in [*countries, None]
    }


def test_cumulative_counts_each_participant_once_and_per_period_counts_the_period(programme, known):
    cumulative, per_period = known
    values = indicator_values(programme, [cumulative, per_period], periods(programme), ["MA", "SN"])
    # By hand: cumulative MA = {A}, {A,B}, {A,B,C}; SN = {D}, {D}, {D,A};
    # the whole programme = {A,D}, {A,B,D}, {A,B,C,D} (A once, though in two countries).
    assert grid(values[cumulative.pk], ["MA", "SN"]) == {
        "MA": [1, 2, 3],
        "SN": [1, 1, 2],
        None: [2, 3, 4],
    }
    # Per period: MA = {A}, {A,B}, {C}; SN = {D}, {}, {A}; programme = {A,D}, {A,B}, {C,A}.
    assert grid(values[per_period.pk], ["MA", "SN"]) == {
        "MA": [1, 2, 1],
        "SN": [1, 0, 1],
        None: [2, 2, 2],
    }
    # The cumulative value is not the sum of the per-period ones (1 + 2 + 1 = 4 for MA).
    assert values[cumulative.pk].source == MEASURE


def test_the_per_country_target_and_progress(programme, known):
    cumulative, _ = known
    cell = indicator_values(programme, [cumulative], periods(programme), ["MA"])[
        cumulative.pk
    ].cell("MA", "2014-Q3")
    assert (cell.value, cell.target, cell.progress) == (3, Decimal(50), Decimal(6))  # 3 / 50
    whole = indicator_values(programme, [cumulative], periods(programme), ["MA"])[
        cumulative.pk
    ].cell(None, "2014-Q3")
    assert whole.target is None  # the document gives 50 per country, no programme figure


def test_split_by_sex(programme, known):
    cumulative, _ = known
    values = indicator_values(
        programme, [cumulative], periods(programme), ["MA", "SN"], split="sex"
    )
    result = values[cumulative.pk]
    assert result.cell("MA", "2014-Q3", "female").value == 2  # A, C
    assert result.cell("MA", "2014-Q3", "male").value == 1  # B
    assert result.cell(None, "2014-Q3", "male").value == 2  # B, D


def test_the_stored_subjects_agree_with_a_fresh_count_from_the_facts(programme, known):
    def stored():
        return (
            set(FactSubject.objects.values_list("kind", "country", "subject", "first_day")),
            {
                row
                for row in FactDay.objects.values_list("kind", "country", "day", "subjects")
                if row[3]
            },
        )

    before = stored()
    services.rebuild_fact_subjects(programme=programme)
    assert stored() == before
    # A fact written before a subject's first day moves it earlier.
    services.record_fact(
        programme=programme,
        country="MA",
        day=date(2013, 12, 1),
        kind="attendance",
        subject="C",
    )
    assert FactSubject.objects.get(country="MA", subject="C").first_day == date(2013, 12, 1)
    moved = stored()
    # C no longer counts as first seen in Q3 in Morocco, but in December 2013.
    assert not FactDay.objects.filter(country="MA", day=DAYS["2014-Q3"], subjects__gt=0).exists()
    assert FactDay.objects.get(country="MA", day=date(2013, 12, 1)).subjects == 1
    services.rebuild_fact_subjects(programme=programme)
    assert stored() == moved


def manual(indicator, country, period, value, status=ManualValue.Status.APPROVED):
    return ManualValue.objects.create(
        indicator=indicator,
        country=country,
        period=period,
        value=Decimal(value),
        status=status,
        evidence_link="https://example.org/evidence",
    )


def test_manual_values_count_when_approved_only(programme):
    plans = Indicator.objects.get(output__programme=programme, code="2.I3")  # cumulative
    manual(plans, "MA", "2014-Q1", 2)
    manual(plans, "MA", "2014-Q2", 1)
    manual(plans, "MA", "2014-Q3", 5, ManualValue.Status.SUBMITTED)
    manual(plans, "SN", "2014-Q3", 4, ManualValue.Status.RETURNED)
    manual(plans, "SN", "2014-Q2", 3)
    result = indicator_values(programme, [plans], periods(programme), ["MA", "SN"])[plans.pk]
    assert result.source == MANUAL
    assert grid(result, ["MA", "SN"]) == {
        "MA": [2, 3, 3],  # 2, 2+1, and the submitted 5 does not count
        "SN": [None, 3, 3],  # nothing entered for Q1 is no value, not a zero
        None: [2, 6, 6],
    }
    yearly = indicator_values(programme, [plans], [period_of(programme, "2014")], ["MA"])
    assert yearly[plans.pk].cell("MA", "2014").value == 3


def test_a_pending_measure_says_what_it_needs_never_zero(programme):
    coached = Indicator.objects.get(output__programme=programme, code="1.I6")
    result = indicator_values(programme, [coached], periods(programme), ["MA"])[coached.pk]
    assert result.source == PENDING
    assert result.cell("MA", "2014-Q1").value is None
    assert result.needs == "Computed once training and coaching are recorded."


def bulk(programme, count, offset=0):
    countries = ["CR", "SV", "EC", "MA", "TN", "SN", "PH", "NP"]
    services.record_facts(
        programme=programme,
        facts=[
            Fact(
                country=countries[i % 8],
                day=date(2013, 1, 1).fromordinal(date(2013, 1, 1).toordinal() + i % 900),
                kind="attendance",
                subject=f"s{(i + offset) % (count // 3 + 1)}",
            )
            for i in range(count)
        ],
    )


def queries_for(programme):
    indicators = list(Indicator.objects.filter(output__programme=programme))
    countries = ["CR", "SV", "EC", "MA", "TN", "SN", "PH", "NP"]
    columns = periods(programme)
    with CaptureQueriesContext(connection) as captured:
        indicator_values(programme, indicators, columns, countries)
    return len(captured)


def test_the_number_of_queries_does_not_grow_with_the_data(programme):
    bulk(programme, 200)
    plans = Indicator.objects.get(output__programme=programme, code="2.I3")
    manual(plans, "MA", "2014-Q1", 2)
    small = queries_for(programme)
    bulk(programme, 2000, offset=7)
    for country in ["SN", "TN", "PH", "NP", "EC"]:
        for quarter in Q:
            manual(plans, country, quarter, 1)
    assert queries_for(programme) == small
    # The attendance measure: is it available, then one GROUP BY for every country and the
    # whole programme; then the manual values (3). Output 1's three follow-up measures
    # (projects meeting their targets, reports reviewed, plans reported on) each ask
    # whether they have any record, and have none here (3); so do the M4D Net's six
    # (3.I2 to 3.I7: messages, active local authorities, new content, knowledge products,
    # the PMU's participations, events with the local dimension) (6).
    assert small == 12
