import pytest

from jmdi.directory.tests.factories import ContactFactory, OrganisationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("programme_once_per_module")]


def _count_cell(body: str, country: str) -> str:
    row = body.split(f">{country}</a>", 1)[1].split("</tr>", 1)[0]
    return row.rsplit('<td class="num">', 1)[1].split("<", 1)[0]


def test_countries_list_counts_organisations_with_the_same_queries_at_any_size(
    client_as, django_assert_num_queries
):
    client = client_as("pmu")
    OrganisationFactory(country__code="MA")
    with django_assert_num_queries(4):
        body = client.get("/directory/countries/").content.decode()
    assert _count_cell(body, "Morocco") == "1"
    assert _count_cell(body, "Senegal") == "0"

    OrganisationFactory.create_batch(25, country__code="MA")
    OrganisationFactory.create_batch(5, country__code="SN")
    with django_assert_num_queries(4):
        body = client.get("/directory/countries/").content.decode()
    assert _count_cell(body, "Morocco") == "26"
    assert _count_cell(body, "Senegal") == "5"


def test_contacts_page_is_paginated_with_the_same_queries_per_page(
    client_as, django_assert_num_queries
):
    client = client_as("focal_ma")
    ContactFactory.create_batch(3, organisation__country__code="MA")
    with django_assert_num_queries(6):
        client.get("/directory/countries/MA/contacts/")
    ContactFactory.create_batch(60, organisation__country__code="MA")
    with django_assert_num_queries(6):
        body = client.get("/directory/countries/MA/contacts/").content.decode()
    assert body.count("<tr>") - 1 == 50  # one page of 50 rows, plus the header row
    # The exact attribute: a bare `"?page=2" in body` also matched the broken "??page=2".
    assert 'href="?page=2" rel="next"' in body
    assert "??" not in body


# --- Contacts in the reader's language --------------------------------------------------


@pytest.fixture
def moroccan_contacts(db):
    from jmdi.core.people import Sex
    from jmdi.directory.models import Position

    oujda = OrganisationFactory(country__code="MA", name="Commune d'Oujda")
    ContactFactory(
        organisation=oujda, full_name="Amina Benali", position=Position.DIRECTOR, sex=Sex.FEMALE
    )
    ContactFactory(
        organisation=oujda, full_name="Youssef Tazi", position=Position.DIRECTOR, sex=Sex.MALE
    )
    ContactFactory(organisation=oujda, full_name="Karim Alaoui", position=Position.DIRECTOR)
    ContactFactory(
        organisation=oujda,
        full_name="Salma Chraibi",
        position=Position.OTHER,
        position_other="Chargée de la coopération décentralisée",
    )


def _rows(body: str) -> dict[str, str]:
    """Contact name -> the rest of its table row, tags removed."""
    import re

    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.DOTALL)[1:]:
        cells = [
            re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)
        ]
        rows[cells[0]] = " | ".join(cells[1:])
    return rows


@pytest.mark.parametrize(
    ("language", "woman", "man", "not_recorded"),
    [
        ("en", "Director | Female", "Director | Male", "Director | Not recorded"),
        (
            "fr",
            "Directrice | Femme",
            "Directeur | Homme",
            "Directeur ou directrice | Non renseigné",
        ),
        ("es", "Directora | Mujer", "Director | Hombre", "Director o directora | No consta"),
        ("ar", "مديرة | أنثى", "مدير | ذكر", "مدير أو مديرة | غير مسجل"),
    ],
)
def test_contacts_show_their_position_and_sex_in_the_readers_language(
    client_as, moroccan_contacts, language, woman, man, not_recorded
):
    body = client_as("focal_ma").get(
        "/directory/countries/MA/contacts/", headers={"accept-language": language}
    )
    rows = _rows(body.content.decode())
    assert rows["Amina Benali"].startswith(woman)
    assert rows["Youssef Tazi"].startswith(man)
    assert rows["Karim Alaoui"].startswith(not_recorded)
    # A position the list lacks reads as it was written, in every language.
    assert rows["Salma Chraibi"].startswith("Chargée de la coopération décentralisée")
