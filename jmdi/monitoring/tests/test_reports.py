"""The monitoring sections of the progress reports, from known records, as of the report's
date."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from jmdi.core.measures import Period
from jmdi.core.reports import QUARTERLY, ReportContext, Table, section_from_dict, section_to_dict
from jmdi.monitoring import reports, services
from jmdi.monitoring.tests import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("programme_once_per_module")]

Q2 = Period("2014-Q2", "quarter", dt.date(2014, 4, 1), dt.date(2014, 6, 30))


def _context(as_of: dt.date = Q2.end) -> ReportContext:
    return ReportContext("jmdi-2", QUARTERLY, Q2, as_of, "en")


def _tables(section) -> list[Table]:
    return [b for b in section.blocks if isinstance(b, Table)]


#: Bidirectional isolates: how the text is laid out, not what it says.
ISOLATES = str.maketrans("", "", "\u2066\u2067\u2068\u2069")


def _texts(table: Table) -> list[list[str]]:
    return [[c.text.translate(ISOLATES) for c in row] for row in table.rows]


def test_work_plan_status_counts_and_delays_as_they_stood_on_the_report_date(pmu):
    f.status(pmu, "MA", "delayed", "Elections", at=f.at(dt.date(2014, 5, 2)))
    f.status(pmu, None, "on_track", at=f.at(dt.date(2014, 5, 3)))
    # Changed after the report's date: the report keeps the delay.
    f.status(pmu, "MA", "done", at=f.at(dt.date(2014, 8, 1)))
    section = reports.work_plan_section(_context())
    counts, delayed = _tables(section)
    assert {r[0]: r[1] for r in _texts(counts)}["Delayed"] == "1"
    assert {r[0]: r[1] for r in _texts(counts)}["On track"] == "1"
    assert [r[3] for r in _texts(delayed)] == ["Elections"]
    # Words people wrote keep their own direction inside a report in another script.
    assert [row[3].text for row in delayed.rows] == ["\u2068Elections\u2069"]
    later = reports.work_plan_section(_context(dt.date(2014, 9, 30)))
    assert _texts(_tables(later)[1]) == []
    # Blocks are plain data: a frozen report keeps them.
    frozen = json.loads(json.dumps(section_to_dict(section)))
    assert json.loads(json.dumps(section_to_dict(section_from_dict(frozen)))) == frozen


def test_risks_heat_map_and_the_reviews_of_the_period(pmu):
    risk = f.risk(1)
    services.record_risk_review(
        actor=pmu, risk=risk, status="increasing", probability=5, impact=5,
        reviewed_on=dt.date(2014, 5, 10), at=f.at(dt.date(2014, 5, 10)),
    )  # fmt: skip
    services.record_risk_review(
        actor=pmu, risk=risk, status="dead", probability=1, impact=1,
        reviewed_on=dt.date(2014, 8, 10), at=f.at(dt.date(2014, 8, 10)),
    )  # fmt: skip
    heat, changed = _tables(reports.risks_section(_context()))
    cells = {r[0]: r[2] for r in _texts(heat)}
    assert cells["Probability 5 (almost certain), impact 5 (severe)"] == "1"
    assert [r[2] for r in _texts(changed)] == ["Increasing"]
    # After the risk died it leaves the heat map.
    heat_later, _changed = _tables(
        reports.risks_section(ReportContext("jmdi-2", QUARTERLY, Q2, dt.date(2014, 9, 1), "en"))
    )
    assert "Probability 5 (almost certain), impact 5 (severe)" not in {
        r[0] for r in _texts(heat_later)
    }


def test_issues_raised_and_resolved_in_the_period(pmu):
    before = f.issue(pmu, "MA", "Raised before", raised_on=dt.date(2014, 2, 1))
    services.resolve_issue(
        actor=pmu, issue=before, resolution="Fixed in May", on=dt.date(2014, 5, 20)
    )
    f.issue(pmu, None, "Raised in the period", raised_on=dt.date(2014, 6, 1))
    f.issue(pmu, None, "Raised after", raised_on=dt.date(2014, 7, 15))
    section = reports.issues_section(_context())
    facts = dict(section.blocks[0].items)
    assert facts["Issues open on the report's date"] == "1"
    raised, settled = _tables(section)
    assert [r[0] for r in _texts(raised)] == ["#2 Raised in the period (Problem or concern)"]
    assert [r[3] for r in _texts(settled)] == ["Fixed in May"]


def test_lessons_recorded_in_the_period(pmu):
    f.lesson(pmu, ["MA"], "Before", recorded_on=dt.date(2014, 1, 5))
    f.lesson(pmu, ["SN"], "Within", recorded_on=dt.date(2014, 6, 5))
    (table,) = _tables(reports.lessons_section(_context()))
    assert [r[0].split(":")[0] for r in _texts(table)] == ["Within"]


def test_no_section_without_records(pmu):
    for collect in (reports.work_plan_section, reports.issues_section, reports.lessons_section):
        assert collect(_context()) is None
