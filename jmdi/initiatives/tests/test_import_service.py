"""The importer itself: all or nothing, every bad row named, idempotent, CSV and XLSX."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError

from jmdi.directory.models import Country, Organisation
from jmdi.directory.tests.factories import OrganisationFactory
from jmdi.initiatives import imports
from jmdi.initiatives.models import Initiative, InitiativePartner
from jmdi.initiatives.tests.import_files.builders import (
    HEADERS,
    csv_bytes,
    good_rows,
    row,
    upload,
    xlsx,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("programme_once_per_module")]


@pytest.fixture
def oujda(programme):
    return OrganisationFactory(country__code="MA", name="Commune d'Oujda", kind="local_authority")


def run(actor, programme, content: bytes, kind: str) -> imports.ImportResult:
    return imports.import_initiatives(
        actor=actor, programme=programme, file=io.BytesIO(content), kind=kind
    )


def counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def build(kind: str, rows, headers=None) -> bytes:
    return xlsx(rows, headers) if kind == "xlsx" else csv_bytes(rows, headers)


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_the_issue_s_bad_file_changes_nothing_and_names_every_bad_row(kind, pmu, programme, oujda):
    rows = [
        row(),  # row 2: good
        row(Reference="MA-002", **{"Lead country": "XX"}),  # row 3
        row(Reference="MA-003", Budget="-5000"),  # row 4
        row(Reference="MA-004", **{"Lead authority": ""}),  # row 5
        row(Reference="MA-005", Start="31/04/2017", End=""),  # row 6
        row(),  # row 7: the same row again
    ]
    before = counts()
    result = run(pmu, programme, build(kind, rows), kind)
    assert counts() == before
    assert not result.ok
    found = {(e.row, e.column): e.reason for e in result.errors}
    assert set(found) == {
        (3, "Lead country"),
        (4, "Budget"),
        (5, "Lead authority"),
        (6, "Start"),
        (7, "Reference"),
    }
    assert "“XX” is not a country code" in found[(3, "Lead country")]
    assert "cannot be negative" in found[(4, "Budget")]
    assert "lead authority is missing" in found[(5, "Lead authority")]
    assert found[(6, "Start")].startswith("Not a date: April has 30 days")
    assert "already on row 2" in found[(7, "Reference")]


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_a_good_file_imports_every_field(kind, pmu, programme, oujda):
    result = run(pmu, programme, build(kind, good_rows(3)), kind)
    assert result.ok, result.errors
    assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
    first = Initiative.objects.get(programme=programme, reference="MA-001")
    assert first.lead_authority == oujda  # found, not created
    assert first.country.code == "MA"
    assert first.title == "Diaspora investment in water services"
    assert {str(c.code) for c in first.origin_countries.all()} == {"MA"}
    assert {str(c.code) for c in first.destination_countries.all()} == {"FR", "ES"}
    assert (first.emigration, first.return_migration, first.transit) == (True, True, False)
    assert {t.code for t in first.themes.all()} == {"economic_development", "services"}
    assert first.gender_dimension == "mainstreamed"
    assert first.target_groups == ["diaspora", "women"]
    assert first.setting == "urban"
    assert (first.start_date, first.end_date) == (dt.date(2014, 3, 1), dt.date(2016, 2, 29))
    assert first.budget == Decimal("125000.00")
    assert first.budget_currency == "EUR"
    assert first.published is False
    partner = first.partners.get()
    assert partner.organisation.name == "Association Migrations et Développement"
    assert partner.role == "implementing"
    assert partner.organisation.country.code == "MA"

    kolda = Initiative.objects.get(reference="SN-001")
    assert kolda.lead_authority.name == "Conseil départemental de Kolda"
    assert kolda.lead_authority.kind == Organisation.Kind.LOCAL_AUTHORITY
    assert kolda.south_south is True
    assert kolda.published is True
    assert kolda.start_date == dt.date(2015, 2, 1)
    assert kolda.end_date is None
    assert kolda.budget == Decimal("1234.50")
    assert kolda.budget_currency == "XOF"
    roles = {
        (p.organisation.name, str(p.organisation.country.code), p.role)
        for p in kolda.partners.all()
    }
    assert roles == {("Mairie de Lyon", "FR", "co_lead"), ("ONG Tostan", "SN", "technical")}
    # History kept: who imported, and the many-to-many rows of the first record.
    record = first.history.latest()
    assert record.history_user == pmu
    assert record.history_type == "+"
    assert {str(r.country.code) for r in record.destination_countries.all()} == {"FR", "ES"}


def test_reimporting_creates_nothing_and_updates_only_what_changed(pmu, programme, oujda):
    content = xlsx(good_rows(4))
    assert run(pmu, programme, content, "xlsx").created == 4
    before = counts()
    again = run(pmu, programme, content, "xlsx")
    assert again.ok
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    assert counts() == before

    rows = good_rows(4)
    rows[0][HEADERS.index("Budget")] = "130000"
    rows[0][HEADERS.index("Themes")] = "services"
    rows[1][HEADERS.index("Partners")] = "ONG Tostan (associate)"
    changed = run(pmu, programme, xlsx(rows), "xlsx")
    assert (changed.created, changed.updated, changed.unchanged) == (0, 2, 2)
    first = Initiative.objects.get(reference="MA-001")
    assert first.budget == Decimal("130000.00")
    assert [t.code for t in first.themes.all()] == ["services"]
    assert first.history.count() == 2
    assert first.history.latest().history_type == "~"
    kolda = Initiative.objects.get(reference="SN-001")
    assert [(p.organisation.name, p.role) for p in kolda.partners.all()] == [
        ("ONG Tostan", "associate")
    ]
    assert Initiative.objects.count() == 4


def test_a_lead_authority_is_found_whatever_its_accents_and_case(pmu, programme, oujda):
    rows = [row(**{"Lead authority": "COMMUNE  D\u2019OUJDA"})]
    assert run(pmu, programme, xlsx(rows), "xlsx").ok
    assert Initiative.objects.get().lead_authority == oujda
    assert Organisation.objects.filter(name__icontains="oujda").count() == 1


def test_only_the_pmu_imports(focal_ma, programme):
    before = counts()
    with pytest.raises(PermissionDenied):
        run(focal_ma, programme, xlsx(good_rows(2)), "xlsx")
    assert counts() == before


@pytest.mark.parametrize(
    ("overrides", "column", "words"),
    [
        ({"Origin countries": "MA; UK"}, "Origin countries", "write GB"),
        ({"Destination countries": "ZZ"}, "Destination countries", "not a country code"),
        ({"Lead country": "FR"}, "Lead country", "not one of the programme's countries"),
        ({"Themes": "tourism"}, "Themes", "not a theme"),
        ({"Setting": "suburban"}, "Setting", "not one of the choices"),
        ({"Gender dimension": "maybe"}, "Gender dimension", "not one of the choices"),
        ({"Target groups": "diaspora; aliens"}, "Target groups", "“aliens”"),
        ({"Migration contexts": "tourism"}, "Migration contexts", "not a migration context"),
        ({"South-South": "perhaps"}, "South-South", "yes or no"),
        ({"Partners": "Tanmia (sponsor)"}, "Partners", "not a partner's role"),
        ({"Partners": "Commune d'Oujda (co_lead)"}, "Partners", "is the lead authority"),
        ({"Start": "2017-02-29", "End": ""}, "Start", "February 2017 has 28 days"),
        ({"Start": "2016-05-01", "End": "2016-04-30"}, "End", "before the start"),
        ({"End": "12/31/2016"}, "End", "no month 31"),
        ({"Budget": "1,234"}, "Budget", "two ways"),
        ({"Budget": "12.345"}, "Budget", "two ways"),
        ({"Budget": "10.55,5"}, "Budget", "not an amount"),
        ({"Budget": "abc"}, "Budget", "not an amount"),
        ({"Currency": "euro"}, "Currency", "three-letter"),
        ({"Language": "de"}, "Language", "en, fr, es or ar"),
        ({"Title": ""}, "Title", "Enter the initiative's title"),
        ({"Reference": ""}, "Reference", "reference"),
    ],
)
def test_each_bad_cell_is_named_with_its_fix(overrides, column, words, pmu, programme, oujda):
    result = run(pmu, programme, xlsx([row(**overrides)]), "xlsx")
    assert not result.ok
    assert [(e.row, e.column) for e in result.errors] == [(2, column)]
    assert words in result.errors[0].reason
    assert not Initiative.objects.exists()


def test_rows_repeating_another_under_a_new_reference_are_refused(pmu, programme, oujda):
    result = run(pmu, programme, xlsx([row(), row(Reference="MA-999")]), "xlsx")
    assert [(e.row, e.column) for e in result.errors] == [(3, "")]
    assert "repeats row 2" in result.errors[0].reason


def test_excel_dates_and_numbers_are_read_from_their_cells(pmu, programme, oujda):
    cells = row(Start=dt.datetime(2014, 3, 1), End=dt.date(2015, 1, 31), Budget=1234.5)
    cells[HEADERS.index("Published")] = True
    assert run(pmu, programme, xlsx([cells]), "xlsx").ok
    initiative = Initiative.objects.get()
    assert (initiative.start_date, initiative.end_date) == (
        dt.date(2014, 3, 1),
        dt.date(2015, 1, 31),
    )
    assert initiative.budget == Decimal("1234.50")
    assert initiative.published


def test_french_headers_semicolons_and_windows_encoding(pmu, programme, oujda):
    french = [
        "Référence",
        "Titre",
        "Collectivité chef de file",
        "Pays chef de file",
        "Budget",
        "Début",
    ]
    content = csv_bytes(
        [
            [
                "MA-010",
                "Maison des migrants à Béni Mellal",
                "Commune d'Oujda",
                "ma",
                "2 500,00",
                "15/09/2014",
            ]
        ],
        french,
        delimiter=";",
        encoding="cp1252",
    )
    result = run(pmu, programme, content, "csv")
    assert result.ok, result.errors
    initiative = Initiative.objects.get()
    assert initiative.title == "Maison des migrants à Béni Mellal"
    assert initiative.budget == Decimal("2500.00")
    assert initiative.start_date == dt.date(2014, 9, 15)


def test_a_utf8_file_with_a_byte_order_mark(pmu, programme, oujda):
    content = "\ufeff".encode() + csv_bytes([row(Title="Réseau des élus")])
    assert run(pmu, programme, content, "csv").ok
    assert Initiative.objects.get().title == "Réseau des élus"


def test_unknown_and_missing_columns_are_refused(pmu, programme):
    result = run(pmu, programme, csv_bytes([["MA-1", "x"]], ["Reference", "Budjet"]), "csv")
    reasons = " ".join(e.reason for e in result.errors)
    assert "Unknown column “Budjet”" in reasons
    assert "“Title” is missing" in reasons
    assert "“Lead authority” is missing" in reasons


def test_columns_absent_from_the_file_are_left_as_they_are(pmu, programme, oujda):
    assert run(pmu, programme, xlsx([row()]), "xlsx").ok
    headers = ["Reference", "Title", "Lead authority", "Lead country", "Budget"]
    result = run(
        pmu,
        programme,
        csv_bytes([["MA-001", "New title", "Commune d'Oujda", "MA", "1"]], headers),
        "csv",
    )
    assert (result.updated, result.unchanged) == (1, 0)
    initiative = Initiative.objects.get()
    assert initiative.title == "New title"
    assert initiative.budget == Decimal("1.00")
    assert initiative.themes.count() == 2
    assert initiative.partners.count() == 1


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("list.xls", b"\xd0\xcf\x11\xe0", "Save it as an Excel workbook"),
        ("list.pdf", b"%PDF-1.4", "Choose an Excel workbook"),
        ("list.xlsx", b"not a zip at all", "not an Excel workbook"),
        ("list.xlsx", b"", "empty"),
        ("list.csv", "Référence".encode() + b"\x81\x8d", "cannot be read"),
    ],
)
def test_the_upload_is_checked_by_name_and_content(name, content, words):
    with pytest.raises(ValidationError) as caught:
        imports.check_upload(upload(content, name))
    assert words in " ".join(caught.value.messages)


def test_a_zip_that_is_not_a_workbook_is_refused():
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(ValidationError, match="not an Excel workbook"):
        imports.check_upload(upload(buffer.getvalue(), "list.xlsx"))


def test_a_file_over_the_limit_is_refused_with_the_limit(monkeypatch):
    monkeypatch.setattr(imports, "MAX_UPLOAD_BYTES", 1024 * 1024)
    with pytest.raises(ValidationError, match="the limit is 1 MB"):
        imports.check_upload(upload(b"a" * (1024 * 1024 + 10), "big.csv"))


@pytest.mark.parametrize(
    ("written", "amount"),
    [
        ("1234.50", "1234.50"),
        ("1 234,50", "1234.50"),
        ("1,234.50", "1234.50"),
        ("1.234,50", "1234.50"),
        ("1\u00a0234\u00a0567", "1234567.00"),
        ("1,234,567", "1234567.00"),
        ("1.234.567,8", "1234567.80"),
        ("0", "0.00"),
        (1234, "1234.00"),
        (0.1, "0.10"),
    ],
)
def test_amounts_are_read_to_the_cent(written, amount):
    assert imports.parse_amount(written) == Decimal(amount)


@pytest.mark.parametrize("written", ["12.345", "-1", "1.005", "1,2,3", "1e5", "(12)"])
def test_amounts_that_cannot_be_read_safely_are_refused(written):
    with pytest.raises(imports._Bad):
        imports.parse_amount(written)


@pytest.mark.parametrize(
    ("written", "day"),
    [
        ("2014-03-31", dt.date(2014, 3, 31)),
        ("31/03/2014", dt.date(2014, 3, 31)),
        ("29/02/2016", dt.date(2016, 2, 29)),
    ],
)
def test_dates_iso_or_day_first(written, day):
    assert imports.parse_date(written) == day


def test_the_import_s_queries_do_not_grow_with_the_rows(
    pmu, programme, oujda, django_assert_max_num_queries
):
    small = xlsx([row(Reference=f"MA-{n:03d}", Title=f"T {n}") for n in range(5)])
    large = xlsx([row(Reference=f"MA-{n:03d}", Title=f"T {n}") for n in range(100, 160)])
    with django_assert_max_num_queries(40):
        assert run(pmu, programme, small, "xlsx").created == 5
    with django_assert_max_num_queries(40):
        assert run(pmu, programme, large, "xlsx").created == 60
    with django_assert_max_num_queries(30):
        assert run(pmu, programme, large, "xlsx").unchanged == 60


def test_a_partner_named_in_several_rows_is_created_once(pmu, programme, oujda):
    rows = [row(Reference=f"MA-{n}", Title=f"T {n}") for n in range(3)]
    assert run(pmu, programme, xlsx(rows), "xlsx").ok
    assert Organisation.objects.filter(name="Association Migrations et Développement").count() == 1
    assert InitiativePartner.objects.count() == 3


def test_new_destination_countries_join_the_directory(pmu, programme, oujda):
    assert not Country.objects.filter(code="IT").exists()
    assert run(pmu, programme, xlsx([row(**{"Destination countries": "IT"})]), "xlsx").ok
    assert Country.objects.filter(code="IT").exists()


def test_the_template_reads_back_as_a_valid_file(pmu, programme):
    result = run(pmu, programme, imports.template_workbook(), "xlsx")
    assert result.ok, result.errors
    assert Initiative.objects.get().reference == "MA-017"
