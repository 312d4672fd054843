"""The programme file holds the project document's facts (see ../shared/seed/READING-NOTES.md).

These read the file itself (validated by the loader's reader), so a transcription slip is
caught where it is made; a few also read the loaded records.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from jmdi.programmes import models as m
from jmdi.programmes.loader import field_path, read_programme_file

REAL_FILE = Path(settings.BASE_DIR) / "programmes" / "jmdi-phase-2.yaml"
DOCUMENT = Path(settings.BASE_DIR).parent / "shared" / "seed" / "jmdi-phase-2-project-document.txt"
LANGUAGES = ("en", "fr", "es", "ar")
CENT = Decimal("0.01")
RATE = Decimal("0.772")  # EUR per USD, UNORE November 2012

#: Translations that are rightly the same word as the English.
SAME_AS_ENGLISH = {("regions[2].name", "es")}  # "Asia" is "Asia" in Spanish


@pytest.fixture(scope="module")
def data() -> dict[str, Any]:
    return read_programme_file(REAL_FILE).data


def sub_activities(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [s for o in data["outputs"] for a in o["activities"] for s in a["sub_activities"]]


def targets(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {t["code"]: t for o in data["outputs"] for t in o["targets"]}


def translated_fields(
    value: Any, path: tuple[str | int, ...] = ()
) -> list[tuple[str, dict[str, str]]]:
    if isinstance(value, dict):
        if set(value) == set(LANGUAGES):
            return [(field_path(path), value)]
        return [f for key, child in value.items() for f in translated_fields(child, (*path, key))]
    if isinstance(value, list):
        return [f for i, child in enumerate(value) for f in translated_fields(child, (*path, i))]
    return []


def euro(text: str) -> Decimal:
    return Decimal(text)


def eur_to_usd(amount: Decimal) -> Decimal:
    return (amount / RATE).quantize(CENT, rounding=ROUND_HALF_UP)


# --- Identity ----------------------------------------------------------------------------


def test_programme_runs_53_months_from_1_december_2012_to_17_april_2017(data):
    programme = data["programme"]
    assert programme["code"] == "jmdi-2"
    assert programme["start_date"] == "2012-12-01"
    assert programme["end_date"] == "2017-04-17"
    assert programme["duration_months"] == 53
    assert programme["executing_entity"] == "UNDP"


def test_title_says_local_dimension_as_the_programme_title_does_not_the_risk_logs_global(data):
    title = data["programme"]["title"]["en"]
    assert "Reinforcing its Local Dimension" in title
    assert "Global Dimension" not in title


# --- Results framework and work plan -----------------------------------------------------


def test_there_are_three_outputs(data):
    assert [o["code"] for o in data["outputs"]] == ["1", "2", "3"]


def test_activities_are_1_1_to_1_3_then_2_1_to_2_2_then_3_1_to_3_3(data):
    assert [[a["code"] for a in o["activities"]] for o in data["outputs"]] == [
        ["1.1", "1.2", "1.3"],
        ["2.1", "2.2"],
        ["3.1", "3.2", "3.3"],
    ]


def test_sub_activity_codes_extend_their_activity_code(data):
    for output in data["outputs"]:
        for activity in output["activities"]:
            codes = [s["code"] for s in activity["sub_activities"]]
            assert codes, activity["code"]
            assert codes == [f"{activity['code']}.{n}" for n in range(1, len(codes) + 1)]


def test_every_sub_activity_has_a_responsible_party_semesters_marked_derived_and_a_basis(data):
    semester_codes = {s["code"] for s in data["semesters"]}
    subs = sub_activities(data)
    assert len(subs) == 21  # the rows of the Annual Work Plan
    for sub in subs:
        assert sub["responsible"]["en"].strip(), sub["code"]
        assert len(sub["semesters"]) >= 1, sub["code"]
        assert set(sub["semesters"]) <= semester_codes, sub["code"]
        assert sub["semesters"] == sorted(sub["semesters"], key=lambda c: int(c[1:])), sub["code"]
        assert sub["semesters_derived"] is True, sub["code"]
        assert sub["basis"].strip(), sub["code"]


@pytest.fixture(scope="module")
def document() -> str:
    """The document's text, on one line; footnote marks (a superscript 7) dropped."""
    if not DOCUMENT.exists():
        pytest.skip(f"the project document is not at {DOCUMENT}")
    text = DOCUMENT.read_text(encoding="utf-8")
    return " ".join(re.sub("[\u2070-\u209f\u00b9\u00b2\u00b3]", "", text).split())


