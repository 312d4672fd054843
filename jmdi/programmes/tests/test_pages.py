"""The programme pages: overview, results framework, work plan, budget and risk register.

Each renders the real programme's key content, and makes a fixed number of queries that
does not grow with the amount of data.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test.html import Element, parse_html

from jmdi.directory.tests.factories import CountryFactory
from jmdi.programmes import models as m
from jmdi.programmes.tests.factories import (
    ActivityFactory,
    ContributionFactory,
    DonorFactory,
    GovernanceBodyFactory,
    IndicatorFactory,
    OutputFactory,
    ProgrammeCountryFactory,
    RiskFactory,
    SelectionCriterionFactory,
    SubActivityFactory,
    TargetFactory,
)

pytestmark = pytest.mark.usefixtures("programme_once_per_module")

BASE = "/programmes/jmdi-2/"
NBSP = "\xa0"  # Django's French THOUSAND_SEPARATOR


# --- Reading the HTML ----------------------------------------------------------------------


def html_of(response) -> Element:
    assert response.status_code == 200, response.status_code
    return parse_html(response.content.decode())


def find_all(root: Element | str, tag: str, cls: str | None = None) -> Iterator[Element]:
    """Elements named `tag` (with class `cls`) under `root`, in document order."""
    if isinstance(root, str):
        return
    for child in root.children:
        if isinstance(child, Element):
            if child.name == tag and (cls is None or cls in classes(child)):
                yield child
            yield from find_all(child, tag, cls)


def find(root: Element, tag: str, cls: str | None = None) -> Element:
    found = list(find_all(root, tag, cls))
    assert len(found) == 1, (tag, cls, len(found))
    return found[0]


def classes(element: Element) -> list[str]:
    return (dict(element.attributes).get("class") or "").split()


def text(element: Element | str) -> str:
    if isinstance(element, str):
        return element
    return " ".join(" ".join(text(c) for c in element.children).split())


def body_rows(table: Element) -> list[Element]:
    return list(find_all(find(table, "tbody"), "tr"))


# --- Pages render their key content ----------------------------------------------------------


def test_overview_shows_title_period_budget_outputs_countries_governance_and_criteria(client_as):
    response = client_as("pmu").get(BASE)
    page = html_of(response)
    content = text(page)

    assert "Reinforcing its Local Dimension" in text(find(page, "h1"))
    # Each amount is one <bdi> (kept whole in right-to-left text).
    amounts = [text(bdi) for bdi in find_all(find(page, "dl", "facts"), "bdi")]
    assert amounts == ["EUR 7,401,333.33", "USD 9,587,219.34"]
    assert "53 months" in content
    assert len(list(find_all(find(page, "ol", "output-list"), "li"))) == 3
    countries = [text(find(row, "th")) for row in body_rows(find(page, "table"))]
    assert countries == [
        "Costa Rica",
        "El Salvador",
        "Ecuador",
        "Morocco",
        "Tunisia",
        "Senegal",
        "Philippines",
        "Nepal",
    ]
    bodies = [text(find(card, "h3")) for card in find_all(page, "section", "card")]
    assert bodies == [
        "Steering Committee",
        "Technical Committee",
        "Programme Management Unit (PMU)",
        "JMDI Focal Points",
    ]
    assert len(list(find_all(find(page, "ol", "criteria"), "li"))) == 11


def test_results_framework_shows_each_output_with_targets_indicators_and_activities(client_as):
    page = html_of(client_as("pmu").get(BASE + "results/"))

    outputs = list(find_all(page, "section", "tree-output"))
    assert [dict(o.attributes)["id"] for o in outputs] == ["output-1", "output-2", "output-3"]
    activities = [
        [text(find(p, "span", "code")) for p in find_all(o, "p", "tree__activity")] for o in outputs
    ]
    assert activities == [["1.1", "1.2", "1.3"], ["2.1", "2.2"], ["3.1", "3.2", "3.3"]]
    output_1_targets = [
        [text(td) for td in find_all(row, "td")] for row in body_rows(find(outputs[0], "table"))
    ]
    # Per country, then the whole programme: 60 stakeholders in each of the 8 countries.
    assert [row[1:] for row in output_1_targets] == [
        ["—", "16"],
        ["60", "480"],
        ["60", "480"],
        ["60", "480"],
    ]
    output_3_targets = [
        [text(td) for td in find_all(row, "td")][1:] for row in body_rows(find(outputs[2], "table"))
    ]
    assert output_3_targets == [
        ["—", "80"],
        ["—", "qualitative"],
        ["—", "20"],
        ["—", "qualitative"],
    ]


def test_results_framework_for_morocco_shows_its_per_country_targets(client_as):
    page = html_of(client_as("pmu").get(BASE + "results/?country=MA"))

    assert "shown for Morocco" in text(find(page, "p", "notice"))
    selected = [
        o
        for o in find_all(find(find(page, "form", "filter-bar"), "select"), "option")
        if "selected" in dict(o.attributes)
    ]
    assert [text(o) for o in selected] == ["Morocco"]
    output_2 = list(find_all(page, "section", "tree-output"))[1]
    table = find(output_2, "table")
    assert text(find(table, "thead")).split()[-3:] == ["Morocco", "Whole", "programme"]
    assert [[text(td) for td in find_all(row, "td")][1:] for row in body_rows(table)] == [
        ["50", "400"]
    ] * 3


def test_results_framework_ignores_a_country_outside_the_programme(client_as):
    page = html_of(client_as("pmu").get(BASE + "results/?country=FR"))

    assert list(find_all(page, "p", "notice")) == []


def test_work_plan_gantt_has_nine_semester_columns_and_the_planned_cells(client_as, programme):
    page = html_of(client_as("pmu").get(BASE + "work-plan/"))
    gantt = find(page, "table", "gantt")

    headers = [text(find(th, "abbr")) for th in find_all(gantt, "th", "gantt__semester")]
    assert headers == [f"S{n}" for n in range(1, 10)]
    planned = expected_gantt(programme)
    rows = body_rows(gantt)
    assert len(rows) == len(planned) == 3 + 8 + 21
    for row, (code, marks) in zip(rows, planned, strict=True):
        cells = list(find_all(row, "td", "gantt__cell"))
        assert text(find(row, "span", "code")) == code
        assert len(cells) == 9, code
        assert ["gantt__cell--planned" in classes(c) for c in cells] == marks, code
    assert len(list(find_all(gantt, "details", "gantt__basis"))) == 21


def expected_gantt(programme: m.Programme) -> list[tuple[str, list[bool]]]:
    """(code, planned per semester) for each output, activity and sub-activity row."""
    semesters = list(programme.semesters.order_by("order").values_list("code", flat=True))
    rows: list[tuple[str, list[bool]]] = []
    for output in programme.outputs.order_by("order"):
        output_row: list[bool] = [False] * 9
        rows.append((output.code, output_row))
        for activity in output.activities.order_by("order"):
            activity_row: list[bool] = [False] * 9
            rows.append((activity.code, activity_row))
            for sub in activity.sub_activities.order_by("order"):
                planned = set(sub.semesters.values_list("code", flat=True))
                marks = [code in planned for code in semesters]
                rows.append((sub.code, marks))
                for i, mark in enumerate(marks):
                    activity_row[i] |= mark
                    output_row[i] |= mark
    return rows


def test_work_plan_lists_the_semester_boundaries_with_the_s9_note(client_as):
    page = html_of(client_as("pmu").get(BASE + "work-plan/"))
    semesters = list(find_all(page, "table", "table"))[-1]

    rows = [
        [text(cell) for cell in row.children if isinstance(cell, Element)]
        for row in body_rows(semesters)
    ]
    assert [r[0] for r in rows] == [f"S{n}" for n in range(1, 10)]
    assert rows[0][1:3] == ["Dec. 1, 2012", "May 31, 2013"]
    assert rows[8][1:3] == ["Jan. 1, 2017", "April 17, 2017"]
    assert "31/04/2017" in rows[8][3]


def test_budget_shows_each_donor_and_the_totals_in_english_grouping(client_as):
    page = html_of(client_as("pmu").get(BASE + "budget/"))
    table = find(page, "table")

    lines = [[text(c) for c in row.children if isinstance(c, Element)] for row in body_rows(table)]
    assert lines == [
        ["European Commission (EC)", "EUR", "5,600,000.00", "* 7,253,886.01", "75.7 %"],
        ["Swiss Development Cooperation (SDC)", "USD", "* 1,801,333.33", "2,333,333.33", "24.3 %"],
    ]
    total = [text(c) for c in find(table, "tfoot").children[0].children if isinstance(c, Element)]
    assert total == ["Total", "", "7,401,333.33", "9,587,219.34", "100 %"]
    assert "1 USD = 0.772 EUR" in text(find(table, "caption"))


def test_budget_in_french_groups_thousands_with_a_no_break_space_and_a_decimal_comma(client_as):
    response = client_as("pmu").get(BASE + "budget/", HTTP_ACCEPT_LANGUAGE="fr")
    page = html_of(response)

    assert response.headers["Content-Language"] == "fr"
    content = response.content.decode()
    assert f"7{NBSP}401{NBSP}333,33" in content
    assert f"9{NBSP}587{NBSP}219,34" in content
    assert f"5{NBSP}600{NBSP}000,00" in content
    assert "7,401,333.33" not in content
    lines = [
        [text(c) for c in row.children if isinstance(c, Element)]
        for row in body_rows(find(page, "table"))
    ]
    assert lines[0][0] == "Commission européenne (CE)"
    assert lines[0][4] == "75,7 %"


@pytest.mark.parametrize(
    ("language", "direction", "output_1"),
    [
        ("fr", "ltr", "L'impact sur le développement d'initiatives sélectionnées"),
        ("es", "ltr", "Se maximiza el impacto en el desarrollo de iniciativas"),
        ("ar", "rtl", "تعظيم الأثر الإنمائي"),
    ],
)
def test_overview_is_shown_in_the_readers_language(client_as, language, direction, output_1):
    response = client_as("pmu").get(BASE, HTTP_ACCEPT_LANGUAGE=language)
    page = html_of(response)

    root = page if page.name == "html" else find(page, "html")
    assert dict(root.attributes)["lang"] == language
    assert dict(root.attributes)["dir"] == direction
    assert text(find(page, "ol", "output-list")).startswith(output_1)


RISK_CELLS = {(3, 3): ["1", "2"], (2, 3): ["3"], (1, 1): ["4"], (2, 4): ["5"], (1, 2): ["6"]}


def risk_matrix(page: Element) -> dict[tuple[int, int], list[str]]:
    """{(probability, impact): risk numbers} as the page's matrix shows them."""
    matrix = find(page, "table", "risk-matrix")
    cells: dict[tuple[int, int], list[str]] = {}
    rows = body_rows(matrix)
    assert [int(text(find(row, "th"))) for row in rows] == [5, 4, 3, 2, 1]
    for row in rows:
        probability = int(text(find(row, "th")))
        tds = list(find_all(row, "td"))
        assert len(tds) == 5
        for impact, td in enumerate(tds, start=1):
            cells[(probability, impact)] = [text(a) for a in find_all(td, "a")]
    return cells


