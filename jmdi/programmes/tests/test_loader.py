"""The programme loader: every broken copy of the real file is refused, precisely, and
changes nothing; a good file loads idempotently, with history, in one transaction.

Each broken copy is the real file with one thing changed as text; the expected line is
computed from the text that was changed, never written down by hand.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from jmdi.programmes import models as m
from jmdi.programmes.loader import (
    InvalidProgrammeFile,
    ProgrammeFileError,
    load_programme,
    read_programme_file,
)

REAL_FILE = Path(settings.BASE_DIR) / "programmes" / "jmdi-phase-2.yaml"
DISPLAY_NAME = "programmes/jmdi-phase-2.yaml"  # how the `programme` fixture names it
ERROR_LINE = re.compile(r"^(?P<file>.+):(?P<line>\d+): (?P<field>\S+): (?P<message>.+)$")


class Copy:
    """A copy of the real programme file, edited line by line as text."""

    def __init__(self, tmp_path: Path, name: str = "jmdi-phase-2.yaml") -> None:
        self.path = tmp_path / name
        self.lines = REAL_FILE.read_text(encoding="utf-8").splitlines(keepends=True)

    def find(self, pattern: str, after: int = 0) -> int:
        """The number (1-based) of the first line after line `after` matching `pattern`."""
        for number, line in enumerate(self.lines, start=1):
            if number > after and re.search(pattern, line):
                return number
        raise AssertionError(f"no line matches {pattern!r} after line {after}")

    def replace(self, pattern: str, old: str, new: str, after: int = 0) -> int:
        number = self.find(pattern, after)
        line = self.lines[number - 1]
        assert line.count(old) == 1, (old, line)
        self.lines[number - 1] = line.replace(old, new)
        return number

    def delete(self, first: int, last: int | None = None) -> None:
        del self.lines[first - 1 : (last or first)]

    def delete_item(self, number: int) -> None:
        """Delete the list item (`- ...`) starting at line `number`, with all it holds."""
        dash = len(self.lines[number - 1]) - len(self.lines[number - 1].lstrip(" "))
        last = number
        for following, line in enumerate(self.lines[number:], start=number + 1):
            if line.strip() and len(line) - len(line.lstrip(" ")) <= dash:
                break
            last = following
        self.delete(number, last)

    def text(self, number: int) -> str:
        return self.lines[number - 1]

    def write(self) -> Path:
        self.path.write_text("".join(self.lines), encoding="utf-8")
        return self.path


def database_state() -> dict[str, Any]:
    """Row counts of every programme and directory model (history and m2m tables included),
    and the full content of every programme record."""
    state: dict[str, Any] = {}
    for label in ("programmes", "directory"):
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            state[f"count {model._meta.label}"] = model._default_manager.count()
    for model in apps.get_app_config("programmes").get_models(include_auto_created=True):
        if not model._meta.label.split(".")[1].startswith("Historical"):
            state[f"rows {model._meta.label}"] = list(
                model._default_manager.order_by("pk").values_list()
            )
    return state


def history_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for label in ("programmes", "directory")
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
        if model._meta.label.split(".")[1].startswith("Historical")
    }


def rejected_without_change(
    path: Path, display_name: str | None = None
) -> list[ProgrammeFileError]:
    """Load `path`, expect it to be refused, and check that the database did not change."""
    before = database_state()
    output_1_arabic = m.Output.objects.get(programme__code="jmdi-2", code="1").name_ar
    with pytest.raises(InvalidProgrammeFile) as refused:
        load_programme(path, display_name)
    assert database_state() == before
    assert m.Output.objects.get(programme__code="jmdi-2", code="1").name_ar == output_1_arabic
    assert str(refused.value) == "\n".join(str(e) for e in refused.value.errors)
    return refused.value.errors


def assert_errors(
    errors: list[ProgrammeFileError],
    file: Path | str,
    expected: Iterable[tuple[int, str, Iterable[str]]],
) -> None:
    """`expected`: (line, field path, fragments the message must hold), in line order."""
    expected = list(expected)
    assert [(e.file, e.line, e.field) for e in errors] == [
        (str(file), line, field) for line, field, _ in expected
    ]
    for error, (line, field, fragments) in zip(errors, expected, strict=True):
        assert str(error) == f"{file}:{line}: {field}: {error.message}"
        for fragment in fragments:
            assert fragment in error.message, (fragment, error.message)


@pytest.fixture
def copy(tmp_path: Path) -> Copy:
    return Copy(tmp_path)


# --- Broken copies are refused with file, line, field and a fix; nothing changes -------


def test_impossible_semester_end_date_is_rejected_with_file_line_and_field(programme, copy):
    s9 = copy.find(r"^  - code: S9$")
    line = copy.replace(r"^    end: 2017-04-17$", "2017-04-17", "2017-04-31", after=s9)

    errors = rejected_without_change(copy.write())

    assert_errors(
        errors,
        copy.path,
        [
            (
                line,
                "semesters[8].end",
                ["2017-04-31 is not a date that exists", "write an existing date as YYYY-MM-DD"],
            )
        ],
    )


def test_impossible_programme_end_date_is_rejected_with_file_line_and_field(programme, copy):
    line = copy.replace(r"^  end_date: 2017-04-17", "2017-04-17", "2017-04-31")

    errors = rejected_without_change(copy.write())

    assert_errors(
        errors,
        copy.path,
        [
            (
                line,
                "programme.end_date",
                ["2017-04-31 is not a date that exists", "write an existing date as YYYY-MM-DD"],
            )
        ],
    )


def test_unknown_country_code_is_rejected_with_file_line_and_field(programme, copy):
    line = copy.replace(r"^  - code: MA ", "MA", "XX")

    errors = rejected_without_change(copy.write())

    assert_errors(
        errors,
        copy.path,
        [(line, "countries[3].code", ["'XX' is not an ISO 3166-1 country code", "use e.g. MA"])],
    )


def test_contribution_changed_alone_is_rejected_at_its_equivalent_and_at_the_total(programme, copy):
    budget = copy.find(r"^budget:$")
    total = copy.find(r'^    EUR: "7401333.33"$', after=budget)
    amount = copy.replace(r'^      amount: "5600000.00"$', "5600000.00", "5600000.01", after=budget)
    equivalent = copy.find(r"^      equivalent: \{currency: USD", after=amount)
    assert equivalent == amount + 1

    errors = rejected_without_change(copy.write())

    assert_errors(
        errors,
        copy.path,
        [
            (
                total,
                "budget.total.EUR",
                ["add up to 7401333.34 EUR, not 7401333.33", "correct the total or a contribution"],
            ),
            (
                equivalent,
                "budget.contributions[0].equivalent.amount",
                ["5600000.01 EUR at 0.772 is 7253886.02 USD, not 7253886.01", "correct the amount"],
            ),
        ],
    )


def test_total_the_contributions_do_not_add_up_to_is_rejected_with_file_line_and_field(
    programme, copy
):
    line = copy.replace(r'^    USD: "9587219.34"$', "9587219.34", "9587219.43")

    errors = rejected_without_change(copy.write())

    assert_errors(
        errors,
        copy.path,
        [
            (
                line,
                "budget.total.USD",
                ["add up to 9587219.34 USD, not 9587219.43", "correct the total or a contribution"],
            )
        ],
    )


def test_probability_of_seven_is_rejected_as_outside_the_one_to_five_scale(programme, copy):
    risks = copy.find(r"^risks:$")
    line = copy.replace(r"^    probability: 3$", "3", "7", after=risks)

    errors = rejected_without_change(copy.write())

    assert_errors(
        errors,
        copy.path,
        [(line, "risks[0].probability", ["7 is outside the scale", "whole number from 1 to 5"])],
    )


def test_missing_arabic_translation_of_an_output_name_is_rejected_at_the_name(programme, copy):
    outputs = copy.find(r"^outputs:$")
    name = copy.find(r"^    name:$", after=outputs)
    arabic = copy.find(r"^      ar: ", after=name)
    assert arabic == name + 4
    copy.delete(arabic)

    errors = rejected_without_change(copy.write())

    assert_errors(
        errors,
        copy.path,
        [(name, "outputs[0].name.ar", ["Arabic translation is missing", "add `ar:`"])],
    )


def test_empty_translation_is_rejected_with_file_line_and_field(programme, copy):
    criteria = copy.find(r"^selection_criteria:$")
    line = copy.find(r"^      fr: ", after=criteria)
    copy.lines[line - 1] = '      fr: ""\n'

    errors = rejected_without_change(copy.write())

    assert_errors(
        errors,
        copy.path,
        [
            (
                line,
                "selection_criteria[0].text.fr",
                ["French text is empty", "write the translation"],
            )
        ],
    )


def test_negative_amount_is_rejected_with_file_line_and_field(programme, copy):
    line = copy.replace(r'^      amount: "2333333.33"$', '"2333333.33"', '"-2333333.33"')

    errors = rejected_without_change(copy.write())

    assert_errors(
        errors,
        copy.path,
        [
            (
                line,
                "budget.contributions[1].amount",
                ["'-2333333.33' is not an amount", "quoted decimal", "cannot be negative"],
            )
        ],
    )


def test_malformed_yaml_is_rejected_at_the_badly_indented_line(programme, copy):
    risks = copy.find(r"^risks:$")
    line = copy.replace(
        r"^    probability_label: ", "    probability_label", "   probability_label", risks
    )

    errors = rejected_without_change(copy.write())

    assert_errors(errors, copy.path, [(line, "(file)", ["not valid YAML", "check indentation"])])


def test_tab_in_the_indentation_is_rejected_as_malformed_yaml_at_its_line(programme, copy):
    line = copy.replace(r"^  duration_months: 53", "  duration_months", "\tduration_months")

    errors = rejected_without_change(copy.write())

    assert_errors(errors, copy.path, [(line, "(file)", ["not valid YAML", "'\\t'"])])


def test_misspelt_key_is_rejected_as_unknown_and_the_required_key_as_missing(programme, copy):
    risks = copy.find(r"^risks:$")
    risk_1 = copy.find(r"^  - number: 1$", after=risks)
    line = copy.replace(r"^    countermeasures:$", "countermeasures", "countermesures", after=risks)

    errors = rejected_without_change(copy.write())

    assert_errors(
        errors,
        copy.path,
        [
            (risk_1, "risks[0].countermeasures", ["`countermeasures` is required here; add it"]),
            (
                line,
                "risks[0].countermesures",
                ["unknown field `countermesures`", "check its spelling", "countermeasures"],
            ),
        ],
    )


def test_key_given_twice_in_a_block_is_rejected_at_the_second(programme, copy):
    line = copy.find(r"^  duration_months: 53")
    copy.lines.insert(line, "  duration_months: 54\n")

    errors = rejected_without_change(copy.write())

    assert_errors(
        errors,
        copy.path,
        [(line + 1, "programme.duration_months", ["given twice in the same block", "keep one"])],
    )


def test_sub_activity_referring_to_an_unknown_semester_is_rejected(programme, copy):
    sub = copy.find(r'^          - code: "1.2.1"$')
    line = copy.replace(r"^            semesters: \[S2, S3\]$", "S3]", "S10]", after=sub)

    errors = rejected_without_change(copy.write())

    assert_errors(
        errors,
        copy.path,
        [
            (
                line,
                "outputs[0].activities[1].sub_activities[0].semesters[1]",
                ["semester 'S10' is not listed under `semesters`"],
            )
        ],
    )


@pytest.mark.parametrize(
    ("pattern", "old", "new", "field"),
    [
        (
            r'^          - code: "1.1.2"$',
            "1.1.2",
            "1.1.1",
            "outputs[0].activities[0].sub_activities[1].code",
        ),
        (r'^  - code: "2"$', '"2"', '"1"', "outputs[1].code"),
        (r"^  - code: F2$", "F2", "F1", "selection_criteria[1].code"),
        (r"^  - \{code: S2,", "S2", "S1", "semesters[1].code"),
        (r"^  - number: 2$", "2", "1", "risks[1].number"),
    ],
    ids=["sub-activity", "output", "selection criterion", "semester", "risk number"],
)
def test_duplicated_code_is_rejected_at_its_second_use(programme, copy, pattern, old, new, field):
    line = copy.replace(pattern, old, new)

    errors = rejected_without_change(copy.write())

    first = errors[0]
    assert (first.line, first.field) == (line, field)
    assert "is used twice; each must be unique" in first.message
    assert all(e.file == str(copy.path) for e in errors)


def test_an_impossible_month_for_a_risk_is_refused_with_its_line(programme, copy):
    line = copy.replace(r"^    date_identified: 2012-05$", "2012-05", "2012-13")

    errors = rejected_without_change(copy.write())

    assert_errors(
        errors,
        copy.path,
        [
            (
                line,
                "risks[0].date_identified",
                ["2012-13 is not a date that exists", "month must be in 1..12", "YYYY-MM"],
            )
        ],
    )


def test_a_semester_outside_the_programme_period_is_refused(programme, copy):
    line = copy.replace(r"^  - \{code: S1, start: 2012-12-01", "2012-12-01", "2012-11-01")

    errors = rejected_without_change(copy.write())

    assert_errors(
        errors,
        copy.path,
        [
            (
                line,
                "semesters[0]",
                [
                    "the semester 2012-11-01 to 2013-05-31 falls outside the programme period "
                    "2012-12-01 to 2017-04-17"
                ],
            )
        ],
    )


@pytest.mark.parametrize("rate", ["0", "0.000"])
def test_an_exchange_rate_of_zero_is_refused(programme, copy, rate):
    line = copy.replace(r'^    rate: "0.772"', '"0.772"', f'"{rate}"')

    errors = rejected_without_change(copy.write())

    assert_errors(
        errors,
        copy.path,
        [(line, "budget.exchange_rate.rate", [f"{rate!r} is not a rate", "greater than zero"])],
    )


def _sdc_in_usd(copy: Copy, usd: Decimal, eur: Decimal) -> None:
    """The SDC contribution set to `usd` (equivalent `eur`), the totals following."""
    budget = copy.find(r"^budget:$")
    copy.replace(r'^    EUR: "7401333.33"$', "7401333.33", str(Decimal("5600000.00") + eur), budget)
    copy.replace(r'^    USD: "9587219.34"$', "9587219.34", str(Decimal("7253886.01") + usd), budget)
    sdc = copy.find(r"^    - donor: SDC$", after=budget)
    copy.replace(r'^      amount: "2333333.33"$', "2333333.33", str(usd), after=sdc)
    copy.replace(r"^      equivalent: \{currency: EUR", "1801333.33", str(eur), after=sdc)


#: USD 2,333,331.25 at 0.772 is EUR 1,801,331.725 exactly: half a cent, after an even cent,
#: so rounding half-up (…1.73) and half-to-even (…1.72) disagree.
HALF_CENT_USD = Decimal("2333331.25")


def test_an_equivalent_at_exactly_half_a_cent_is_rounded_half_up(programme, copy):
    exact = HALF_CENT_USD * Decimal("0.772")
    half_up = exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert exact == Decimal("1801331.72500")
    assert half_up != exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)
    _sdc_in_usd(copy, HALF_CENT_USD, half_up)

    report = load_programme(copy.write(), DISPLAY_NAME)

    assert report.updated == {"programmes": 1, "contributions": 1}
    sdc = m.Contribution.objects.get(programme=programme, donor__code="SDC")
    assert (sdc.amount, sdc.equivalent_amount) == (HALF_CENT_USD, Decimal("1801331.73"))


def test_an_equivalent_rounded_half_to_even_is_refused_with_the_half_up_amount(programme, copy):
    half_even = (HALF_CENT_USD * Decimal("0.772")).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_EVEN
    )
    _sdc_in_usd(copy, HALF_CENT_USD, half_even)
    sdc = copy.find(r"^    - donor: SDC$")
    line = copy.find(r"^      equivalent: \{currency: EUR", after=sdc)

    errors = rejected_without_change(copy.write())

    # The totals follow the amounts given, so the equivalent is the one error.
    assert [(e.line, e.field) for e in errors] == [
        (line, "budget.contributions[1].equivalent.amount")
    ]
    assert "2333331.25 USD at 0.772 is 1801331.73 EUR, not 1801331.72" in errors[0].message
    assert "rounded half-up to the cent" in errors[0].message


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        (
            "due: {kind: annually, quarter: 4}",
            "due: {kind: annually}",
            "monitoring[7].due",
            "kind annually needs `quarter` (e.g. `quarter: 4`); add it.",
        ),
        (
            "due: {kind: quarterly}",
            "due: {kind: quarterly, quarter: 2}",
            "monitoring[0].due.quarter",
            "`quarter` applies to kind annually only",
        ),
        (
            "due: {kind: before_end, months: 3}",
            "due: {kind: before_end, months: 60}",
            "monitoring[9].due.months",
            "60 months before the end (2017-04-17) is before the programme starts (2012-12-01)",
        ),
        (
            "due: {kind: before_end, months: 3}",
            "due: {kind: before_end}",
            "monitoring[9].due",
            "kind before_end needs `months` (e.g. `months: 3`); add it.",
        ),
        (
            "due: {kind: before_end, months: 3}",
            "due: {kind: before_end, months: 3, final_at_end: true}",
            "monitoring[9].due.final_at_end",
            "`final_at_end` applies to kind annually only",
        ),
        (
            "due: {kind: quarterly}",
            "due: {kind: monthly}",
            "monitoring[0].due.kind",
            "'monthly' is not one of the allowed values: ongoing, quarterly, annually, before_end",
        ),
    ],
    ids=["no quarter", "stray quarter", "too many months", "no months", "stray final", "kind"],
)
def test_a_monitoring_due_rule_that_cannot_be_evaluated_is_refused(
    programme, copy, old, new, field, message
):
    line = copy.replace(f"^    {re.escape(old)}$", old, new, after=copy.find(r"^monitoring:$"))

    errors = rejected_without_change(copy.write())

    assert_errors(errors, copy.path, [(line, field, [message])])


def test_a_baseline_figure_without_its_number_or_with_another_outputs_target_is_refused(
    programme, copy
):
    figures = copy.find(r"^    baseline_figures:$")
    text = copy.replace(r"^          fr: \"\{value\} praticiens", "{value} ", "", after=figures)
    target = copy.replace(r'^        target: "3.T2"$', "3.T2", "1.T1", after=figures)

    errors = rejected_without_change(copy.write())

    assert_errors(
        errors,
        copy.path,
        [
            (
                text,
                "outputs[2].baseline_figures[0].text.fr",
                ["write {value} once where the number goes"],
            ),
            (
                target,
                "outputs[2].baseline_figures[0].target",
                ["target '1.T1' is not a target of output 3"],
            ),
        ],
    )


def test_error_names_the_file_as_it_was_given(programme, copy):
    line = copy.replace(r"^  end_date: 2017-04-17", "2017-04-17", "2017-04-31")

    errors = rejected_without_change(copy.write(), "programmes/jmdi-phase-2.yaml")

    assert_errors(errors, "programmes/jmdi-phase-2.yaml", [(line, "programme.end_date", [])])


def test_every_error_of_a_file_is_reported_together_in_line_order(programme, copy):
    probability = copy.replace(r"^    probability: 3$", "3", "7", after=copy.find(r"^risks:$"))
    date = copy.replace(r"^  end_date: 2017-04-17", "2017-04-17", "2017-04-31")

    errors = rejected_without_change(copy.write())

    assert [(e.line, e.field) for e in errors] == [
        (date, "programme.end_date"),
        (probability, "risks[0].probability"),
    ]


def test_a_missing_file_is_refused_without_a_traceback(programme, tmp_path):
    errors = rejected_without_change(tmp_path / "nowhere.yaml")

    assert_errors(
        errors, tmp_path / "nowhere.yaml", [(0, "(file)", ["no such file", "check the path"])]
    )


# --- Through the management command -----------------------------------------------------


def test_command_prints_each_error_as_file_line_field_message_and_changes_nothing(programme, copy):
    probability = copy.replace(r"^    probability: 3$", "3", "7", after=copy.find(r"^risks:$"))
    s9 = copy.find(r"^  - code: S9$")
    date = copy.replace(r"^    end: 2017-04-17$", "2017-04-17", "2017-04-31", after=s9)
    path = copy.write()
    before = database_state()
    out, err = StringIO(), StringIO()

    with pytest.raises(CommandError) as failed:
        call_command("loadprogramme", str(path), stdout=out, stderr=err)

    assert str(failed.value) == f"2 error(s) in {path}; nothing was changed."
    lines = err.getvalue().splitlines()
    parsed = [ERROR_LINE.match(line) for line in lines]
    assert all(parsed), lines
    assert [(p["file"], int(p["line"]), p["field"]) for p in parsed if p] == [
        (str(path), date, "semesters[8].end"),
        (str(path), probability, "risks[0].probability"),
    ]
    with pytest.raises(InvalidProgrammeFile) as refused:
        read_programme_file(path, str(path))
    assert lines == [str(e) for e in refused.value.errors]
    assert out.getvalue() == ""
    assert database_state() == before


def test_command_refuses_a_malformed_file_with_its_line(programme, copy):
    line = copy.replace(r"^  duration_months: 53", "  duration_months", "\tduration_months")
    path = copy.write()
    err = StringIO()

    with pytest.raises(CommandError, match=r"^1 error\(s\) in .*; nothing was changed\.$"):
        call_command("loadprogramme", str(path), stdout=StringIO(), stderr=err)

    (only,) = err.getvalue().splitlines()
    assert only.startswith(f"{path}:{line}: (file): not valid YAML: ")


def test_command_loads_the_real_file_then_finds_it_up_to_date(db, monkeypatch):
    monkeypatch.chdir(settings.BASE_DIR)
    first = StringIO()
    call_command("loadprogramme", DISPLAY_NAME, stdout=first, stderr=StringIO())
    assert "created 3 outputs" in first.getvalue()
    assert first.getvalue().rstrip().endswith(f"jmdi-2: loaded from {DISPLAY_NAME}.")
    before = database_state()

    second = StringIO()
    call_command("loadprogramme", DISPLAY_NAME, stdout=second, stderr=StringIO())

    assert second.getvalue() == "jmdi-2: up to date, nothing changed.\n"
    assert database_state() == before


# --- Idempotent, with history -------------------------------------------------------------


def test_loading_the_real_file_twice_changes_nothing_and_adds_no_history(programme):
    before = database_state()

    report = load_programme(REAL_FILE, DISPLAY_NAME)

    assert report.changed is False
    assert report.created == {}
    assert report.updated == {}
    assert report.unchanged > 0
    assert database_state() == before


def test_loading_an_unchanged_copy_changes_nothing(programme, copy):
    before = database_state()

    report = load_programme(copy.write(), DISPLAY_NAME)

    assert report.changed is False
    assert database_state() == before


def test_changing_one_text_updates_exactly_that_record_and_adds_one_history_row(programme, copy):
    risk_6 = copy.find(r"^  - number: 6$")
    copy.replace(
        r"^      en: ",
        "Duplication with other M&D initiatives with similar objectives",
        "Duplication with other M&D initiatives pursuing similar objectives",
        after=risk_6,
    )
    before = database_state()
    history_before = history_counts()

    report = load_programme(copy.write(), DISPLAY_NAME)

    assert report.changed is True
    assert report.created == {}
    assert report.updated == {"risks": 1}
    risk = m.Risk.objects.get(programme=programme, number=6)
    assert risk.title_en == "Duplication with other M&D initiatives pursuing similar objectives"
    assert risk.title_fr  # the other languages are untouched
    history_after = history_counts()
    assert (
        history_after.pop("programmes.HistoricalRisk")
        == history_before.pop("programmes.HistoricalRisk") + 1
    )
    assert history_after == history_before
    latest = risk.history.order_by("-history_id").first()
    assert latest.history_type == "~"
    assert latest.title_en == risk.title_en
    after = database_state()
    changed = {key for key in before if before[key] != after[key]}
    assert changed == {"count programmes.HistoricalRisk", "rows programmes.Risk"}
    rows_before = {row[0]: row for row in before["rows programmes.Risk"]}
    rows_after = {row[0]: row for row in after["rows programmes.Risk"]}
    assert [pk for pk in rows_after if rows_after[pk] != rows_before[pk]] == [risk.pk]


def test_changing_a_sub_activitys_semesters_updates_its_plan_with_history(programme, copy):
    sub = copy.find(r'^          - code: "1.2.2"$')
    copy.replace(r"^            semesters: \[S3\]$", "[S3]", "[S3, S4]", after=sub)
    history_before = history_counts()

    report = load_programme(copy.write(), DISPLAY_NAME)

    assert report.updated == {"sub-activities (semesters)": 1}
    sub_activity = m.SubActivity.objects.get(activity__output__programme=programme, code="1.2.2")
    assert [s.code for s in sub_activity.semesters.order_by("order")] == ["S3", "S4"]
    assert (
        history_counts()["programmes.HistoricalSubActivity"]
        > history_before["programmes.HistoricalSubActivity"]
    )


def test_loaded_records_hold_the_files_text_in_every_language(programme):
    """Each translated column is the file's own text, so no language is filled from another."""
    data = read_programme_file(REAL_FILE).data
    languages = ("en", "fr", "es", "ar")
    expected: list[tuple[Any, str, dict[str, str]]] = []
    for item in data["risks"]:
        risk = m.Risk.objects.get(programme=programme, number=item["number"])
        for name in ("title", "effect", "countermeasures", "owner", "submitted_by"):
            expected.append((risk, name, item[name]))
    for output in data["outputs"]:
        record = m.Output.objects.get(programme=programme, code=output["code"])
        expected += [(record, "name", output["name"]), (record, "baseline", output["baseline"])]
        for target in output["targets"]:
            expected.append((record.targets.get(code=target["code"]), "text", target["text"]))
        for figure in output.get("baseline_figures", []):
            record_figure = record.baseline_figures.get(code=figure["code"])
            expected.append((record_figure, "text", figure["text"]))
    for item in data["monitoring"]:
        record = m.MonitoringItem.objects.get(programme=programme, code=item["code"])
        for name in ("name", "purpose", "responsible", "recipient"):
            if name in item:
                expected.append((record, name, item[name]))
    for item in data["selection_criteria"]:
        criterion = m.SelectionCriterion.objects.get(programme=programme, code=item["code"])
        expected.append((criterion, "text", item["text"]))

    assert len(expected) > 80
    for record, name, texts in expected:
        stored = {language: getattr(record, f"{name}_{language}") for language in languages}
        assert stored == texts, (record, name)