def test_every_activity_and_sub_activity_is_named_as_the_work_plan_prints_it(data, document):
    work_plan = document[document.index("Annual Work Plan") : document.index("III. MANAGEMENT")]
    for output in data["outputs"]:
        for activity in output["activities"]:
            assert activity["name"]["en"] in work_plan, activity["code"]
            for sub in activity["sub_activities"]:
                assert sub["name"]["en"] in work_plan, sub["code"]


def test_each_basis_quotes_the_document_word_for_word(data, document):
    for sub in sub_activities(data):
        quoted = sub["basis"].split(" Derivation:")[0]
        quotes = [q.strip("'") for q in re.split(r"' '|' Footnote \d+: '", quoted)]
        for quote in quotes:
            assert " ".join(quote.split()) in document, (sub["code"], quote)


def test_work_plan_starts_with_the_inception_phase_and_ends_with_dissemination(data):
    by_code = {s["code"]: s for s in sub_activities(data)}
    assert by_code["1.1.1"]["semesters"] == ["S1"]  # identification during the inception phase
    assert "S9" in by_code["2.2.1"]["semesters"]  # regional dissemination to the end
    assert "S9" in by_code["3.3.1"]["semesters"]  # dissemination of results globally


def test_output_1_and_activity_3_3_keep_the_other_wordings_as_aliases(data):
    output_1 = data["outputs"][0]
    assert output_1["name"]["en"].startswith("Development impact of selected migration")
    assert any("in partnership with civil society organizations" in a for a in output_1["aliases"])
    activity_3_3 = data["outputs"][2]["activities"][2]
    assert activity_3_3["name"]["en"] == "Disseminating project results globally"
    assert activity_3_3["aliases"] == [
        "Leveraging on dedicated meetings for local authorities to facilitate partnership building"
    ]


# --- Semesters ---------------------------------------------------------------------------

PRINTED_SEMESTERS = [
    ("S1", "2012-12-01", "2013-05-31"),
    ("S2", "2013-06-01", "2013-11-30"),
    ("S3", "2013-12-01", "2014-05-31"),
    ("S4", "2014-06-01", "2014-11-30"),
    ("S5", "2014-12-01", "2015-05-31"),
    ("S6", "2015-06-01", "2015-11-30"),
    ("S7", "2015-12-01", "2016-05-31"),
    ("S8", "2016-06-01", "2016-12-31"),
    ("S9", "2017-01-01", "2017-04-17"),
]


def test_nine_semesters_have_the_printed_boundaries(data):
    assert [(s["code"], s["start"], s["end"]) for s in data["semesters"]] == PRINTED_SEMESTERS


def test_semesters_follow_each_other_without_gap_from_start_to_end_date(data):
    semesters = data["semesters"]
    assert semesters[0]["start"] == data["programme"]["start_date"]
    assert semesters[-1]["end"] == data["programme"]["end_date"]
    for before, after in itertools.pairwise(semesters):
        gap = dt.date.fromisoformat(after["start"]) - dt.date.fromisoformat(before["end"])
        assert gap == dt.timedelta(days=1), (before["code"], after["code"])


def test_s9_ends_on_17_april_2017_with_a_note_on_the_printed_31_04_2017(data):
    s9 = data["semesters"][8]
    assert s9["end"] == "2017-04-17"
    assert "31/04/2017" in s9["note"]
    assert "17 April 2017" in s9["note"]


def test_s8_is_the_seven_month_semester_as_printed_with_a_note(data):
    s8 = data["semesters"][7]
    assert (s8["start"], s8["end"]) == ("2016-06-01", "2016-12-31")
    assert "seven months" in s8["note"]


# --- Budget ------------------------------------------------------------------------------