def test_risk_matrix_places_each_risk_in_its_probability_and_impact_cell(client_as):
    page = html_of(client_as("pmu").get(BASE + "risks/"))

    cells = risk_matrix(page)

    assert {cell: risks for cell, risks in cells.items() if risks} == RISK_CELLS
    assert len(cells) == 25
    cards = [text(find(card, "h3")) for card in find_all(page, "section", "risk")]
    assert [c.split(".")[0] for c in cards] == ["1", "2", "3", "4", "5", "6"]
    assert cards[3].startswith("4. Inter-agency disagreements")


def test_risk_matrix_shades_cells_by_score(client_as):
    page = html_of(client_as("pmu").get(BASE + "risks/"))
    rows = body_rows(find(page, "table", "risk-matrix"))

    levels = {}
    for row in rows:
        probability = int(text(find(row, "th")))
        for impact, td in enumerate(find_all(row, "td"), start=1):
            (modifier,) = [c for c in classes(td) if c.startswith("risk-matrix__cell--")]
            levels[(probability, impact)] = modifier.removeprefix("risk-matrix__cell--")
    scores = {"high": [(5, 5), (3, 5)], "medium": [(3, 3), (2, 3)], "low": [(1, 5), (1, 1)]}
    for level, cells in scores.items():  # 25 and 15 high, 9 and 6 medium, 5 and 1 low
        assert [levels[cell] for cell in cells] == [level, level]


