"""The registry's pages, persona by persona: what each reads, changes, publishes and
exports; a refused page holds none of the refused data."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from jmdi.directory.tests.factories import OrganisationFactory
from jmdi.initiatives.models import Initiative, Theme
from jmdi.initiatives.tests.factories import InitiativeFactory, InitiativePartnerFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("programme_once_per_module")]
CODE = "jmdi-2"
PERSONAS = [
    "anonymous",
    "outsider",
    "member",
    "training_staff",
    "grantee",
    "reviewer_ma",
    "focal_ma",
    "focal_sn",
    "steering",
    "technical",
    "pmu",
]


@pytest.fixture
def records(grantee):
    organisation = grantee.role_assignments.get().organisation
    own = InitiativeFactory(
        country=organisation.country,
        lead_authority=organisation,
        reference="MA-001",
        title="Maison de la diaspora d'Oujda",
    )
    other_ma = InitiativeFactory(
        country__code="MA", reference="MA-002", title="Guichet des migrants de Nador"
    )
    senegal = InitiativeFactory(
        country__code="SN", reference="SN-001", title="Fonds des émigrés de Matam"
    )
    return {"own": own, "other_ma": other_ma, "senegal": senegal}


VISIBLE = {
    "grantee": {"own"},
    "focal_ma": {"own", "other_ma"},
    "focal_sn": {"senegal"},
    "steering": {"own", "other_ma", "senegal"},
    "technical": {"own", "other_ma", "senegal"},
    "pmu": {"own", "other_ma", "senegal"},
}
CHANGES = {
    "focal_ma": {"own", "other_ma"},
    "focal_sn": {"senegal"},
    "pmu": {"own", "other_ma", "senegal"},
}
EXPORTERS = {"focal_ma", "focal_sn", "steering", "technical", "pmu"}


def _url(name, *args):
    return reverse(f"initiatives:{name}", args=[CODE, *args])


def _shows(response, initiative):
    body = response.content.decode("utf-8", "replace")
    return any(
        text in body for text in (initiative.title, escape(initiative.title), initiative.reference)
    )


def _refused(response, persona):
    if persona == "anonymous":
        return response.status_code == 302 and "/accounts/login/" in response["Location"]
    return response.status_code in (403, 404)


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_list_shows_each_persona_only_its_scope(persona, records, client_as):
    response = client_as(persona).get(_url("list"))
    visible = VISIBLE.get(persona)
    if visible is None:
        assert _refused(response, persona)
        body = response.content.decode()
        assert not any(_shows(response, r) for r in records.values())
        return
    body = response.content.decode()
    assert response.status_code == 200
    for name, initiative in records.items():
        assert (initiative.reference in body) == (name in visible), name


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("record", ["own", "other_ma", "senegal"])
def test_the_detail_opens_only_within_scope(persona, record, records, client_as):
    initiative = records[record]
    response = client_as(persona).get(_url("detail", initiative.pk))
    if record in VISIBLE.get(persona, set()):
        assert response.status_code == 200
        assert escape(initiative.title) in response.content.decode()
    else:
        assert _refused(response, persona)
        assert not _shows(response, initiative)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("record", ["own", "other_ma", "senegal"])
def test_edit_page_and_post_only_for_those_who_change_it(persona, record, records, client_as):
    initiative = records[record]
    client = client_as(persona)
    allowed = record in CHANGES.get(persona, set())
    page = client.get(_url("edit", initiative.pk))
    posted = client.post(
        _url("edit", initiative.pk),
        {
            "reference": initiative.reference,
            "title": "Changed by an intruder",
            "language": "fr",
            "lead_authority": initiative.lead_authority_id,
            "budget_currency": "EUR",
            "partners-TOTAL_FORMS": "0",
            "partners-INITIAL_FORMS": "0",
        },
    )
    initiative.refresh_from_db()
    if allowed:
        assert page.status_code == 200
        assert posted.status_code == 302, posted.content.decode()[:2000]
        assert initiative.title == "Changed by an intruder"
    else:
        assert _refused(page, persona)
        assert _refused(posted, persona)
        assert initiative.title != "Changed by an intruder"
        assert not _shows(page, initiative)
        assert not _shows(posted, initiative)


def test_a_focal_point_opening_another_countrys_initiative_by_url_finds_nothing(records, client_as):
    senegal = records["senegal"]
    client = client_as("focal_ma")
    for name in ("detail", "edit"):
        response = client.get(_url(name, senegal.pk))
        assert response.status_code == 404
        assert not _shows(response, senegal)
    for name, data in (
        ("status", {"status": "selected", "reason": "x"}),
        ("publish", {"published": "on"}),
    ):
        response = client.post(_url(name, senegal.pk), data)
        assert response.status_code == 404
    senegal.refresh_from_db()
    assert senegal.status == Initiative.Status.MAPPED
    assert not senegal.published


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_pmu_changes_a_status(persona, records, client_as):
    initiative = records["own"]
    response = client_as(persona).post(
        _url("status", initiative.pk), {"status": "candidate", "reason": "Round 2013"}
    )
    initiative.refresh_from_db()
    if persona == "pmu":
        assert response.status_code == 302
        assert initiative.status == Initiative.Status.CANDIDATE
        assert initiative.status_changed_on is not None
    else:
        assert _refused(response, persona)
        assert initiative.status == Initiative.Status.MAPPED


@pytest.mark.parametrize("persona", PERSONAS)
def test_publishing_is_for_those_who_change_the_record(persona, records, client_as):
    initiative = records["other_ma"]
    response = client_as(persona).post(_url("publish", initiative.pk), {"published": "on"})
    initiative.refresh_from_db()
    if "other_ma" in CHANGES.get(persona, set()):
        assert response.status_code == 302
        assert initiative.published
    else:
        assert _refused(response, persona)
        assert not initiative.published


@pytest.mark.parametrize("persona", PERSONAS)
def test_create_only_within_ones_own_country(persona, records, client_as, programme):
    lead = OrganisationFactory(country__code="MA", name="Commune de Berkane")
    client = client_as(persona)
    page = client.get(_url("create"))
    response = client.post(
        _url("create"),
        {
            "reference": "MA-100",
            "title": "Accueil des migrants de retour à Berkane",
            "language": "fr",
            "lead_authority": lead.pk,
            "budget_currency": "EUR",
            "partners-TOTAL_FORMS": "0",
            "partners-INITIAL_FORMS": "0",
        },
    )
    made = Initiative.objects.filter(reference="MA-100").exists()
    if persona in {"pmu", "focal_ma"}:
        assert page.status_code == 200
        assert response.status_code == 302
        assert made
    elif persona == "focal_sn":
        # The form offers Senegal's local authorities only; Berkane's is refused.
        assert page.status_code == 200
        assert "Commune de Berkane" not in page.content.decode()
        assert response.status_code == 200
        assert not made
    else:
        assert _refused(page, persona)
        assert _refused(response, persona)
        assert not made


@pytest.mark.parametrize("persona", PERSONAS)
def test_export_only_for_exporters_and_only_their_scope(persona, records, client_as):
    response = client_as(persona).get(_url("export", "csv"))
    if persona not in EXPORTERS:
        assert _refused(response, persona)
        body = response.content.decode("utf-8", "replace")
        assert not any(r.reference in body for r in records.values())
        return
    assert response.status_code == 200
    body = response.content.decode("utf-8-sig")
    for name, initiative in records.items():
        assert (initiative.reference in body) == (name in VISIBLE[persona])


def test_the_form_keeps_partners_and_their_roles(records, client_as):
    initiative = records["other_ma"]
    ngo = OrganisationFactory(country__code="MA", kind="civil_society", name="Association Nador")
    response = client_as("focal_ma").post(
        _url("edit", initiative.pk),
        {
            "reference": initiative.reference,
            "title": initiative.title,
            "language": "fr",
            "lead_authority": initiative.lead_authority_id,
            "budget_currency": "EUR",
            "title_en": "Migrants' desk of Nador",
            "partners-TOTAL_FORMS": "1",
            "partners-INITIAL_FORMS": "0",
            "partners-0-organisation": ngo.pk,
            "partners-0-role": "technical",
        },
    )
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert [(p.organisation, p.role) for p in initiative.partners.all()] == [(ngo, "technical")]
    assert initiative.translations == {"en": {"title": "Migrants' desk of Nador"}}
    detail = client_as("focal_ma").get(_url("detail", initiative.pk)).content.decode()
    assert "Association Nador" in detail
    assert "Technical partner" in detail


def test_a_refused_field_comes_back_on_the_form_and_nothing_changes(records, client_as):
    initiative = records["other_ma"]
    response = client_as("focal_ma").post(
        _url("edit", initiative.pk),
        {
            "reference": initiative.reference,
            "title": "New title",
            "language": "fr",
            "lead_authority": initiative.lead_authority_id,
            "budget_currency": "EUR",
            "start_date": "2014-05-01",
            "end_date": "2013-05-01",
            "partners-TOTAL_FORMS": "0",
            "partners-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "Enter an end date on or after the start date." in response.content.decode()
    initiative.refresh_from_db()
    assert initiative.title != "New title"


def test_the_detail_marks_the_original_language(records, client_as, settings):
    initiative = records["senegal"]
    initiative.language = "fr"
    initiative.translations = {"en": {"title": "Matam emigrants' fund", "summary": "A fund."}}
    initiative.save()
    body = (
        client_as("pmu")
        .get(_url("detail", initiative.pk), HTTP_ACCEPT_LANGUAGE="en")
        .content.decode()
    )
    assert '<span lang="en">Matam emigrants&#x27; fund</span>' in body
    assert '<div lang="fr"><p><strong>Fonds des émigrés de Matam</strong>' in body


def _many(count, country="MA"):
    theme = Theme.objects.first()
    for n in range(count):
        initiative = InitiativeFactory(
            country__code=country, reference=f"Q-{country}-{count}-{n}", title=f"Initiative {n}"
        )
        initiative.themes.add(theme)
        InitiativePartnerFactory(initiative=initiative)


@pytest.mark.parametrize("page", ["list", "filtered", "detail", "export"])
def test_query_counts_do_not_grow_with_the_data(page, client_as, pmu, django_assert_num_queries):
    client = client_as("pmu")

    def url():
        last = Initiative.objects.order_by("pk").last()
        return {
            "list": _url("list"),
            "filtered": _url("list") + "?country=MA&theme=economic_development&q=Init&sort=-budget",
            "detail": _url("detail", last.pk),
            "export": _url("export", "xlsx") + "?country=MA",
        }[page]

    _many(3)
    client.get(url())  # warm the caches (sessions, programme, scopes)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(url()).status_code == 200
    _many(40)
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(url()).status_code == 200