def test_a_first_load_leaves_one_history_row_per_record(db):
    load_programme(REAL_FILE, DISPLAY_NAME)

    tracked = [
        model
        for model in apps.get_app_config("programmes").get_models()
        if hasattr(model._meta, "simple_history_manager_attribute")
    ]
    assert {m.SubActivity, m.MonitoringItem, m.BaselineFigure} <= set(tracked)
    for model in tracked:
        rows = model.history.values_list("id", "history_type")  # type: ignore[attr-defined]
        records = model._default_manager.values_list("pk", flat=True)
        assert sorted(rows) == sorted((pk, "+") for pk in records), model
    # A record with links is recorded once they are set: its creation holds them.
    (created,) = m.SubActivity.objects.get(code="1.2.5").history.all()
    assert list(created.semesters.values_list("semester__code", flat=True)) == ["S4"]
    (created,) = m.GovernanceBody.objects.get(code="technical_committee").history.all()
    assert created.members.count() == 6


def test_a_change_to_a_records_text_and_links_is_one_history_row(programme, copy):
    sub = copy.find(r'^          - code: "1.2.2"$')
    copy.replace(r"^            semesters: \[S3\]$", "[S3]", "[S4]", after=sub)
    copy.replace(r"^              en: ", "Designing technical", "Drafting the technical", after=sub)
    history_before = history_counts()

    report = load_programme(copy.write(), DISPLAY_NAME)

    assert report.updated == {"sub-activities": 1, "sub-activities (semesters)": 1}
    history_after = history_counts()
    added = {k: history_after[k] - history_before[k] for k in history_after}
    # One row for the change, and the link it records (S4).
    assert {k: n for k, n in added.items() if n} == {
        "programmes.HistoricalSubActivity": 1,
        "programmes.HistoricalSubActivity_semesters": 1,
    }
    sub_activity = m.SubActivity.objects.get(activity__output__programme=programme, code="1.2.2")
    latest = sub_activity.history.latest()
    assert latest.history_type == "~"
    assert latest.name_en.startswith("Drafting the technical")
    assert list(latest.semesters.values_list("semester__code", flat=True)) == ["S4"]