def test_budget_totals_eur_7401333_33_and_usd_9587219_34(data):
    budget = data["budget"]
    assert budget["currency"] == "EUR"
    assert budget["total"] == {"EUR": "7401333.33", "USD": "9587219.34"}


def test_ec_and_sdc_contributions_add_up_to_the_totals_in_both_currencies(data):
    ec, sdc = data["budget"]["contributions"]
    assert (ec["donor"], sdc["donor"]) == ("EC", "SDC")
    in_eur = {"EC": Decimal(ec["amount"]), "SDC": Decimal(sdc["equivalent"]["amount"])}
    in_usd = {"EC": Decimal(ec["equivalent"]["amount"]), "SDC": Decimal(sdc["amount"])}
    assert in_eur == {"EC": Decimal("5600000.00"), "SDC": Decimal("1801333.33")}
    assert in_usd == {"EC": Decimal("7253886.01"), "SDC": Decimal("2333333.33")}
    assert sum(in_eur.values()) == Decimal("7401333.33") == Decimal(data["budget"]["total"]["EUR"])
    assert sum(in_usd.values()) == Decimal("9587219.34") == Decimal(data["budget"]["total"]["USD"])


def test_eur_divided_by_0_772_is_the_usd_to_the_cent_for_each_contribution_and_the_total(data):
    budget = data["budget"]
    assert budget["exchange_rate"]["from"] == "USD"
    assert budget["exchange_rate"]["to"] == "EUR"
    assert Decimal(budget["exchange_rate"]["rate"]) == RATE
    assert budget["exchange_rate"]["date"] == "2012-11-01"
    pairs = [(budget["total"]["EUR"], budget["total"]["USD"])]
    for c in budget["contributions"]:
        eur, usd = (c["amount"], c["equivalent"]["amount"])
        if c["currency"] == "USD":
            eur, usd = usd, eur
        pairs.append((eur, usd))
    assert len(pairs) == 3
    for eur, usd in pairs:
        assert eur_to_usd(Decimal(eur)) == Decimal(usd), (eur, usd)


def test_sdc_contribution_is_denominated_in_usd_and_the_ec_one_in_eur(data):
    ec, sdc = data["budget"]["contributions"]
    assert (ec["currency"], ec["amount"], ec["equivalent"]["currency"]) == (
        "EUR",
        "5600000.00",
        "USD",
    )
    assert (sdc["currency"], sdc["amount"], sdc["equivalent"]["currency"]) == (
        "USD",
        "2333333.33",
        "EUR",
    )


def test_there_are_no_regular_resources_and_no_in_kind_contributions(data):
    assert Decimal(data["budget"]["regular_resources"]) == 0
    assert Decimal(data["budget"]["in_kind"]) == 0


def test_loaded_budget_keeps_the_amounts_exactly(programme):
    contributions = {c.donor.code: c for c in programme.contributions.select_related("donor")}
    assert programme.total_eur == Decimal("7401333.33")
    assert programme.total_usd == Decimal("9587219.34")
    assert sum(c.amount_in("EUR") for c in contributions.values()) == programme.total_eur
    assert sum(c.amount_in("USD") for c in contributions.values()) == programme.total_usd
    assert contributions["SDC"].currency == "USD"
    assert contributions["SDC"].amount == Decimal("2333333.33")
    assert programme.exchange_rate == RATE


# --- Risks -------------------------------------------------------------------------------

#: (printed number, probability, its label, impact, its label) as the risk log prints them.
RISK_LOG = [
    ("1", 3, "medium", 3, "medium"),
    ("2", 3, "medium", 3, "medium"),
    ("", 2, "low", 3, "medium"),
    ("3", 1, "low", 1, "low"),
    ("4", 2, "medium low", 4, "medium high"),
    ("", 1, "low", 2, "medium low"),
]


def test_six_risks_are_numbered_1_to_6_keeping_the_printed_numbers(data):
    risks = data["risks"]
    assert [r["number"] for r in risks] == [1, 2, 3, 4, 5, 6]
    assert [r["printed_number"] for r in risks] == ["1", "2", "", "3", "4", ""]
    for risk in risks:
        if risk["printed_number"]:
            assert f"Printed number {risk['printed_number']}" in risk["note"]
        else:
            assert "No number is printed" in risk["note"]


