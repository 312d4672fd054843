"""The reports print the dashboard's figures: each file (PDF, Word, spreadsheet), in English
and in Arabic, opened and read back, holds the values the dashboard shows for the same
period, computed from known records."""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest

from jmdi.programmes.models import Indicator, Programme
from jmdi.reporting import services
from jmdi.reporting.models import Report
from jmdi.results import services as results_services
from jmdi.results.models import ManualValue
from jmdi.results.selectors import dashboard
from jmdi.results.services import Fact

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("programme_once_per_module")]

ISOLATES = str.maketrans("", "", "\u2066\u2067\u2068\u2069\u200f\u200e")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def records():
    """123 distinct participants in Morocco and Senegal by the end of 2014-Q3 (the
    cumulative 2.I1), one of them in both countries; 2.I3 approved at 3 + 4 plans."""
    programme = Programme.objects.get(code="jmdi-2")
    facts = [
        Fact(
            country="MA" if i % 2 else "SN",
            day=date(2013, 3, 1) + timedelta(days=i * 3),
            kind="attendance",
            subject=f"person-{i}",
            sex="female" if i % 3 else "male",
        )
        for i in range(122)
    ]
    facts.append(Fact(country="MA", day=date(2014, 9, 1), kind="attendance", subject="person-0"))
    facts.append(Fact(country="SN", day=date(2014, 12, 1), kind="attendance", subject="late"))
    results_services.record_facts(programme=programme, facts=facts)
    plans = Indicator.objects.get(output__programme=programme, code="2.I3")
    for country, value in (("MA", 3), ("SN", 4)):
        ManualValue.objects.create(
            indicator=plans,
            country=country,
            period="2014-Q3",
            value=value,
            status="approved",
            evidence_link="https://example.org/minutes",
        )
    return programme


def _report(pmu, programme, language) -> Report:
    report = services.request_report(
        actor=pmu, programme=programme, kind="quarterly", period_code="2014-Q3", language=language
    )
    return Report.objects.get(pk=report.pk)


def _shown(programme) -> dict[str, str]:
    """Each indicator's whole-programme figure on the dashboard for 2014-Q3."""
    board = dashboard(programme, None, None, "2014-Q3")
    return {
        row.indicator.code: row.cells[-1][2]
        for block in board.outputs
        for row in block.rows
        if row.cells[-1][2]
    }


@pytest.mark.parametrize("language", ["en", "ar"])
def test_every_file_holds_the_dashboards_figures(pmu, records, language):
    from docx import Document
    from openpyxl import load_workbook
    from pypdf import PdfReader

    shown = _shown(records)
    # Figured by hand from the records above: 122 people (person-0 counted once, "late"
    # after the period), and 3 + 4 plans.
    assert shown["2.I1"] == "122"
    assert shown["2.I3"] == "7"

    report = _report(pmu, records, language)
    assert report.ready

    document = Document(report.docx.open("rb"))
    rows = {
        row.cells[0].text.translate(ISOLATES).split(" ")[0]: [
            c.text.translate(ISOLATES) for c in row.cells
        ]
        for table in document.tables
        for row in table.rows
    }
    for code in ("2.I1", "2.I3"):
        assert shown[code] in rows[code], (code, rows[code])

    workbook = load_workbook(io.BytesIO(report.xlsx.open("rb").read()), data_only=True)
    numbers = {}
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True):
            label = str(row[0] or "").translate(ISOLATES).split(" ")[0]
            if label in ("2.I1", "2.I3"):
                numbers[label] = [v for v in row[1:] if isinstance(v, int | float)]
    assert Decimal(shown["2.I1"]) in [Decimal(str(v)) for v in numbers["2.I1"]]
    assert Decimal(shown["2.I3"]) in [Decimal(str(v)) for v in numbers["2.I3"]]

    if language == "en":  # text extraction of shaped Arabic is unreliable; the digits are not
        text = "\n".join(page.extract_text() for page in PdfReader(report.pdf.open("rb")).pages)
        text = text.translate(ISOLATES)
        lines = [line for line in text.splitlines() if line.startswith(("2.I1", "2.I3"))]
        assert any("122" in line for line in lines if line.startswith("2.I1")), lines
        assert any(" 7" in line for line in lines if line.startswith("2.I3")), lines


def test_a_frozen_report_keeps_its_figures_when_the_records_grow(pmu, records):
    report = _report(pmu, records, "en")
    services.submit_report(actor=pmu, report=report)
    before = report.pdf.open("rb").read()
    results_services.record_facts(
        programme=records,
        facts=[
            Fact(country="MA", day=date(2014, 8, 1), kind="attendance", subject=f"new-{i}")
            for i in range(10)
        ],
    )
    assert _shown(records)["2.I1"] == "132"  # the dashboard moves on
    frozen = Report.objects.get(pk=report.pk)
    assert frozen.pdf.open("rb").read() == before  # the submitted report does not
    table = next(
        block
        for section in frozen.snapshot
        if section["key"] == "results"
        for block in section["blocks"]
        if block["type"] == "table"
        and any(str(row[0]["text"]).translate(ISOLATES).startswith("2.I1") for row in block["rows"])
    )
    row = next(r for r in table["rows"] if str(r[0]["text"]).translate(ISOLATES).startswith("2.I1"))
    assert "122" in [cell["text"] for cell in row]