# --- Records are never deleted ----------------------------------------------------------


def test_removing_an_output_from_the_file_is_refused_and_deletes_nothing(programme, copy):
    outputs = copy.find(r"^outputs:$")
    copy.delete_item(copy.find(r'^  - code: "3"$', after=outputs))

    errors = rejected_without_change(copy.write())

    assert_errors(
        errors,
        copy.path,
        [
            (
                outputs,
                "outputs",
                ["outputs 3 exist in the database but not in the file", "never deleted"],
            )
        ],
    )
    assert m.Output.objects.filter(programme=programme, code="3").exists()


def test_removing_a_sub_activity_from_the_file_is_refused_at_its_list(programme, copy):
    activity = copy.find(r'^      - code: "1.2"$')
    subs = copy.find(r"^        sub_activities:$", after=activity)
    copy.delete_item(copy.find(r'^          - code: "1.2.5"$', after=subs))

    errors = rejected_without_change(copy.write())

    assert_errors(
        errors,
        copy.path,
        [
            (
                subs,
                "outputs[0].activities[1].sub_activities",
                ["sub-activities 1.2.5 exist in the database but not in the file"],
            )
        ],
    )


def test_removing_a_risk_from_the_file_is_refused(programme, copy):
    risks = copy.find(r"^risks:$")
    copy.delete_item(copy.find(r"^  - number: 6$", after=risks))

    errors = rejected_without_change(copy.write())

    assert_errors(errors, copy.path, [(risks, "risks", ["risks 6 exist in the database"])])