@pytest.mark.parametrize("persona", ["focal_ma", "reviewer_ma", "steering", "technical", "pmu"])
def test_risk_register_is_open_to_the_programmes_management_side(client_as, persona):
    assert client_as(persona).get(BASE + "risks/").status_code == 200


def test_risk_register_sends_the_anonymous_visitor_to_sign_in(client_as, programme):
    response = client_as("anonymous").get(BASE + "risks/")

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("persona", ["outsider", "member", "grantee"])
def test_risk_register_is_refused_to_people_outside_the_management_side(client_as, persona):
    assert client_as(persona).get(BASE + "risks/").status_code == 403


@pytest.mark.parametrize("suffix", ["", "results/", "work-plan/", "budget/"])
def test_the_public_programme_pages_are_open_to_the_anonymous_visitor(client_as, programme, suffix):
    assert client_as("anonymous").get(BASE + suffix).status_code == 200


@pytest.mark.parametrize("suffix", ["", "results/", "work-plan/", "budget/", "risks/"])
def test_an_unknown_programme_code_gives_404(client_as, suffix):
    assert client_as("pmu").get(f"/programmes/no-such-programme/{suffix}").status_code == 404


# --- Query counts do not grow with the data --------------------------------------------------

#: page -> queries for the PMU officer: session, user, the page's reads, their roles.
QUERIES = {
    "": 10,
    "results/": 10,
    "results/?country=MA": 10,
    "work-plan/": 9,
    "budget/": 5,
    "risks/": 5,
}


