"""The exports hold exactly the filtered list, in the documented columns, read back."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from jmdi.directory.models import Country
from jmdi.directory.tests.factories import OrganisationFactory
from jmdi.initiatives.exports import COLUMNS
from jmdi.initiatives.models import Theme
from jmdi.initiatives.tests.factories import InitiativeFactory, InitiativePartnerFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("programme_once_per_module")]


@pytest.fixture
def registry(programme):
    oujda = OrganisationFactory(country__code="MA", name="Commune d'Oujda")
    tiznit = InitiativeFactory(
        reference="MA-001",
        title="Maison des Marocains résidant à l'étranger d'Oujda",
        summary="Guichet d'accueil.",
        language="fr",
        country=oujda.country,
        lead_authority=oujda,
        south_south=True,
        emigration=True,
        return_migration=True,
        gender_dimension="targeted",
        target_groups=["diaspora", "returnees"],
        setting="urban",
        start_date=dt.date(2012, 3, 1),
        end_date=dt.date(2014, 2, 28),
        budget=Decimal("125000.50"),
        results="=SUM(A1:A2)",
        status="candidate",
        published=True,
    )
    tiznit.themes.set(Theme.objects.filter(code__in=["remittances", "integration"]))
    tiznit.origin_countries.set([Country.objects.get(code="SN")])
    tiznit.destination_countries.set([Country.objects.get(code="MA")])
    InitiativePartnerFactory(
        initiative=tiznit,
        organisation__name="Association Migrations et Développement",
        role="technical",
    )
    InitiativePartnerFactory(
        initiative=tiznit, organisation__name="Université d'Oujda", role="associate"
    )
    InitiativeFactory(reference="MA-002", country__code="MA", title="Autre initiative")
    InitiativeFactory(reference="SN-001", country__code="SN", title="Initiative du Sénégal")
    return tiznit


EXPECTED = {
    "reference": "MA-001",
    "title": "Maison des Marocains résidant à l'étranger d'Oujda",
    "summary": "Guichet d'accueil.",
    "language": "fr",
    "lead_authority": "Commune d'Oujda",
    "lead_country": "MA",
    "partners": "Association Migrations et Développement (technical); Université d'Oujda (associate)",
    "origin_countries": "SN",
    "destination_countries": "MA",
    "south_south": "yes",
    "migration_contexts": "emigration; return",
    "themes": "integration; remittances",
    "gender_dimension": "targeted",
    "target_groups": "diaspora; returnees",
    "setting": "urban",
    "start_date": "2012-03-01",
    "end_date": "2014-02-28",
    "budget": "125000.50",
    "currency": "EUR",
    "results": "=SUM(A1:A2)",
    "sources": "",
    "status": "candidate",
    "published": "yes",
}


def _export(client, fmt, query):
    return client.get(reverse("initiatives:export", args=["jmdi-2", fmt]) + query)


def test_csv_holds_the_filtered_list_with_a_bom(registry, client_as):
    response = _export(client_as("pmu"), "csv", "?country=MA&status=candidate")
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert tuple(rows[0]) == COLUMNS
    assert rows == [EXPECTED]


def test_xlsx_holds_the_filtered_list(registry, client_as):
    response = _export(client_as("pmu"), "xlsx", "?q=Oujda")
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    header, *rows = list(sheet.iter_rows(values_only=True))
    assert header == COLUMNS
    assert len(rows) == 1
    row = dict(zip(header, rows[0], strict=True))
    assert Decimal(str(row.pop("budget"))) == Decimal("125000.50")
    # A formula-looking text is kept as text.
    assert row["results"] == "=SUM(A1:A2)"
    expected = {k: (v or None) for k, v in EXPECTED.items() if k != "budget"}
    assert row == expected


def test_the_export_follows_the_filters(registry, client_as):
    client = client_as("pmu")
    for query, expected in [
        ("", ["MA-001", "MA-002", "SN-001"]),
        ("?country=SN", ["SN-001"]),
        ("?south_south=yes", ["MA-001"]),
        ("?published=no&sort=-reference", ["SN-001", "MA-002"]),
        ("?theme=remittances", ["MA-001"]),
        ("?context=return", ["MA-001"]),
        ("?gender=targeted", ["MA-001"]),
        ("?setting=unrecorded", ["MA-002", "SN-001"]),
    ]:
        rows = list(
            csv.DictReader(io.StringIO(_export(client, "csv", query).content.decode("utf-8-sig")))
        )
        references = [r["reference"] for r in rows]
        if "sort" not in query:
            references.sort()
        assert references == expected, query


def test_a_focal_points_export_holds_only_their_country(registry, client_as):
    rows = list(
        csv.DictReader(
            io.StringIO(_export(client_as("focal_sn"), "csv", "").content.decode("utf-8-sig"))
        )
    )
    assert [r["reference"] for r in rows] == ["SN-001"]


def test_the_list_page_counts_and_links_the_filtered_export(registry, client_as):
    body = (
        client_as("pmu")
        .get(reverse("initiatives:list", args=["jmdi-2"]) + "?country=MA")
        .content.decode()
    )
    assert "2 initiatives match the filters." in body
    assert "export.csv?country=MA" in body
    assert "export.xlsx?country=MA" in body