def test_removing_records_of_several_kinds_reports_each_at_its_list_in_line_order(programme, copy):
    indicators = copy.find(r"^    indicators:$", after=copy.find(r'^  - code: "3"$'))
    copy.delete_item(copy.find(r'^      - code: "3.I7"$', after=indicators))
    criteria = copy.find(r"^selection_criteria:$")
    copy.delete_item(copy.find(r"^  - code: F11$", after=criteria))

    errors = rejected_without_change(copy.write())

    assert_errors(
        errors,
        copy.path,
        [
            (indicators, "outputs[2].indicators", ["indicators 3.I7 exist in the database"]),
            (criteria, "selection_criteria", ["selection criteria F11 exist in the database"]),
        ],
    )


@pytest.mark.parametrize(
    ("list_pattern", "after_pattern", "item_pattern", "field", "message"),
    [
        (
            r"^    targets:$",
            r'^  - code: "1"$',
            r'^      - code: "1.T4"$',
            "outputs[0].targets",
            "targets 1.T4 exist in the database but not in the file",
        ),
        (
            r"^    activities:$",
            r'^  - code: "1"$',
            r'^      - code: "1.3"$',
            "outputs[0].activities",
            "activities 1.3 exist in the database but not in the file",
        ),
        (
            r"^    baseline_figures:$",
            r'^  - code: "3"$',
            r'^      - code: "3.B2"$',
            "outputs[2].baseline_figures",
            "baseline figures 3.B2 exist in the database but not in the file",
        ),
        (
            r"^countries:$",
            r"^format:",
            r"^  - code: NP ",
            "countries",
            "countries NP exist in the database but not in the file",
        ),
        (
            r"^governance_bodies:$",
            r"^format:",
            r"^  - code: focal_points$",
            "governance_bodies",
            "governance bodies focal_points exist in the database but not in the file",
        ),
        (
            r"^monitoring:$",
            r"^format:",
            r"^  - code: external_evaluation$",
            "monitoring",
            "monitoring items external_evaluation exist in the database but not in the file",
        ),
    ],
    ids=["target", "activity", "baseline figure", "country", "governance body", "monitoring item"],
)
def test_removing_a_record_from_the_file_is_refused_at_its_list(
    programme, copy, list_pattern, after_pattern, item_pattern, field, message
):
    listed = copy.find(list_pattern, after=copy.find(after_pattern))
    copy.delete_item(copy.find(item_pattern, after=listed))

    errors = rejected_without_change(copy.write())

    assert_errors(errors, copy.path, [(listed, field, [message, "never deleted"])])