def add_more_records(programme: m.Programme) -> None:
    """More of every kind of record the pages read, spread over new and existing parents."""
    semesters = list(programme.semesters.order_by("order"))
    new_output = OutputFactory(programme=programme)
    new_activity = ActivityFactory(output=new_output)
    activity_1_1 = m.Activity.objects.get(output__programme=programme, code="1.1")
    output_2 = m.Output.objects.get(programme=programme, code="2")
    for i in range(10):
        SubActivityFactory(
            activity=new_activity if i % 2 else activity_1_1, semesters=semesters[i % 7 : i % 7 + 3]
        )
    for i in range(5):
        TargetFactory(output=new_output if i % 2 else output_2, per_country=bool(i % 2))
    for output in (new_output, output_2):
        IndicatorFactory(output=output)
    for probability, impact in [(5, 5), (4, 2), (1, 5)]:
        RiskFactory(programme=programme, probability=probability, impact=impact)
    for _ in range(5):
        ContributionFactory(programme=programme)  # one per new donor: donors are unique
    for code in ("FR", "DE"):
        ProgrammeCountryFactory(programme=programme, country=CountryFactory(code=code))
    donors = [DonorFactory(), DonorFactory()]
    GovernanceBodyFactory(programme=programme, members=donors)
    programme.implementing_agencies.add(*donors)
    for _ in range(3):
        SelectionCriterionFactory(programme=programme)


@pytest.mark.parametrize(("suffix", "queries"), QUERIES.items(), ids=list(QUERIES))
def test_page_makes_the_same_number_of_queries_whatever_the_amount_of_data(
    client_as, programme, django_assert_num_queries, suffix, queries
):
    client = client_as("pmu")
    with django_assert_num_queries(queries):
        response = client.get(BASE + suffix)
    assert response.status_code == 200

    add_more_records(programme)

    with django_assert_num_queries(queries):
        response = client.get(BASE + suffix)
    assert response.status_code == 200


def test_the_added_records_are_shown_so_the_counts_above_measure_real_work(client_as, programme):
    add_more_records(programme)
    client = client_as("pmu")

    gantt = find(html_of(client.get(BASE + "work-plan/")), "table", "gantt")
    assert len(body_rows(gantt)) == 3 + 8 + 21 + 1 + 1 + 10
    cells = risk_matrix(html_of(client.get(BASE + "risks/")))
    assert len([n for risks in cells.values() for n in risks]) == 9
    budget = find(html_of(client.get(BASE + "budget/")), "table")
    assert len(body_rows(budget)) == 7
    overview = html_of(client.get(BASE))
    assert len(body_rows(find(overview, "table"))) == 10
    assert len(list(find_all(find(overview, "ol", "criteria"), "li"))) == 14


def test_results_answer_htmx_with_the_results_partial_through_the_same_url(client, programme):
    response = client.get(f"{BASE}results/?country=MA", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert body.lstrip().startswith('<div id="results"')
    assert "Morocco" in body
    assert "HX-Request" in response["Vary"]


def test_results_give_the_whole_page_back_for_an_htmx_history_restore(client, programme):
    response = client.get(
        f"{BASE}results/?country=MA", HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )
    assert "<html" in response.content.decode()
