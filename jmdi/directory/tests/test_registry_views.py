"""The organisations registry's pages: who may open what, the duplicate warning, the
merge, and query counts that do not grow with the data."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jmdi.directory.models import Country, Organisation
from jmdi.directory.tests.factories import ContactFactory, OrganisationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("programme_once_per_module")]

PERSONAS = [
    "anonymous", "outsider", "member", "training_staff", "grantee",
    "reviewer_ma", "focal_ma", "focal_sn", "steering", "technical", "pmu",
]  # fmt: skip

BROWSERS = {"reviewer_ma", "focal_ma", "focal_sn", "steering", "technical", "pmu"}
MA_EDITORS = {"focal_ma", "pmu"}
CREATORS = {"focal_ma", "focal_sn", "pmu"}
CONTACT_READERS = {"focal_ma", "pmu"}  # the contacts of a Moroccan organisation


@pytest.fixture
def tanger(db):
    org = OrganisationFactory(
        name="Commune de Tanger", country__code="MA", acronym="CUT", tier="commune"
    )
    ContactFactory(organisation=org, full_name="Salma Bennani", email="salma@tanger.example.org")
    return org


@pytest.fixture
def dakar(db):
    return OrganisationFactory(name="Ville de Dakar", country__code="SN")


def _refused(response) -> bool:
    return response.status_code == 403 or (
        response.status_code == 302 and "/accounts/login/" in response["Location"]
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_list(persona, client_as, tanger, dakar):
    body = client_as(persona).get("/directory/organisations/")
    if persona in BROWSERS:
        assert body.status_code == 200
        text = body.content.decode()
        assert "Commune de Tanger" in text
        assert ("Ville de Dakar" in text) == (persona != "reviewer_ma")
    else:
        assert _refused(body)
        assert "Tanger" not in body.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
def test_detail(persona, client_as, tanger):
    response = client_as(persona).get(f"/directory/organisations/{tanger.pk}/")
    text = response.content.decode()
    if persona in BROWSERS:
        assert response.status_code == 200
        assert "Commune de Tanger" in text
        assert ("Salma Bennani" in text) == (persona in CONTACT_READERS)
        assert ("salma@tanger.example.org" in text) == (persona in CONTACT_READERS)
    else:
        assert _refused(response)
        assert "Tanger" not in text
        assert "Salma" not in text


def test_a_country_reviewer_cannot_open_another_countrys_organisation(client_as, dakar):
    response = client_as("reviewer_ma").get(f"/directory/organisations/{dakar.pk}/")
    assert response.status_code == 403
    assert "Dakar" not in response.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
def test_create_page(persona, client_as):
    response = client_as(persona).get("/directory/organisations/new/")
    assert (response.status_code == 200) == (persona in CREATORS)
    if persona not in CREATORS:
        assert _refused(response)


@pytest.mark.parametrize("persona", PERSONAS)
def test_edit(persona, client_as, tanger):
    client = client_as(persona)
    url = f"/directory/organisations/{tanger.pk}/edit/"
    assert (client.get(url).status_code == 200) == (persona in MA_EDITORS)
    response = client.post(
        url,
        {
            "name": "Commune de Tanger",
            "acronym": "NEW",
            "kind": "local_authority",
            "tier": "commune",
            "country": tanger.country.pk,
            "setting": "urban",
        },
    )
    tanger.refresh_from_db()
    if persona in MA_EDITORS:
        assert response.status_code == 302
        assert (tanger.acronym, tanger.setting) == ("NEW", "urban")
    else:
        assert _refused(response)
        assert tanger.acronym == "CUT"


@pytest.mark.parametrize("persona", PERSONAS)
def test_merge_is_for_the_pmu_only_even_by_a_direct_post(persona, client_as, tanger):
    duplicate = OrganisationFactory(name="Tanger", country=tanger.country)
    client = client_as(persona)
    url = f"/directory/organisations/{tanger.pk}/merge/"
    get = client.get(url, {"duplicate": duplicate.pk})
    post = client.post(url, {"duplicate": duplicate.pk, "reason": "Same commune"})
    duplicate.refresh_from_db()
    if persona == "pmu":
        assert get.status_code == 200
        assert post.status_code == 302
        assert duplicate.merged_into == tanger
    else:
        assert _refused(get)
        assert _refused(post)
        assert duplicate.merged_into is None
        assert "Salma" not in get.content.decode()


# --- The duplicate warning --------------------------------------------------------------------


def test_the_form_warns_of_a_likely_duplicate_then_registers_when_confirmed(client_as, tanger):
    client = client_as("focal_ma")
    data = {"name": "TANGER", "kind": "local_authority", "country": tanger.country.pk}
    warned = client.post("/directory/organisations/new/", data)
    text = warned.content.decode()
    assert warned.status_code == 200
    assert f'href="/directory/organisations/{tanger.pk}/"' in text
    assert 'name="confirm_distinct"' in text
    assert "This is a different organisation" in text
    assert Organisation.objects.filter(name="TANGER").count() == 0

    confirmed = client.post("/directory/organisations/new/", {**data, "confirm_distinct": "on"})
    created = Organisation.objects.get(name="TANGER")
    assert confirmed.status_code == 302
    assert confirmed["Location"] == f"/directory/organisations/{created.pk}/"


def test_the_form_names_a_tier_on_another_kind(client_as):
    response = client_as("pmu").post(
        "/directory/organisations/new/",
        {
            "name": "Association Tiznit",
            "kind": "ngo",
            "tier": "commune",
            "country": Country.objects.get(code="MA").pk,
        },
    )
    assert response.status_code == 200
    assert "Only a local authority has a tier" in response.content.decode()
    assert not Organisation.objects.filter(name="Association Tiznit").exists()


def test_a_focal_point_cannot_register_in_another_country(client_as):
    senegal = Country.objects.get(code="SN")
    response = client_as("focal_ma").post(
        "/directory/organisations/new/",
        {"name": "Ville de Thiès", "kind": "local_authority", "country": senegal.pk},
    )
    assert response.status_code == 200  # the country is not among the choices
    assert not Organisation.objects.filter(name="Ville de Thiès").exists()


# --- The merge page ---------------------------------------------------------------------------


def test_the_merge_page_previews_then_shows_what_moved_and_the_duplicate_redirects(
    client_as, tanger
):
    duplicate = OrganisationFactory(name="Tanger", country=tanger.country)
    ContactFactory.create_batch(2, organisation=duplicate)
    client = client_as("pmu")
    url = f"/directory/organisations/{tanger.pk}/merge/"
    choose = client.get(url).content.decode()
    assert f"?duplicate={duplicate.pk}" in choose  # offered as a likely duplicate
    preview = client.get(url, {"duplicate": duplicate.pk}).content.decode()
    assert "Contacts: <strong>2</strong>" in preview
    done = client.post(url, {"duplicate": duplicate.pk, "reason": "Same commune"}, follow=True)
    text = done.content.decode()
    assert "contacts: 2 moved" in text
    response = client.get(f"/directory/organisations/{duplicate.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"/directory/organisations/{tanger.pk}/"
    listing = client.get("/directory/organisations/", {"q": "tanger"}).content.decode()
    assert f"/directory/organisations/{duplicate.pk}/" not in listing


def test_the_merge_needs_a_reason(client_as, tanger):
    duplicate = OrganisationFactory(name="Tanger", country=tanger.country)
    response = client_as("pmu").post(
        f"/directory/organisations/{tanger.pk}/merge/", {"duplicate": duplicate.pk, "reason": ""}
    )
    assert response.status_code == 200
    assert "Say why these two records are one organisation." in response.content.decode()
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None


# --- Filters and query counts -----------------------------------------------------------------


def test_the_list_filters_by_country_kind_setting_and_text(client_as, tanger, dakar):
    OrganisationFactory(
        name="Association Femmes de Nador",
        kind="womens_association",
        country=tanger.country,
        setting="rural",
    )
    client = client_as("pmu")

    def names(**params) -> set[str]:
        text = client.get("/directory/organisations/", params).content.decode()
        candidates = {"Commune de Tanger", "Ville de Dakar", "Association Femmes de Nador"}
        return {name for name in candidates if name in text}

    assert names(country="SN") == {"Ville de Dakar"}
    assert names(kind="womens_association") == {"Association Femmes de Nador"}
    assert names(setting="rural") == {"Association Femmes de Nador"}
    assert names(q="tánger") == {"Commune de Tanger"}  # accents ignored
    assert names(q="CUT") == {"Commune de Tanger"}  # by acronym


def test_the_list_takes_the_same_queries_at_any_size(client_as, django_assert_num_queries):
    client = client_as("pmu")
    OrganisationFactory.create_batch(3, country__code="MA")
    client.get("/directory/organisations/")  # warm the session
    with django_assert_num_queries(6) as few:
        client.get("/directory/organisations/", {"country": "MA"})
    Organisation.objects.bulk_create(
        Organisation(
            name=f"Association {i}", country_id=Country.objects.get(code="MA").pk, kind="ngo"
        )
        for i in range(120)
    )
    with django_assert_num_queries(len(few.captured_queries)):
        body = client.get("/directory/organisations/", {"country": "MA"}).content.decode()
    assert 'rel="next"' in body


def test_renaming_onto_a_similar_name_warns_on_the_edit_form_too(client_as, tanger):
    nador = OrganisationFactory(name="Commune de Nador", country=tanger.country)
    client = client_as("pmu")
    url = f"/directory/organisations/{nador.pk}/edit/"
    data = {"name": "Ville de Tanger", "kind": "local_authority", "country": tanger.country.pk}
    warned = client.post(url, data).content.decode()
    assert f'href="/directory/organisations/{tanger.pk}/"' in warned
    assert 'name="confirm_distinct"' in warned
    nador.refresh_from_db()
    assert nador.name == "Commune de Nador"
    assert client.post(url, {**data, "confirm_distinct": "on"}).status_code == 302
    nador.refresh_from_db()
    assert nador.name == "Ville de Tanger"


def test_the_detail_takes_the_same_queries_whatever_its_contacts(
    client_as, tanger, django_assert_num_queries
):
    client = client_as("pmu")
    url = f"/directory/organisations/{tanger.pk}/"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    ContactFactory.create_batch(20, organisation=tanger)
    with django_assert_num_queries(len(few.captured_queries)):
        body = client.get(url).content.decode()
    assert body.count("@example.org") >= 20