def test_removing_a_semester_no_sub_activity_plans_in_is_refused(programme, copy):
    semesters = copy.find(r"^semesters:$")
    copy.delete_item(copy.find(r"^  - code: S9$", after=semesters))
    # Take S9 out of every plan too, so that the refusal is the never-delete rule's.
    copy.lines = [line.replace(", S9]", "]") for line in copy.lines]

    errors = rejected_without_change(copy.write())

    assert_errors(
        errors,
        copy.path,
        [(semesters, "semesters", ["semesters S9 exist in the database but not in the file"])],
    )


def test_removing_a_contribution_is_refused_even_when_the_totals_are_corrected(programme, copy):
    budget = copy.find(r"^budget:$")
    copy.replace(r'^    EUR: "7401333.33"$', "7401333.33", "5600000.00", after=budget)
    copy.replace(r'^    USD: "9587219.34"$', "9587219.34", "7253886.01", after=budget)
    contributions = copy.find(r"^  contributions:$", after=budget)
    copy.delete_item(copy.find(r"^    - donor: SDC$", after=contributions))

    errors = rejected_without_change(copy.write())

    assert_errors(
        errors,
        copy.path,
        [
            (
                contributions,
                "budget.contributions",
                ["contributions of SDC exist in the database but not in the file"],
            )
        ],
    )


