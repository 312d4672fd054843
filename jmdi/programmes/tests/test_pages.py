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
DASH = "\u2013"  # between the two months of a semester


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


def captioned(page: Element, words: str) -> Element:
    """The one table whose caption holds `words`."""
    tables = [t for t in find_all(page, "table") if words in text(find(t, "caption"))]
    assert len(tables) == 1, (words, len(tables))
    return tables[0]


def cells(row: Element) -> list[str]:
    return [text(c) for c in row.children if isinstance(c, Element)]


def attribute(element: Element, name: str) -> str | None:
    return dict(element.attributes).get(name)


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
    countries = [text(find(row, "th")) for row in body_rows(captioned(page, "Countries"))]
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

    headers = [text(th).split()[0] for th in find_all(gantt, "th", "gantt__semester")]
    assert headers == [f"S{n}" for n in range(1, 10)]
    planned = expected_gantt(programme)
    rows = body_rows(gantt)
    assert len(rows) == len(planned) == 3 + 8 + 21
    for row, (code, marks) in zip(rows, planned, strict=True):
        row_cells = list(find_all(row, "td", "gantt__cell"))
        assert text(find(row, "span", "code")) == code
        assert len(row_cells) == 9, code
        assert [bool(list(find_all(c, "span", "gantt__bar"))) for c in row_cells] == marks, code


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


def test_work_plan_lists_the_semester_boundaries_in_the_readers_date_format(client_as):
    page = html_of(client_as("pmu").get(BASE + "work-plan/"))

    rows = [cells(row) for row in body_rows(captioned(page, "Semester boundaries"))]
    assert [r[0] for r in rows] == [f"S{n}" for n in range(1, 10)]
    assert rows[0][1:] == ["Dec. 1, 2012", "May 31, 2013"]
    assert rows[8][1:] == ["Jan. 1, 2017", "April 17, 2017"]
    french = html_of(client_as("pmu").get(BASE + "work-plan/", HTTP_ACCEPT_LANGUAGE="fr"))
    rows = [cells(row) for row in body_rows(captioned(french, "Dates des semestres"))]
    assert rows[8][1:] == ["1 janvier 2017", "17 avril 2017"]


def test_budget_shows_each_donor_and_the_totals_in_english_grouping(client_as):
    page = html_of(client_as("pmu").get(BASE + "budget/"))
    table = find(page, "table")

    lines = [cells(row) for row in body_rows(table)]
    assert lines == [
        [
            "European Commission (EC) Standard Contribution Agreement, under joint management",
            "EUR",
            "5,600,000.00",
            "equivalent 7,253,886.01",
            "75.7 %",
        ],
        [
            "Swiss Development Cooperation (SDC) Cost-sharing agreement",
            "USD",
            "equivalent 1,801,333.33",
            "2,333,333.33",
            "24.3 %",
        ],
    ]
    assert "*" not in text(table)
    total = cells(find(table, "tfoot").children[0])
    # Every share has one decimal, so the column lines up on its decimal point.
    assert total == ["Total", "", "7,401,333.33", "9,587,219.34", "100.0 %"]
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
    lines = [cells(row) for row in body_rows(find(page, "table"))]
    assert lines[0][0] == (
        "Commission européenne (CE) Accord de contribution standard, "
        "selon la modalité de la gestion conjointe"
    )
    assert (
        lines[1][0]
        == "Direction du développement et de la coopération (DDC) Accord de partage des coûts"
    )
    assert lines[0][3] == "équivalent 7 253 886,01"  # text() reads the no-break spaces as spaces
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
    found: dict[tuple[int, int], list[str]] = {}
    rows = body_rows(matrix)
    assert [int(text(find(row, "th")).split()[0]) for row in rows] == [5, 4, 3, 2, 1]
    for row in rows:
        probability = int(text(find(row, "th")).split()[0])
        tds = list(find_all(row, "td"))
        assert len(tds) == 5
        for impact, td in enumerate(tds, start=1):
            found[(probability, impact)] = [text(a) for a in find_all(td, "a")]
    return found


def test_risk_matrix_places_each_risk_in_its_probability_and_impact_cell(client_as):
    page = html_of(client_as("pmu").get(BASE + "risks/"))

    cells = risk_matrix(page)

    assert {cell: risks for cell, risks in cells.items() if risks} == RISK_CELLS
    assert len(cells) == 25
    titles = [text(find(row, "th")) for row in body_rows(find(page, "table", "risks"))]
    assert [t.split(".")[0] for t in titles] == ["1", "2", "3", "4", "5", "6"]
    assert titles[3].startswith("4. Inter-agency disagreements")