def test_risks_keep_the_documents_order(data):
    titles = [r["title"]["en"] for r in data["risks"]]
    assert titles[0].startswith("Complexity of contracting local authorities")
    assert titles[1].startswith("Capacity constraints")
    assert titles[2].startswith("Deficient local authorities commitment and political will")
    assert titles[3].startswith("Inter-agency disagreements")
    assert titles[4].startswith("Difficulty to identify good quality projects")
    assert titles[5].startswith("Duplication with other M&D initiatives")


def test_risk_probabilities_and_impacts_are_as_printed_with_their_labels(data):
    assert [
        (
            r["printed_number"],
            r["probability"],
            r["probability_label"],
            r["impact"],
            r["impact_label"],
        )
        for r in data["risks"]
    ] == RISK_LOG


def test_risks_were_identified_in_may_2012_and_are_open(data):
    for risk in data["risks"]:
        assert str(risk["date_identified"]) == "2012-05"
        assert risk["status"] == "open"
        assert risk["owner"]["en"] == "Programme Manager"


# --- Selection criteria, countries, targets ---------------------------------------------


def test_there_are_eleven_selection_criteria(data):
    assert [c["code"] for c in data["selection_criteria"]] == [f"F{n}" for n in range(1, 12)]


def test_the_eight_tentative_countries_are_cr_sv_ec_ma_tn_sn_ph_np_by_region(data):
    countries = [(c["code"], c["region"]) for c in data["countries"]]
    assert countries == [
        ("CR", "latin_america"),
        ("SV", "latin_america"),
        ("EC", "latin_america"),
        ("MA", "africa"),
        ("TN", "africa"),
        ("SN", "africa"),
        ("PH", "asia"),
        ("NP", "asia"),
    ]
    assert all("tentatively set at eight" in c["note"] for c in data["countries"])


def test_output_1_targets_60_stakeholders_per_country_three_times(data):
    per_country = [t for t in data["outputs"][0]["targets"] if t["per_country"]]
    assert [(t["value"], t["unit"]) for t in per_country] == [(60, "stakeholders")] * 3
    assert all("per country" in t["text"]["en"] for t in per_country)


def test_output_2_targets_50_local_actors_per_country_three_times(data):
    output_2 = data["outputs"][1]["targets"]
    assert [(t["value"], t["unit"], t["per_country"]) for t in output_2] == [
        (50, "stakeholders", True)
    ] * 3
    assert all("per country" in t["text"]["en"] for t in output_2)


def test_an_indicative_16_initiatives_programme_wide(data):
    target = targets(data)["1.T1"]
    assert (target["value"], target["unit"], target["per_country"]) == (16, "initiatives", False)
    assert "indicative number of 16" in target["text"]["en"]
    assert "might be revised" in target["note"]


def test_at_least_80_local_authorities_use_the_m4d_net(data):
    target = targets(data)["3.T1"]
    assert (target["value"], target["unit"], target["per_country"]) == (
        80,
        "local_authorities",
        False,
    )
    assert "minimum of 80 local authorities" in target["text"]["en"]


def test_at_least_20_knowledge_products(data):
    target = targets(data)["3.T3"]
    assert (target["value"], target["unit"], target["per_country"]) == (
        20,
        "knowledge_products",
        False,
    )
    assert "minimum of 20 quality knowledge products" in target["text"]["en"]


def test_enlarged_membership_is_a_qualitative_target(data):
    target = targets(data)["3.T2"]
    assert (target["value"], target["unit"]) == (None, "members")
    assert "enlarged membership" in target["text"]["en"]


def test_loaded_targets_hold_the_same_numbers(programme):
    values = {
        t.code: (t.value, t.per_country)
        for t in m.Target.objects.filter(output__programme=programme)
    }
    assert values["1.T1"] == (Decimal("16"), False)
    assert [values[f"1.T{n}"] for n in (2, 3, 4)] == [(Decimal("60"), True)] * 3
    assert [values[f"2.T{n}"] for n in (1, 2, 3)] == [(Decimal("50"), True)] * 3
    assert values["3.T1"] == (Decimal("80"), False)
    assert values["3.T3"] == (Decimal("20"), False)


