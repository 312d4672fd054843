"""The programme loader: every broken copy of the real file is refused, precisely, and
changes nothing; a good file loads idempotently, with history, in one transaction.

Each broken copy is the real file with one thing changed as text; the expected line is
computed from the text that was changed, never written down by hand.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
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