def test_risk_matrix_shades_cells_by_score(client_as):
    page = html_of(client_as("pmu").get(BASE + "risks/"))
    rows = body_rows(find(page, "table", "risk-matrix"))

    levels = {}
    for row in rows:
        probability = int(text(find(row, "th")).split()[0])
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
    # One more than before the baseline figures: they are new content, in one query.
    "results/": 11,
    "results/?country=MA": 11,
    "work-plan/": 9,
    "work-plan/?date=2014-03-05": 9,
    "budget/": 5,
    "risks/": 5,
    "risks/?sort=-score": 5,
    "risks/?sort=owner": 5,
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
    assert len(body_rows(captioned(overview, "Countries"))) == 10
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


# --- The work plan reads at a glance ---------------------------------------------------------


def gantt_today_columns(page: Element) -> set[tuple[int, str]]:
    """(column, position class) of every cell of the chart that carries the date line."""
    found = set()
    for row in find_all(find(page, "table", "gantt"), "tr"):
        row_cells = [c for c in row.children if isinstance(c, Element)][1:]
        for column, cell in enumerate(row_cells):
            for name in classes(cell):
                if name.startswith("gantt__today--"):
                    found.add((column, name))
    return found


def test_work_plan_says_derived_once_and_keeps_the_bases_in_the_notes_on_the_source(client_as):
    page = html_of(client_as("pmu").get(BASE + "work-plan/"))
    gantt = find(page, "table", "gantt")

    assert "derived" not in text(gantt)
    assert len(list(find_all(page, "p", "notice"))) == 1
    notes = find(page, "details", "source-notes")
    assert "open" not in dict(notes.attributes)
    quoted = list(find_all(notes, "dd"))
    assert len(quoted) == 2 + 21  # the notes of S8 and S9, and each sub-activity's basis
    assert {(attribute(dd, "lang"), attribute(dd, "dir")) for dd in quoted} == {("en", "ltr")}
    assert "31/04/2017" in text(notes)


def test_work_plan_labels_each_semester_with_its_months_in_the_readers_language(client_as):
    english = html_of(client_as("pmu").get(BASE + "work-plan/"))
    arabic = html_of(client_as("pmu").get(BASE + "work-plan/", HTTP_ACCEPT_LANGUAGE="ar"))

    heads = list(find_all(find(english, "table", "gantt"), "th", "gantt__semester"))
    assert text(heads[0]) == f"S1 Dec 2012 {DASH} May 2013"
    assert text(heads[7]) == f"S8 Jun 2016 {DASH} Dec 2016"
    heads = list(find_all(find(arabic, "table", "gantt"), "th", "gantt__semester"))
    assert text(heads[0]) == f"S1 ديسمبر 2012 {DASH} مايو 2013"
    # No date in the US order ("12/01/2012"), on the page or in its attributes.
    assert "12/01/2012" not in client_as("pmu").get(BASE + "work-plan/").content.decode()


def test_work_plan_keeps_the_activity_column_in_view_and_the_bars_of_one_height(client_as):
    page = html_of(client_as("pmu").get(BASE + "work-plan/"))
    gantt = find(page, "table", "gantt")

    assert "table--sticky-first" in classes(gantt)
    bars = list(find_all(gantt, "span", "gantt__bar"))
    # The bar is an element of its own, so its height does not follow the row's text.
    assert len(bars) > 50
    first_runs = [b for b in bars if "gantt__bar--start" in classes(b)]
    assert first_runs  # each run of planned semesters is drawn as one rounded bar


def test_work_plan_marks_a_chosen_day_within_the_programme_in_its_semester(client_as):
    page = html_of(client_as("pmu").get(BASE + "work-plan/?date=2014-03-05"))

    # 5 March 2014 is 94 days into S3 (1 December 2013 to 31 May 2014, 182 days): 5 tenths.
    assert gantt_today_columns(page) == {(2, "gantt__today--5")}
    assert "The red line marks the day you chose, March 5, 2014." in text(page)
    assert "The day you chose" in text(find(page, "ul", "gantt-legend"))


def test_work_plan_says_today_is_after_the_programme_instead_of_drawing_a_line(client_as):
    page = html_of(client_as("pmu").get(BASE + "work-plan/"))

    assert gantt_today_columns(page) == set()
    assert "is after the programme ended on April 17, 2017, so no line marks it" in text(page)