# --- Governance --------------------------------------------------------------------------


def test_governance_bodies_are_as_the_management_arrangements_name_them(data):
    bodies = {b["code"]: b for b in data["governance_bodies"]}
    assert {"UNDP", "EC", "SDC"} <= set(bodies["steering_committee"]["members"])
    assert "UNDP, the EC and the SDC" in bodies["steering_committee"]["chair"]["en"]
    assert bodies["technical_committee"]["members"] == [
        "UNDP",
        "IOM",
        "ILO",
        "UNHCR",
        "UNFPA",
        "UNWOMEN",
    ]
    assert [r["en"] for r in bodies["pmu"]["roles"]] == [
        "Programme Manager",
        "Operations Manager",
        "Local Development Specialist",
    ]


# --- Translations ------------------------------------------------------------------------


def test_every_translated_field_is_written_in_all_four_languages(data):
    fields = translated_fields(data)
    assert len(fields) > 100
    for path, texts in fields:
        for language in LANGUAGES:
            assert texts[language].strip(), (path, language)


def test_french_spanish_and_arabic_differ_from_the_english(data):
    same = {
        (path, language)
        for path, texts in translated_fields(data)
        for language in ("fr", "es", "ar")
        if texts[language].strip() == texts["en"].strip()
    }
    assert same == SAME_AS_ENGLISH


def test_arabic_is_written_in_arabic_script(data):
    arabic_letter = re.compile("[\u0600-\u06ff]")
    for path, texts in translated_fields(data):
        assert arabic_letter.search(texts["ar"]), path


# --- Corrections from the line-by-line check against the document ------------------------

#: The clock every derivation of the work plan is counted on (see the file's comment).
CLOCK = "on the projects' clock (year 1 = S2-S3, year 2 = S4-S5, year 3 = S6 to the end, S9)"


def test_every_derivation_names_the_one_clock_it_is_counted_on(data):
    for sub in sub_activities(data):
        derivation = sub["basis"].split(" Derivation: ")[1]
        assert derivation.startswith(CLOCK + ", "), sub["code"]
        # The programme's own years were the second clock the first transcription mixed in.
        assert "programme year" not in derivation, sub["code"]


def test_stages_follow_the_projects_clock_capacity_in_years_1_and_2_relaying_from_year_3(data):
    by_code = {s["code"]: s["semesters"] for s in sub_activities(data)}
    years_1_and_2 = {"S2", "S3", "S4", "S5"}
    # "the first two years will be dedicated to building the capacities ...": the
    # projects' life (contracts in S2, "on average two years"), coaching and training.
    for code in ("1.1.5", "1.2.1", "1.2.2", "1.2.3", "1.2.4", "1.2.5", "1.3.1"):
        assert set(by_code[code]) <= years_1_and_2, code
    assert by_code["1.1.5"] == by_code["1.3.1"] == ["S2", "S3", "S4", "S5"]
    # "year 3" and "the last year of programme implementation" are one stage, S6 to S9.
    for code in ("2.2.1", "3.3.1"):
        assert by_code[code] == ["S6", "S7", "S8", "S9"], code
    assert by_code["3.2.1"][0] == "S6"


def test_contributions_record_their_agreement(data):
    contributions = {c["donor"]: c for c in data["budget"]["contributions"]}
    assert contributions["EC"]["agreement"] == "standard_contribution"
    assert contributions["EC"]["management_modality"] == "joint_management"
    assert contributions["SDC"]["agreement"] == "cost_sharing"
    assert "management_modality" not in contributions["SDC"]


def test_output_3_baseline_holds_the_m4d_nets_2119_practitioners_and_over_200_projects(data):
    figures = {f["code"]: f for f in data["outputs"][2]["baseline_figures"]}
    assert (figures["3.B1"]["value"], figures["3.B1"].get("qualifier", "exact")) == (2119, "exact")
    assert figures["3.B1"]["unit"] == "members"
    assert figures["3.B1"]["target"] == "3.T2"
    assert (figures["3.B2"]["value"], figures["3.B2"]["qualifier"]) == (200, "over")
    for figure in figures.values():
        for language in LANGUAGES:
            assert figure["text"][language].count("{value}") == 1, (figure["code"], language)


