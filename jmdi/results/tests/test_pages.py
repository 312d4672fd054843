"""The dashboard, the drill-down and the report section: constant queries whatever the
data, pages of 50 records, and the report's figures equal to the dashboard's."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jmdi.core.measures import QuerysetMeasure, Scope
from jmdi.core.reports import ReportContext, Table
from jmdi.programmes.models import Indicator
from jmdi.results import services
from jmdi.results.models import ActivityFact, ManualValue
from jmdi.results.periods import period_of
from jmdi.results.reports import results_section
from jmdi.results.selectors import dashboard
from jmdi.results.services import Fact
from jmdi.results.values import indicator_values

pytestmark = pytest.mark.django_db
COUNTRIES = ["CR", "SV", "EC", "MA", "TN", "SN", "PH", "NP"]


def facts(programme, count, start=0):
    services.record_facts(
        programme=programme,
        facts=[
            Fact(
                country=COUNTRIES[i % 8],
                day=date(2013, 1, 1) + timedelta(days=i % 1400),
                kind="attendance",
                subject=f"s{i % (count // 2 + 1)}",
                sex="female" if i % 2 else "male",
            )
            for i in range(start, start + count)
        ],
    )


def values(programme, quarters):
    plans = Indicator.objects.get(output__programme=programme, code="2.I3")
    for country in COUNTRIES:
        for quarter in quarters:
            ManualValue.objects.get_or_create(
                indicator=plans,
                country=country,
                period=quarter,
                defaults={"value": 1, "status": "approved", "evidence_link": "https://e.org"},
            )


def page_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "url", ["/programmes/jmdi-2/dashboard/", "/programmes/jmdi-2/dashboard/?country=MA&period=S4"]
)
def test_the_dashboards_queries_do_not_grow_tenfold(client, programme, url):
    facts(programme, 300)
    values(programme, ["2014-Q1"])
    small = page_queries(client, url)
    facts(programme, 3000, start=300)
    values(
        programme,
        [f"{y}-Q{q}" for y in (2014, 2015) for q in (1, 2, 3, 4)] + ["2016-Q1", "2016-Q2"],
    )
    assert page_queries(client, url) == small


def test_the_drilldown_lists_50_a_page_each_participant_once(client_as, programme):
    facts(programme, 240)  # 121 participants, 15 or 16 a country
    services.record_facts(
        programme=programme,
        facts=[
            Fact(country="MA", day=date(2014, 5, 1), kind="attendance", subject=f"ma{i}")
            for i in range(60)
        ],
    )
    client = client_as("focal_ma")
    url = "/programmes/jmdi-2/dashboard/2.I1/?country=MA&period=2016"
    first = client.get(url).content.decode()
    expected = indicator_values(
        programme,
        [Indicator.objects.get(output__programme=programme, code="2.I1")],
        [period_of(programme, "2016")],
        COUNTRIES,
    )
    total = next(iter(expected.values())).cell("MA", "2016").value
    assert f"{total} participants, each counted once" in first
    assert first.count('<tr><th scope="row"><bdi>') == 50
    second = client.get(url + "&page=2").content.decode()
    assert second.count('<tr><th scope="row"><bdi>') == int(total) - 50
    assert "Page 2 of 2" in second


def test_the_report_section_has_the_dashboards_figures(programme, settings):
    facts(programme, 400)
    values(programme, ["2014-Q1", "2014-Q2"])
    period = period_of(programme, "2014-Q2")
    section = results_section(
        ReportContext(
            programme="jmdi-2", kind="quarterly", period=period, as_of=period.end, language="en"
        )
    )
    assert section is not None
    board = dashboard(programme, None, None, "2014-Q2")
    shown = {}
    for block in board.outputs:
        for row in block.rows:
            shown[row.indicator.code] = row.cells[-1][2]  # the whole-programme column
    reported = {}
    for block in section.blocks:
        if isinstance(block, Table):
            for row in block.rows:
                code = row[0].text.split(" ")[0].strip("\u2066\u2069")
                reported[code] = row[2].text
    assert reported["2.I1"] == shown["2.I1"] != ""
    assert reported["2.I3"] == shown["2.I3"] == "16"  # 8 countries, 2 quarters each
    for code, text in shown.items():
        if text:
            assert reported[code] == text, code


def test_the_documented_example_measure_replaces_the_pending_one(programme):
    """The example of docs/measures.md, as written there."""
    from django.utils.translation import gettext_lazy as _

    from jmdi.results.registry import build_registry, registry

    new_content = QuerysetMeasure(
        name="networks.meetings_organised",
        label=_("Meetings, events and workshops"),
        needs=_("Computed once the meetings of the regional platforms are recorded."),
        queryset=lambda: ActivityFact.objects.filter(kind="meeting"),
        date_field="day",
        country_field="country",
        programme_field="programme__code",
    )
    measures = build_registry([*registry().values(), new_content])
    assert measures["networks.meetings_organised"] is new_content
    services.record_fact(
        programme=programme, country="MA", day=date(2014, 2, 1), kind="meeting", subject="m1"
    )
    services.record_fact(
        programme=programme, country="MA", day=date(2014, 2, 9), kind="meeting", subject="m1"
    )
    period = period_of(programme, "2014-Q1")
    computed = new_content.values(
        Scope(programme="jmdi-2", periods=(period,), countries=("MA", "SN"))
    )
    assert {(c.country, v) for c, v in computed.items()} == {("MA", Decimal(2)), (None, Decimal(2))}


def test_the_dashboard_opens_on_the_latest_quarter_with_figures(programme, settings):
    settings.JMDI_TODAY = "2016-08-10"  # the programme runs; 2016-Q3 has no figures yet
    assert dashboard(programme, None, None, None).period.code == "2016-Q3"
    facts(programme, 40)  # attendance up to early 2013
    assert dashboard(programme, None, None, None).period.code == "2013-Q1"
    values(programme, ["2014-Q1", "2015-Q4"])  # approved quarterly values come first
    assert dashboard(programme, None, None, None).period.code == "2015-Q4"
    # A period asked for is a period shown, figures or not.
    assert dashboard(programme, None, None, "2016-Q2").period.code == "2016-Q2"


def test_the_review_queue_pages_twenty_at_a_time_oldest_first_for_the_same_queries(
    client_as, programme
):
    plans = Indicator.objects.get(output__programme=programme, code="2.I3")

    def submit(quarters):
        for quarter in quarters:
            for country in COUNTRIES:
                ManualValue.objects.create(
                    indicator=plans,
                    country=country,
                    period=quarter,
                    value=2,
                    status="submitted",
                    evidence_link="https://example.org/minutes",
                )

    client = client_as("pmu")
    url = "/programmes/jmdi-2/values/review/"
    submit(["2014-Q1", "2014-Q2", "2014-Q3"])  # 24 values
    small = page_queries(client, url)
    body = client.get(url).content.decode()
    assert "24 values are waiting, oldest first." in body
    assert body.count('class="review-item"') == 20
    assert "<dd>Morocco</dd>" in body  # countries by name, not by code
    assert "<dd>MA</dd>" not in body
    assert "Page 1 of 2" in body
    second = client.get(url + "?page=2").content.decode()
    assert second.count('class="review-item"') == 4
    submit([f"{y}-Q{q}" for y in (2015, 2016) for q in (1, 2, 3, 4)])  # 88 values
    assert page_queries(client, url) == small