@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("2012-13-01", "Enter a valid date."),
        ("2018-01-01", "Jan. 1, 2018 is outside the programme, which ran from Dec. 1, 2012"),
    ],
    ids=["impossible", "outside"],
)
def test_work_plan_refuses_a_day_it_cannot_mark_naming_the_field(client_as, day, message):
    page = html_of(client_as("pmu").get(BASE + f"work-plan/?date={day}"))

    summary = find(page, "div", "error-summary")
    (link,) = find_all(summary, "a")
    assert attribute(link, "href") == "#id_date"
    assert message in text(link)
    assert message in text(find(page, "p", "field__error"))
    (field,) = [i for i in find_all(page, "input") if attribute(i, "name") == "date"]
    assert attribute(field, "value") == day  # what the reader typed is kept
    assert gantt_today_columns(page) == set()


# --- The risk register: a matrix with axis words, then a sortable table ------------------


def register_numbers(page: Element) -> list[int]:
    return [
        int(text(find(row, "th")).split(".")[0]) for row in body_rows(find(page, "table", "risks"))
    ]


@pytest.mark.parametrize(
    ("sort", "numbers"),
    [
        ("", [1, 2, 3, 4, 5, 6]),
        ("-score", [1, 2, 5, 3, 6, 4]),  # 9, 9, 8, 6, 2, 1; ties by number
        ("score", [4, 6, 3, 5, 1, 2]),
        ("-probability", [1, 2, 3, 5, 4, 6]),
        ("-impact", [5, 1, 2, 3, 6, 4]),
    ],
)
def test_risk_register_sorts_by_the_column_asked_for_without_javascript(client_as, sort, numbers):
    page = html_of(client_as("pmu").get(BASE + f"risks/?sort={sort}"))

    assert register_numbers(page) == numbers


def test_risk_register_sorts_by_owner_and_status_in_the_readers_language(client_as, programme):
    m.Risk.objects.filter(programme=programme, number=2).update(
        owner_en="Operations Manager", owner_fr="Responsable des opérations", status="closed"
    )
    m.Risk.objects.filter(programme=programme, number=5).update(status="monitored")
    client = client_as("pmu")

    assert register_numbers(html_of(client.get(BASE + "risks/?sort=owner"))) == [2, 1, 3, 4, 5, 6]
    french = html_of(client.get(BASE + "risks/?sort=owner", HTTP_ACCEPT_LANGUAGE="fr"))
    assert register_numbers(french) == [1, 3, 4, 5, 6, 2]  # Gestionnaire before Responsable
    assert register_numbers(html_of(client.get(BASE + "risks/?sort=status"))) == [1, 3, 4, 6, 5, 2]


def test_risk_register_headings_link_to_the_other_order_and_say_which_is_current(client_as):
    page = html_of(client_as("pmu").get(BASE + "risks/?sort=-score"))
    headings = {
        text(find(th, "a")): (attribute(th, "aria-sort"), attribute(find(th, "a"), "href"))
        for th in find_all(find(find(page, "table", "risks"), "thead"), "th")
    }

    assert headings == {
        "Risk": (None, "?sort=number#register"),
        "Probability": (None, "?sort=-probability#register"),
        "Impact": (None, "?sort=-impact#register"),
        "Score": ("descending", "?sort=score#register"),
        "Owner": (None, "?sort=owner#register"),
        "Status": (None, "?sort=status#register"),
    }


def test_risk_register_lists_by_number_and_says_so_for_an_unknown_sort(client_as):
    page = html_of(client_as("pmu").get(BASE + "risks/?sort=colour"))

    assert register_numbers(page) == [1, 2, 3, 4, 5, 6]
    assert "“colour” is not an order the register can be sorted in" in text(page)


def test_risk_details_are_collapsed_under_each_risk(client_as):
    page = html_of(client_as("pmu").get(BASE + "risks/"))
    rows = body_rows(find(page, "table", "risks"))

    assert [len(list(find_all(row, "details"))) for row in rows] == [1] * 6
    details = find(rows[4], "details")
    assert "open" not in dict(details.attributes)
    assert "strict selection criteria" in text(details)  # risk 5's countermeasures
    assert "2 (medium low), 4 (medium high)" in text(details)


def test_risk_matrix_names_its_axes_and_its_zones(client_as):
    page = html_of(client_as("pmu").get(BASE + "risks/"))
    matrix = find(page, "table", "risk-matrix")

    assert [text(find(row, "th")) for row in body_rows(matrix)] == [
        "5 almost certain",
        "4 likely",
        "3 possible",
        "2 unlikely",
        "1 rare",
    ]
    impact = [text(th) for th in find_all(list(find_all(find(matrix, "thead"), "tr"))[1], "th")]
    assert impact == ["1 minor", "2 moderate", "3 significant", "4 major", "5 severe"]
    legend = text(find(page, "ul", "risk-legend"))
    assert "High: a score of 15 to 25" in legend
    assert "Low: a score of 1 to 5" in legend