# --- All or nothing -----------------------------------------------------------------------


def _fail_on_call(monkeypatch, model: type, n: int) -> list[int]:
    calls: list[int] = []
    original = model.full_clean

    def full_clean(self, *args, **kwargs):
        calls.append(1)
        if len(calls) == n:
            raise ValidationError(f"simulated failure on call {n}")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(model, "full_clean", full_clean)
    return calls


def test_a_failure_half_way_through_a_first_load_writes_nothing(db, monkeypatch):
    before = database_state()
    calls = _fail_on_call(monkeypatch, m.SubActivity, 10)

    with pytest.raises(ValidationError, match="simulated failure on call 10"):
        load_programme(REAL_FILE, DISPLAY_NAME)

    assert len(calls) == 10  # the programme, its outputs and activities were written first
    assert database_state() == before
    assert not m.Programme.objects.exists()


def test_a_failure_half_way_through_a_reload_leaves_the_earlier_changes_unwritten(
    programme, copy, monkeypatch
):
    copy.replace(r"^    en: \"JMDI phase II\"$", "JMDI phase II", "JMDI, phase II")
    risk_6 = copy.find(r"^  - number: 6$")
    copy.replace(r"^    probability: 1$", "1", "2", after=risk_6)
    before = database_state()
    calls = _fail_on_call(monkeypatch, m.Risk, 1)

    with pytest.raises(ValidationError):
        load_programme(copy.write(), DISPLAY_NAME)

    assert len(calls) == 1
    assert database_state() == before
    assert m.Programme.objects.get(code="jmdi-2").short_name_en == "JMDI phase II"


def test_loading_the_same_file_by_another_path_changes_nothing(programme, tmp_path):
    from jmdi.programmes.loader import load_programme

    copy = tmp_path / "jmdi-phase-2.yaml"
    copy.write_text(REAL_FILE.read_text(encoding="utf-8"), encoding="utf-8")
    report = load_programme(copy, str(copy))
    assert report.changed is False
