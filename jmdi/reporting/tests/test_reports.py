"""Reports written from the records, as PDF, DOCX and XLSX in any language, frozen once
submitted; only the PMU writes them, their readers read the submitted ones."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jmdi.programmes.models import Programme
from jmdi.reporting import services
from jmdi.reporting.models import Report

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("programme_once_per_module")]

P = "/programmes/jmdi-2/reports"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _write(pmu, language="en", period="2014-Q3", kind="quarterly") -> Report:
    report = services.request_report(
        actor=pmu,
        programme=Programme.objects.get(code="jmdi-2"),
        kind=kind,
        period_code=period,
        language=language,
    )
    return Report.objects.get(pk=report.pk)


def _pdf_text(report: Report) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(report.pdf.open("rb")).pages)


def _docx(report: Report):
    from docx import Document

    return Document(report.docx.open("rb"))


def _xlsx(report: Report):
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(report.xlsx.open("rb").read()), data_only=True)


# --- Writing ---------------------------------------------------------------------------


def test_a_report_is_written_in_the_background_into_three_files(pmu):
    report = _write(pmu)
    assert report.ready
    assert report.job.status == "succeeded"
    assert report.job.result_url == f"{P}/{report.pk}/"
    assert report.period_start.isoformat() == "2014-07-01"
    assert report.as_of.isoformat() == "2014-09-30"
    assert set(report.checksums) == {"pdf", "docx", "xlsx"}
    assert [s["key"] for s in report.snapshot][:2] == ["programme", "targets"]


def test_the_pdf_holds_the_figures_of_the_programme(pmu):
    text = _pdf_text(_write(pmu))
    assert "Quarterly progress report, 2014-Q3" in text
    assert "7,401,333.33 EUR" in text  # the budget, as on the budget page
    assert "9,587,219.34 USD" in text
    assert "480" in text  # 60 stakeholders per country, 8 countries


def test_the_word_document_is_editable_and_holds_the_same_figures(pmu):
    document = _docx(_write(pmu))
    texts = [p.text.replace("\u2066", "").replace("\u2069", "") for p in document.paragraphs]
    assert "Quarterly progress report, 2014-Q3" in texts
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "5,600,000.00 EUR".replace(" ", " ") in "".join(cells).replace("\u2066", "").replace(
        "\u2069", ""
    )
    assert any(c == "Total" for c in cells)


def test_the_spreadsheet_keeps_numbers_as_numbers(pmu):
    workbook = _xlsx(_write(pmu))
    budget = workbook["Budget by donor"]
    values = [cell.value for row in budget.iter_rows() for cell in row]
    assert 5600000 in values  # the EC contribution, a number the reader can sum
    assert 7401333.33 in values  # the total
    programme = Programme.objects.get(code="jmdi-2")
    assert Decimal(str(7401333.33)) == programme.total_eur


def test_an_arabic_report_reads_right_to_left_in_every_format(pmu):
    from pypdf import PdfReader

    report = _write(pmu, language="ar")
    # Written in Arabic (text extraction of shaped Arabic from a PDF is unreliable, so the
    # words are checked in the Word document and the PDF is checked for the Arabic font).
    document = _docx(report)
    assert document.paragraphs[0].text == "تقرير مرحلي فصلي، \u20662014-Q3\u2069"
    fonts = {
        str(font["/BaseFont"])
        for page in PdfReader(report.pdf.open("rb")).pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("Noto-Sans-Arabic" in name for name in fonts), fonts
    document_xml = zipfile.ZipFile(report.docx.open("rb")).read("word/document.xml").decode()
    assert "<w:bidi/>" in document_xml
    assert "<w:rtl/>" in document_xml
    assert "<w:bidiVisual/>" in document_xml
    workbook = _xlsx(report)
    assert all(sheet.sheet_view.rightToLeft for sheet in workbook.worksheets)


def test_an_annual_review_covers_a_year(pmu):
    report = _write(pmu, kind="annual", period="2015")
    assert (report.period_start.isoformat(), report.period_end.isoformat()) == (
        "2015-01-01",
        "2015-12-31",
    )
    assert "Annual review report, 2015" in _pdf_text(report)


@pytest.mark.parametrize(
    ("field", "values", "message"),
    [
        ("period", {"period_code": "2019-Q1"}, "Choose a period within the programme"),
        ("period", {"period_code": "2015", "kind": "quarterly"}, "Choose a period within"),
        ("kind", {"kind": "monthly"}, "Choose the quarterly progress report"),
        ("language", {"language": "de"}, "Choose one of the listed languages"),
    ],
)
def test_bad_requests_are_refused_naming_the_field_and_write_nothing(pmu, field, values, message):
    arguments = {"kind": "quarterly", "period_code": "2014-Q3", "language": "en", **values}
    with pytest.raises(ValidationError) as refused:
        services.request_report(
            actor=pmu, programme=Programme.objects.get(code="jmdi-2"), **arguments
        )
    assert message in " ".join(refused.value.message_dict[field])
    assert not Report.objects.exists()


@pytest.mark.parametrize("persona", ["focal_ma", "steering", "member", "grantee"])
def test_only_the_pmu_writes_reports(request, persona):
    with pytest.raises(PermissionDenied):
        _write(request.getfixturevalue(persona))


# --- Frozen once submitted ----------------------------------------------------------------


def test_a_submitted_report_is_frozen(pmu):
    report = services.submit_report(actor=pmu, report=_write(pmu))
    before = (report.pdf.read(), report.checksums, report.snapshot)

    with pytest.raises(ValidationError, match="frozen"):
        services.regenerate_report(actor=pmu, report=report)
    with pytest.raises(ValidationError, match="frozen"):
        services.render_files(report_id=report.pk, step=lambda *a: None)
    with pytest.raises(ValidationError, match="already submitted"):
        services.submit_report(actor=pmu, report=report)

    report = Report.objects.get(pk=report.pk)
    assert (report.pdf.open("rb").read(), report.checksums, report.snapshot) == before


def test_regenerating_later_never_changes_a_frozen_report(client_as, pmu):
    """Figures change after the report is submitted: its download does not."""
    report = services.submit_report(actor=pmu, report=_write(pmu))
    frozen = report.pdf.open("rb").read()
    programme = Programme.objects.get(code="jmdi-2")
    Programme.objects.filter(pk=programme.pk).update(title_en="A changed title")
    _write(pmu)  # a new draft of the same period, with the changed title
    client = client_as("pmu")
    response = client.get(f"{P}/{report.pk}/pdf/")
    assert b"".join(response.streaming_content) == frozen


def test_a_draft_can_be_written_again(pmu):
    report = _write(pmu)
    first = report.generated_at
    services.regenerate_report(actor=pmu, report=report)
    assert Report.objects.get(pk=report.pk).generated_at > first


def test_a_report_still_being_written_cannot_be_submitted(pmu):
    report = services.request_report(
        actor=pmu,
        programme=Programme.objects.get(code="jmdi-2"),
        kind="quarterly",
        period_code="2014-Q3",
        language="en",
        in_background=False,
    )
    with pytest.raises(ValidationError, match="still being written"):
        services.submit_report(actor=pmu, report=report)


def test_the_admin_cannot_change_a_report(client, pmu):
    report = _write(pmu)
    pmu.is_staff = pmu.is_superuser = True
    pmu.save()
    client.force_login(pmu)
    assert client.get(f"/admin/reporting/report/{report.pk}/change/").status_code in (200, 403)
    response = client.post(f"/admin/reporting/report/{report.pk}/change/", {"status": "draft"})
    assert response.status_code == 403
    assert (
        client.post(f"/admin/reporting/report/{report.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )


# --- Pages --------------------------------------------------------------------------------


def test_the_pmu_asks_for_a_report_on_the_page_and_follows_it(client_as):
    client = client_as("pmu")
    page = client.get(f"{P}/")
    assert 'name="period"' in page.content.decode()
    response = client.post(f"{P}/", {"kind": "quarterly", "period": "2013-Q4", "language": "fr"})
    report = Report.objects.get()
    assert response["Location"] == f"{P}/{report.pk}/"
    html = client.get(response["Location"]).content.decode()
    assert f"{P}/{report.pk}/pdf/" in html
    assert "Submit to the steering committee" in html


def test_a_bad_request_on_the_page_names_the_field(client_as):
    response = client_as("pmu").post(f"{P}/", {"kind": "quarterly", "period": "", "language": "fr"})
    assert response.status_code == 200
    assert 'href="#id_period"' in response.content.decode()
    assert not Report.objects.exists()


def test_committees_read_submitted_reports_but_not_drafts(client_as, pmu):
    draft = _write(pmu, period="2014-Q2")
    submitted = services.submit_report(actor=pmu, report=_write(pmu))
    client = client_as("steering")
    listing = client.get(f"{P}/").content.decode()
    assert f"{P}/{submitted.pk}/" in listing
    assert f"{P}/{draft.pk}/" not in listing
    assert 'name="period"' not in listing  # no request form
    assert client.get(f"{P}/{draft.pk}/").status_code == 404
    assert client.get(f"{P}/{draft.pk}/pdf/").status_code == 404
    assert client.get(f"{P}/{submitted.pk}/pdf/").status_code == 200
    assert client.post(f"{P}/{submitted.pk}/regenerate/").status_code == 403


@pytest.mark.parametrize("persona", ["member", "grantee", "outsider", "reviewer_ma"])
def test_others_see_no_report(client_as, pmu, persona):
    submitted = services.submit_report(actor=pmu, report=_write(pmu))
    client = client_as(persona)
    for url in (f"{P}/", f"{P}/{submitted.pk}/", f"{P}/{submitted.pk}/pdf/"):
        response = client.get(url)
        assert response.status_code in (403, 404), url
        assert b"2014-Q3" not in response.content
    assert (
        client.post(
            f"{P}/", {"kind": "quarterly", "period": "2014-Q1", "language": "en"}
        ).status_code
        == 403
    )
    assert Report.objects.count() == 1


@pytest.mark.parametrize("columns", [2, 4, 5, 8])
def test_word_tables_of_any_width_fit_the_page_and_keep_room_for_words(columns):
    import docx

    from jmdi.core.reports import Column, Section, Table, TableCell
    from jmdi.reporting.render import Cover
    from jmdi.reporting.render.docx import TEXT_WIDTH, render_docx

    table = Table(
        caption="Wide",
        columns=[Column("Line")] + [Column(f"Figure {i}", numeric=True) for i in range(1, columns)],
        rows=[[TableCell("Output 1")] + [TableCell.number(i, str(i)) for i in range(1, columns)]],
    )
    cover = Cover("Report", "JMDI", "2014-Q2", "30 June 2014", "Draft", "en", rtl=False)
    labels = {"period": "Period", "as_of": "As of", "status": "Status"}
    data = render_docx(cover, [Section(key="wide", title="Wide", blocks=[table])], labels)

    [word_table] = docx.Document(io.BytesIO(data)).tables
    widths = [column.width.cm for column in word_table.columns]
    assert all(width > 0 for width in widths)
    assert sum(widths) == pytest.approx(TEXT_WIDTH, abs=0.01)
    assert widths[0] >= TEXT_WIDTH * 0.4 - 0.01


@pytest.mark.parametrize(
    ("text", "direction"),
    [
        ("\u2068Translation took longer than planned.\u2069", "ltr"),
        ("\u2068تأخرت الترجمة.\u2069", "rtl"),
        ("\u2068 2014: elections\u2069", "ltr"),
        ("\u2066S5\u2069", ""),  # a code, isolated left to right, is not words
        ("Morocco", ""),
        ("", ""),
    ],
)
def test_words_people_wrote_take_their_own_direction_in_the_pdf(text, direction):
    from jmdi.reporting.templatetags.report_print import written_direction

    assert written_direction(text) == direction