@pytest.mark.parametrize(("language", "separator"), [("en", ", "), ("ar", "، ")])
def test_risk_matrix_lists_a_cells_risks_with_the_readers_list_separator(
    client_as, language, separator
):
    body = client_as("pmu").get(BASE + "risks/", HTTP_ACCEPT_LANGUAGE=language).content.decode()

    # Probability 3, impact 3 holds risks 1 and 2; no other cell joins two risks.
    assert f'<a href="#risk-1">1</a>{separator}<a href="#risk-2">2</a>' in body
    assert body.count(f'</a>{separator}<a href="#risk-') == 1


# --- Lists, notes, monitoring and baselines where the reader needs them -------------------


def test_arabic_lists_are_joined_with_the_arabic_comma_and_no_latin_one(client_as):
    page = html_of(client_as("pmu").get(BASE, HTTP_ACCEPT_LANGUAGE="ar"))

    agencies = text(find(find(page, "dl", "facts"), "dd", "list"))
    names = agencies.split("، ")
    assert len(names) == 6
    assert "," not in agencies
    members = [text(span) for span in find_all(page, "span", "list")]
    assert members
    assert all("," not in m and "، " in m for m in members if len(m.split("، ")) > 1)


def test_results_keep_transcription_notes_collapsed_and_marked_as_english(client_as):
    page = html_of(client_as("pmu").get(BASE + "results/", HTTP_ACCEPT_LANGUAGE="ar"))
    outputs = list(find_all(page, "section", "tree-output"))

    for output in outputs:
        for small in find_all(output, "small", "note"):
            raise AssertionError(f"a note outside the disclosure: {text(small)}")
        for table in find_all(output, "table"):
            assert "page break" not in text(table)
    notes = find(outputs[0], "details", "source-notes")
    assert text(find(notes, "summary")) == "ملاحظات عن المصدر"
    quoted = list(find_all(notes, "dd"))
    assert {(attribute(dd, "lang"), attribute(dd, "dir")) for dd in quoted} == {("en", "ltr")}
    assert any("reassembled" in text(dd) for dd in quoted)


def test_results_show_output_3s_baseline_figures_in_the_readers_number_format(client_as):
    english = html_of(client_as("pmu").get(BASE + "results/"))
    french = html_of(client_as("pmu").get(BASE + "results/", HTTP_ACCEPT_LANGUAGE="fr"))

    output_3 = list(find_all(english, "section", "tree-output"))[2]
    assert [text(li) for li in find_all(find(output_3, "ul", "baseline-figures"), "li")] == [
        "2,119 practitioners around the world reached by the M4D Net",
        "More than 200 projects identified by the JMDI in the M4D Net's on-line database",
    ]
    output_3 = list(find_all(french, "section", "tree-output"))[2]
    assert [text(li) for li in find_all(find(output_3, "ul", "baseline-figures"), "li")] == [
        "2 119 praticiens dans le monde touchés par le M4D Net",
        "Plus de 200 projets recensés par l'ICMD dans la base de données en ligne du M4D Net",
    ]


MONITORING_NAMES = {
    "en": (
        "Quarterly quality assessment",
        "External evaluation",
        "Once, 3 months before the programme ends: Jan. 17, 2017.",
    ),
    "fr": (
        "Évaluation trimestrielle de la qualité",
        "Évaluation externe",
        "Une fois, 3 mois avant la fin du programme : le 17 janvier 2017.",
    ),
    "es": (
        "Evaluación trimestral de la calidad",
        "Evaluación externa",
        "Una vez, 3 meses antes del final del programa: el 17 de enero de 2017.",
    ),
    "ar": (
        "تقييم الجودة ربع السنوي",
        "التقييم الخارجي",
        "مرة واحدة، قبل 3 أشهر من نهاية البرنامج: 17 يناير، 2017.",
    ),
}


@pytest.mark.parametrize("language", list(MONITORING_NAMES))
def test_overview_lists_the_monitoring_framework_with_due_dates_in_four_languages(
    client_as, programme, language
):
    first, last, rule = MONITORING_NAMES[language]
    page = html_of(client_as("anonymous").get(BASE, HTTP_ACCEPT_LANGUAGE=language))

    table = find(page, "table", "monitoring")
    rows = body_rows(table)
    assert len(rows) == 10
    assert text(find(rows[0], "th")).startswith(first)
    assert text(find(rows[-1], "th")).startswith(last)
    assert cells(rows[-1])[1] == rule
    quarterly = find(rows[0], "details")
    assert len(list(find_all(quarterly, "li"))) == 19