def test_loaded_baseline_figures_read_in_each_language_with_its_number_format(programme):
    from django.utils import translation

    figure = m.BaselineFigure.objects.get(output__programme=programme, code="3.B1")
    assert figure.value == Decimal("2119.00")
    with translation.override("en"):
        assert figure.sentence() == "2,119 practitioners around the world reached by the M4D Net"
    with translation.override("fr"):
        assert figure.sentence().startswith("2\xa0119 praticiens")
    with translation.override("ar"):
        assert figure.sentence().startswith("2.119 ممارساً")


MONITORING = {
    # code: (kind, parameter)
    "quality_assessment": ("quarterly", None),
    "issue_log": ("ongoing", None),
    "risk_log": ("ongoing", None),
    "progress_report": ("quarterly", None),
    "lessons_log": ("ongoing", None),
    "lessons_report": ("before_end", 0),
    "monitoring_schedule": ("ongoing", None),
    "annual_review_report": ("annually", 4),
    "annual_project_review": ("annually", 4),
    "external_evaluation": ("before_end", 3),
}


def test_monitoring_framework_lists_each_item_of_section_iv_with_its_due_rule(data):
    items = {i["code"]: i["due"] for i in data["monitoring"]}
    assert list(items) == list(MONITORING)
    for code, (kind, parameter) in MONITORING.items():
        due = items[code]
        assert due["kind"] == kind, code
        assert due.get("quarter", due.get("months")) == parameter, code
    assert items["annual_project_review"]["final_at_end"] is True  # "a final assessment"
    assert "final_at_end" not in items["annual_review_report"]


def test_monitoring_items_name_those_the_document_makes_responsible(data):
    responsible = {i["code"]: i.get("responsible", {}).get("en") for i in data["monitoring"]}
    for code in ("issue_log", "progress_report", "annual_review_report"):
        assert responsible[code] == "Programme Manager", code
    assert responsible["annual_project_review"] == "Steering Committee"
    assert responsible["quality_assessment"] is None  # the document names no one


def test_sdc_has_its_official_names_in_french_and_spanish(data):
    sdc = next(o for o in data["organisations"] if o["code"] == "SDC")["name"]
    assert sdc["fr"] == "Direction du développement et de la coopération (DDC)"
    assert sdc["es"] == "Agencia Suiza para el Desarrollo y la Cooperación (COSUDE)"
    texts = [t for _path, t in translated_fields(data)]
    assert not [t["fr"] for t in texts if "Coopération suisse" in t["fr"]]
    assert not [t["es"] for t in texts if "Cooperación Suiza" in t["es"]]


def test_the_arabic_rate_source_keeps_operational(data):
    assert data["budget"]["exchange_rate"]["source"]["ar"] == "سعر الصرف التشغيلي للأمم المتحدة"


def test_output_1_reads_in_natural_word_order_in_french_and_spanish(data):
    name = data["outputs"][0]["name"]
    assert name["fr"].startswith("L'impact sur le développement d'initiatives sélectionnées")
    assert " est maximisé grâce à " in name["fr"]
    assert name["es"].startswith("Se maximiza el impacto en el desarrollo de iniciativas")


def test_french_risks_3_and_6_say_political_leadership_and_involvement(data):
    risks = {r["number"]: r for r in data["risks"]}
    assert "changements de direction politique" in risks[3]["title"]["fr"]
    assert "exécutifs locaux" not in risks[3]["title"]["fr"]
    assert risks[6]["countermeasures"]["fr"].startswith("Implication de l'équipe de pays")


def test_meaningful_consortia_are_not_significant_ones_in_french_and_spanish(data):
    f6 = next(c for c in data["selection_criteria"] if c["code"] == "F6")["text"]
    assert "de véritables consortiums" in f6["fr"]
    assert "auténticos consorcios" in f6["es"]
    assert "significati" not in f6["fr"] + f6["es"]
