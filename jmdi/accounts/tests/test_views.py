"""The /people/ pages: the PMU adds people, gives and revokes roles; nobody else can."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache

from jmdi.accounts.models import Role, RoleAssignment, User
from jmdi.accounts.services import assign_role, create_person
from jmdi.directory.models import Country
from jmdi.directory.tests.factories import OrganisationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("programme_once_per_module")]


@pytest.fixture
def subject(programme):
    return create_person(actor=None, email="aissatou.ba@example.org", full_name="Aïssatou Ba")


def _html(response) -> str:
    return response.content.decode()


def _error_summary(html: str) -> str:
    match = re.search(r'<div class="error-summary".*?</div>', html, re.DOTALL)
    assert match, "no error summary on the page"
    return match.group(0)


# --- Adding a person --------------------------------------------------------------------


def test_the_pmu_adds_a_person_and_is_told_what_to_do_next(client_as):
    client = client_as("pmu")
    response = client.post(
        "/people/add/", {"full_name": "Fatou Sall", "email": " Fatou.Sall@Example.org"}
    )

    person = User.objects.get(email="fatou.sall@example.org")
    assert response.status_code == 302
    assert response["Location"] == f"/people/{person.pk}/"

    page = client.get(response["Location"])
    html = _html(page)
    assert page.status_code == 200
    assert "Fatou Sall was added and emailed a link to set their password." in html
    assert "This person has no role yet." in html


def test_a_new_person_is_emailed_a_link_to_set_a_password_and_can_then_sign_in(client_as, client):
    from django.core import mail

    client_as("pmu").post(
        "/people/add/", {"full_name": "Fatou Sall", "email": "fatou.sall@example.org"}
    )
    assert [m.to for m in mail.outbox] == [["fatou.sall@example.org"]]
    link = re.search(
        r"https://platform\.jmdi\.test(/accounts/password/reset/key/\S+)", mail.outbox[0].body
    ).group(1)

    client.logout()
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link
    client.post(form_url, {"password1": "a-fresh-pass-phrase", "password2": "a-fresh-pass-phrase"})
    response = client.post(
        "/accounts/login/", {"login": "fatou.sall@example.org", "password": "a-fresh-pass-phrase"}
    )
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_adding_a_person_with_an_address_in_use_shows_the_error_and_keeps_the_input(
    client_as, subject
):
    response = client_as("pmu").post(
        "/people/add/", {"full_name": "Another Aïssatou", "email": "AISSATOU.BA@example.org"}
    )

    html = _html(response)
    assert response.status_code == 200
    summary = _error_summary(html)
    assert 'href="#id_email"' in summary
    assert "Someone already signs in with this address." in summary
    assert 'value="Another Aïssatou"' in html
    assert User.objects.filter(email="aissatou.ba@example.org").count() == 1


def test_adding_a_person_without_a_name_links_the_error_to_the_field(client_as):
    response = client_as("pmu").post(
        "/people/add/", {"full_name": "", "email": "someone@example.org"}
    )

    html = _html(response)
    assert response.status_code == 200
    assert 'href="#id_full_name"' in _error_summary(html)
    assert 'value="someone@example.org"' in html
    assert not User.objects.filter(email="someone@example.org").exists()


# --- Giving a role ----------------------------------------------------------------------


def test_the_pmu_gives_a_country_role_with_the_country_select(client_as, subject):
    client = client_as("pmu")
    morocco = Country.objects.get(code="MA")
    form = _html(client.get(f"/people/{subject.pk}/"))
    assert f'<option value="{morocco.pk}">Morocco</option>' in form

    response = client.post(
        f"/people/{subject.pk}/",
        {"role": Role.FOCAL_POINT, "country": morocco.pk, "organisation": ""},
    )

    assert response.status_code == 302
    assert response["Location"] == f"/people/{subject.pk}/"
    assignment = RoleAssignment.objects.get(user=subject)
    assert (assignment.role, assignment.country, assignment.organisation) == (
        Role.FOCAL_POINT,
        morocco,
        None,
    )
    assert assignment.granted_by.email == "pmu@example.org"
    html = _html(client.get(response["Location"]))
    assert "Aïssatou Ba is now: Country focal point (Morocco)." in html
    assert f'action="/people/roles/{assignment.pk}/revoke/"' in html


def test_the_pmu_gives_a_grantee_role_by_the_organisations_exact_name(client_as, subject):
    organisation = OrganisationFactory(country__code="SN", name="Commune de Thiès")
    response = client_as("pmu").post(
        f"/people/{subject.pk}/",
        {"role": Role.GRANTEE, "country": "", "organisation": "Commune de Thiès"},
    )

    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user=subject)
    assert (assignment.role, assignment.organisation) == (Role.GRANTEE, organisation)


def test_an_unknown_organisation_name_is_an_error_on_that_field(client_as, subject):
    OrganisationFactory(country__code="SN", name="Commune de Thiès")
    response = client_as("pmu").post(
        f"/people/{subject.pk}/",
        {"role": Role.GRANTEE, "country": "", "organisation": "Commune de Thies"},
    )

    html = _html(response)
    assert response.status_code == 200
    summary = _error_summary(html)
    assert 'href="#id_organisation"' in summary
    assert "No organisation has this name" in summary
    assert 'value="Commune de Thies"' in html  # kept, to correct
    assert not RoleAssignment.objects.filter(user=subject).exists()


def test_a_focal_point_without_a_country_is_an_error_on_the_country_field(client_as, subject):
    response = client_as("pmu").post(
        f"/people/{subject.pk}/", {"role": Role.FOCAL_POINT, "country": "", "organisation": ""}
    )

    html = _html(response)
    assert response.status_code == 200
    summary = _error_summary(html)
    assert 'href="#id_country"' in summary
    assert "Choose the country this role covers" in summary
    assert 'id="id_country_error"' in html  # repeated at the field
    assert f'<option value="{Role.FOCAL_POINT}" selected>' in html  # the choice is kept
    assert not RoleAssignment.objects.filter(user=subject).exists()


def test_a_grantee_without_an_organisation_is_an_error_on_the_organisation_field(
    client_as, subject
):
    response = client_as("pmu").post(
        f"/people/{subject.pk}/", {"role": Role.GRANTEE, "country": "", "organisation": ""}
    )

    summary = _error_summary(_html(response))
    assert 'href="#id_organisation"' in summary
    assert not RoleAssignment.objects.filter(user=subject).exists()


def test_a_role_held_already_is_an_error_on_the_role_field(client_as, subject):
    assign_role(actor=None, user=subject, role=Role.MEMBER)
    response = client_as("pmu").post(
        f"/people/{subject.pk}/", {"role": Role.MEMBER, "country": "", "organisation": ""}
    )

    assert response.status_code == 200
    summary = _error_summary(_html(response))
    assert 'href="#id_role"' in summary
    assert "already has this role" in summary
    assert RoleAssignment.objects.filter(user=subject).count() == 1


def test_an_unknown_person_is_a_404(client_as):
    assert client_as("pmu").get("/people/999999/").status_code == 404


# --- Revoking a role --------------------------------------------------------------------


def test_the_pmu_revokes_a_role(client_as, subject):
    assignment = assign_role(actor=None, user=subject, role=Role.MEMBER)
    client = client_as("pmu")

    response = client.post(f"/people/roles/{assignment.pk}/revoke/")

    assert response.status_code == 302
    assert response["Location"] == f"/people/{subject.pk}/"
    assignment.refresh_from_db()
    assert assignment.revoked_at is not None
    html = _html(client.get(response["Location"]))
    assert "The role M4D Net member was revoked." in html
    assert "This person has no role yet." in html


def test_revoking_twice_says_so_and_changes_nothing(client_as, subject):
    assignment = assign_role(actor=None, user=subject, role=Role.MEMBER)
    client = client_as("pmu")
    client.post(f"/people/roles/{assignment.pk}/revoke/")
    first = RoleAssignment.objects.get(pk=assignment.pk).revoked_at

    response = client.post(f"/people/roles/{assignment.pk}/revoke/", follow=True)

    assert "This role was already revoked." in _html(response)
    assert RoleAssignment.objects.get(pk=assignment.pk).revoked_at == first


def test_the_pmu_cannot_revoke_their_own_pmu_role_from_the_page(client_as, pmu):
    own = RoleAssignment.objects.get(user=pmu, role=Role.PMU_OFFICER)
    response = client_as("pmu").post(f"/people/roles/{own.pk}/revoke/", follow=True)

    assert "You cannot revoke your own PMU role" in _html(response)
    assert RoleAssignment.objects.get(pk=own.pk).revoked_at is None


def test_revoking_by_get_is_not_allowed(client_as, subject):
    assignment = assign_role(actor=None, user=subject, role=Role.MEMBER)
    response = client_as("pmu").get(f"/people/roles/{assignment.pk}/revoke/")

    assert response.status_code == 405
    assert RoleAssignment.objects.get(pk=assignment.pk).revoked_at is None


def test_revoking_an_unknown_role_is_a_404(client_as):
    assert client_as("pmu").post("/people/roles/999999/revoke/").status_code == 404


# --- Nobody else --------------------------------------------------------------------------

NOT_PMU = ["outsider", "member", "grantee", "reviewer_ma", "focal_ma", "steering", "technical"]


@pytest.mark.parametrize("persona", NOT_PMU)
def test_others_cannot_add_people(client_as, persona):
    client = client_as(persona)
    before = User.objects.count()
    response = client.post(
        "/people/add/", {"full_name": "Intruder", "email": "intruder@example.org"}
    )
    assert response.status_code == 403
    assert User.objects.count() == before


@pytest.mark.parametrize("persona", NOT_PMU)
def test_others_cannot_give_roles(client_as, subject, persona):
    response = client_as(persona).post(
        f"/people/{subject.pk}/", {"role": Role.PMU_OFFICER, "country": "", "organisation": ""}
    )
    assert response.status_code == 403
    assert not RoleAssignment.objects.filter(user=subject).exists()


@pytest.mark.parametrize("persona", NOT_PMU)
def test_others_cannot_revoke_roles(client_as, subject, persona):
    assignment = assign_role(actor=None, user=subject, role=Role.MEMBER)
    response = client_as(persona).post(f"/people/roles/{assignment.pk}/revoke/")
    assert response.status_code == 403
    assert RoleAssignment.objects.get(pk=assignment.pk).revoked_at is None


def test_anonymous_visitors_are_sent_to_sign_in_and_nothing_changes(client, subject):
    assignment = assign_role(actor=None, user=subject, role=Role.MEMBER)
    for response in (
        client.post("/people/add/", {"full_name": "Intruder", "email": "intruder@example.org"}),
        client.post(f"/people/{subject.pk}/", {"role": Role.PMU_OFFICER}),
        client.post(f"/people/roles/{assignment.pk}/revoke/"),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    assert not User.objects.filter(email="intruder@example.org").exists()
    assert RoleAssignment.objects.filter(user=subject).count() == 1
    assert RoleAssignment.objects.get(pk=assignment.pk).revoked_at is None


# --- Queries ---------------------------------------------------------------------------


def _add_people_with_roles(count: int) -> None:
    morocco = Country.objects.get(code="MA")
    organisation = OrganisationFactory(country=morocco, name="Commune de Nador")
    for n in range(count):
        user = create_person(
            actor=None, email=f"colleague{n}@example.org", full_name=f"Colleague {n}"
        )
        assign_role(actor=None, user=user, role=Role.MEMBER)
        if n % 3 == 0:
            assign_role(actor=None, user=user, role=Role.FOCAL_POINT, country=morocco)
        elif n % 3 == 1:
            assign_role(actor=None, user=user, role=Role.GRANTEE, organisation=organisation)


# Session, user, the reader's roles, count, page of people, their roles (one prefetch).
PEOPLE_LIST_QUERIES = 6
# Session, user, the reader's roles, the person, their roles, the country select.
PERSON_PAGE_QUERIES = 6


def test_the_people_list_takes_a_fixed_number_of_queries(client_as, django_assert_num_queries):
    client = client_as("pmu")
    cache.clear()
    client.get("/people/")  # warm the per-process caches (content types, templates)

    with django_assert_num_queries(PEOPLE_LIST_QUERIES):
        response = client.get("/people/")
    assert response.status_code == 200

    _add_people_with_roles(30)

    with django_assert_num_queries(PEOPLE_LIST_QUERIES):
        response = client.get("/people/")
    html = _html(response)
    assert "Colleague 29" in html
    assert "Country focal point (Morocco)" in html
    assert "Grantee (Commune de Nador)" in html


def test_the_person_page_takes_a_fixed_number_of_queries(
    client_as, subject, django_assert_num_queries
):
    client = client_as("pmu")
    client.get(f"/people/{subject.pk}/")

    with django_assert_num_queries(PERSON_PAGE_QUERIES):
        assert client.get(f"/people/{subject.pk}/").status_code == 200

    morocco = Country.objects.get(code="MA")
    assign_role(actor=None, user=subject, role=Role.MEMBER)
    assign_role(actor=None, user=subject, role=Role.FOCAL_POINT, country=morocco)
    assign_role(
        actor=None,
        user=subject,
        role=Role.GRANTEE,
        organisation=OrganisationFactory(country=morocco),
    )

    with django_assert_num_queries(PERSON_PAGE_QUERIES):
        assert client.get(f"/people/{subject.pk}/").status_code == 200
