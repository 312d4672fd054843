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


# --- Adding a person: an invitation -------------------------------------------------------


def _invite(client, **fields):
    data = {
        "full_name": "Fatou Sall",
        "email": " Fatou.Sall@Example.org",
        "language": "fr",
        "role": Role.MEMBER,
        "action": "give",
    }
    data.update(fields)
    return client.post("/people/add/", data)


def _invitation_link(message) -> str:
    match = re.search(r"https://platform\.jmdi\.test(/accounts/invitation/\S+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_the_pmu_adds_a_person_with_a_role_and_is_told_what_happens_next(
    client_as, django_capture_on_commit_callbacks
):
    client = client_as("pmu")
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(client)

    person = User.objects.get(email="fatou.sall@example.org")
    assert response.status_code == 302
    assert response["Location"] == f"/people/{person.pk}/"
    assert person.preferred_language == "fr"
    assert person.invited_by.email == "pmu@example.org"
    assert RoleAssignment.objects.get(user=person).role == Role.MEMBER
    html = _html(client.get(response["Location"]))
    assert "Fatou Sall was added as M4D Net member and invited by e-mail" in html
    assert "not used yet" in html


def test_the_invitation_says_who_invited_to_what_with_which_role_in_the_invitees_language(
    client_as, django_capture_on_commit_callbacks
):
    from django.core import mail

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _invite(client_as("pmu"), role=Role.FOCAL_POINT, country=Country.objects.get(code="SN").pk)

    assert [m.to for m in mail.outbox] == [["fatou.sall@example.org"]]
    message = mail.outbox[0]
    assert message.subject == "Invitation à rejoindre JMDI Platform"
    body = message.body
    assert "Bonjour Fatou Sall" in body  # French, the invitee's language
    assert "Pmu" in body  # who invited (the PMU persona's name)
    assert "https://platform.jmdi.test" in body  # which platform, from the settings
    assert "Point focal national (Sénégal)" in body  # which role, in French
    assert "14 jours" in body  # how long the link lasts
    assert "127.0.0.1" not in body
    assert "testserver" not in body
    assert "password reset" not in body.lower()


def test_the_invitation_link_opens_set_your_password_and_signs_the_person_in(
    client_as, client, django_capture_on_commit_callbacks
):
    from django.core import mail
    from django.test import Client

    with django_capture_on_commit_callbacks(execute=True):
        _invite(client_as("pmu"), language="es")
    link = _invitation_link(mail.outbox[-1])

    visitor = Client()
    page = visitor.get(link)
    assert page.status_code == 200
    assert "Establezca su contraseña" in _html(page)  # "Set your password", in Spanish

    response = visitor.post(
        link, {"password1": "a-fresh-pass-phrase", "password2": "a-fresh-pass-phrase"}
    )
    assert response.status_code == 302
    person = User.objects.get(email="fatou.sall@example.org")
    assert visitor.session["_auth_user_id"] == str(person.pk)
    assert person.invitation_accepted_at is not None
    assert person.emailaddress_set.get().verified
    # Used once: the link no longer works.
    assert Client().get(link).status_code == 400


def test_a_wrong_or_expired_invitation_link_does_nothing(
    client_as, settings, django_capture_on_commit_callbacks
):
    from django.core import mail
    from django.test import Client

    with django_capture_on_commit_callbacks(execute=True):
        _invite(client_as("pmu"))
    link = _invitation_link(mail.outbox[-1])
    assert Client().get(link[:-3] + "xx/").status_code == 400
    settings.JMDI_INVITATION_MAX_AGE_DAYS = -1
    response = Client().post(
        link, {"password1": "a-fresh-pass-phrase", "password2": "a-fresh-pass-phrase"}
    )
    assert response.status_code == 400
    assert not User.objects.get(email="fatou.sall@example.org").has_usable_password()


def test_a_new_invitation_replaces_the_old_link(client_as, django_capture_on_commit_callbacks):
    from django.core import mail
    from django.test import Client

    client = client_as("pmu")
    with django_capture_on_commit_callbacks(execute=True):
        _invite(client)
    person = User.objects.get(email="fatou.sall@example.org")
    old = _invitation_link(mail.outbox[-1])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/people/{person.pk}/invitation/")
    new = _invitation_link(mail.outbox[-1])
    assert new != old
    assert Client().get(old).status_code == 400
    assert Client().get(new).status_code == 200


def test_adding_a_person_with_an_address_in_use_shows_the_error_and_keeps_the_input(
    client_as, subject
):
    response = _invite(client_as("pmu"), full_name="Someone Else", email="AISSATOU.BA@example.org")

    html = _html(response)
    assert response.status_code == 200
    summary = _error_summary(html)
    assert 'href="#id_email"' in summary
    assert "Someone already signs in with this address." in summary
    assert 'value="Someone Else"' in html  # the name typed is kept
    assert User.objects.filter(email__iexact="aissatou.ba@example.org").count() == 1


def test_adding_a_person_without_a_name_links_the_error_to_the_field(client_as):
    response = _invite(client_as("pmu"), full_name="", email="someone@example.org")

    assert response.status_code == 200
    summary = _error_summary(_html(response))
    assert 'href="#id_full_name"' in summary
    assert not User.objects.filter(email="someone@example.org").exists()


def test_a_refused_role_adds_no_one(client_as):
    response = _invite(client_as("pmu"), role=Role.FOCAL_POINT)  # no country
    assert response.status_code == 200
    assert 'href="#id_country"' in _error_summary(_html(response))
    assert not User.objects.filter(email="fatou.sall@example.org").exists()


# --- Giving a role: only what the role needs ------------------------------------------------


def test_the_form_asks_only_for_what_the_chosen_role_needs(client_as, subject):
    client = client_as("pmu")
    plain = _html(client.get(f"/people/{subject.pk}/"))
    assert 'name="country"' not in plain
    assert 'name="organisation_query"' not in plain

    focal = _html(
        client.post(f"/people/{subject.pk}/", {"role": Role.FOCAL_POINT, "action": "choose"})
    )
    assert 'name="country"' in focal
    assert 'name="organisation_query"' not in focal
    assert "error-summary" not in focal  # choosing is not a mistake
    assert f'<option value="{Role.FOCAL_POINT}" selected>' in focal

    grantee = _html(
        client.post(f"/people/{subject.pk}/", {"role": Role.GRANTEE, "action": "choose"})
    )
    assert 'name="organisation_query"' in grantee
    assert 'name="country"' not in grantee

    member = _html(client.post(f"/people/{subject.pk}/", {"role": Role.MEMBER, "action": "choose"}))
    assert "This role is not limited to a country or an organisation." in member


def test_with_htmx_choosing_a_role_swaps_only_its_fields(client_as, subject):
    response = client_as("pmu").get(
        f"/people/{subject.pk}/", {"role": Role.REVIEWER}, HTTP_HX_REQUEST="true"
    )
    html = _html(response)
    assert html.lstrip().startswith('<div id="role-scope"')
    assert 'name="country"' in html
    assert "<html" not in html
    assert "HX-Request" in response["Vary"]


def test_the_pmu_gives_a_country_role_with_the_country_select(client_as, subject):
    client = client_as("pmu")
    morocco = Country.objects.get(code="MA")

    response = client.post(
        f"/people/{subject.pk}/",
        {"role": Role.FOCAL_POINT, "country": morocco.pk, "action": "give"},
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
    assert f'href="/people/roles/{assignment.pk}/revoke/"' in html


def test_the_pmu_finds_a_grantees_organisation_by_part_of_its_name(client_as, subject):
    organisation = OrganisationFactory(country__code="SN", name="Commune de Thiès")
    OrganisationFactory(country__code="SN", name="Commune de Kaolack")
    client = client_as("pmu")

    found = _html(
        client.post(
            f"/people/{subject.pk}/",
            {"role": Role.GRANTEE, "organisation_query": "thiè", "action": "search"},
        )
    )
    assert f'value="{organisation.pk}"' in found
    assert "Commune de Kaolack" not in found

    response = client.post(
        f"/people/{subject.pk}/",
        {"role": Role.GRANTEE, "organisation": organisation.pk, "action": "give"},
    )
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user=subject)
    assert (assignment.role, assignment.organisation) == (Role.GRANTEE, organisation)


def test_a_search_that_finds_nothing_says_so(client_as, subject):
    html = _html(
        client_as("pmu").post(
            f"/people/{subject.pk}/",
            {"role": Role.GRANTEE, "organisation_query": "Nowhere at all", "action": "search"},
        )
    )
    assert "No organisation matches" in html
    assert 'value="Nowhere at all"' in html


def test_a_focal_point_without_a_country_is_an_error_on_the_country_field(client_as, subject):
    response = client_as("pmu").post(
        f"/people/{subject.pk}/", {"role": Role.FOCAL_POINT, "country": "", "action": "give"}
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
        f"/people/{subject.pk}/", {"role": Role.GRANTEE, "organisation": "", "action": "give"}
    )

    html = _html(response)
    summary = _error_summary(html)
    assert 'href="#id_organisation"' in summary
    assert 'id="id_organisation_error"' in html
    assert not RoleAssignment.objects.filter(user=subject).exists()


def test_a_role_held_already_is_an_error_on_the_role_field(client_as, subject):
    assign_role(actor=None, user=subject, role=Role.MEMBER)
    response = client_as("pmu").post(
        f"/people/{subject.pk}/", {"role": Role.MEMBER, "action": "give"}
    )

    assert response.status_code == 200
    summary = _error_summary(_html(response))
    assert 'href="#id_role"' in summary
    assert "already has this role" in summary
    assert RoleAssignment.objects.filter(user=subject).count() == 1


def test_conflicting_roles_are_warned_about_and_need_a_confirmation(client_as, subject):
    oujda = OrganisationFactory(country__code="MA", name="Commune d'Oujda Nord")
    assign_role(actor=None, user=subject, role=Role.GRANTEE, organisation=oujda)
    morocco = Country.objects.get(code="MA")
    client = client_as("pmu")
    data = {"role": Role.REVIEWER, "country": morocco.pk, "action": "give"}

    response = client.post(f"/people/{subject.pk}/", data)

    html = _html(response)
    assert response.status_code == 200
    assert "Check before you give this role" in html
    assert (
        "would review candidates of the country where their own organisation is a grantee" in html
    )
    assert not RoleAssignment.objects.filter(user=subject, role=Role.REVIEWER).exists()

    response = client.post(f"/people/{subject.pk}/", {**data, "acknowledge_conflicts": "on"})
    assert response.status_code == 302
    given = RoleAssignment.objects.get(user=subject, role=Role.REVIEWER)
    assert "would review candidates" in given.note  # the warning is kept with the role


def test_a_reviewer_of_another_country_is_no_conflict(client_as, subject):
    oujda = OrganisationFactory(country__code="MA", name="Commune d'Oujda Sud")
    assign_role(actor=None, user=subject, role=Role.GRANTEE, organisation=oujda)
    response = client_as("pmu").post(
        f"/people/{subject.pk}/",
        {"role": Role.REVIEWER, "country": Country.objects.get(code="SN").pk, "action": "give"},
    )
    assert response.status_code == 302


def test_an_unknown_person_is_a_404(client_as):
    assert client_as("pmu").get("/people/999999/").status_code == 404


# --- Revoking a role: asked first, kept in the history ---------------------------------------


def test_revoking_asks_first_and_changes_nothing_until_confirmed(client_as, subject):
    assignment = assign_role(actor=None, user=subject, role=Role.MEMBER)
    page = client_as("pmu").get(f"/people/roles/{assignment.pk}/revoke/")

    assert page.status_code == 200
    assert "Revoke M4D Net member from Aïssatou Ba?" in _html(page)
    assert RoleAssignment.objects.get(pk=assignment.pk).revoked_at is None


def test_the_pmu_revokes_a_role_and_the_person_page_shows_who_and_when(client_as, subject):
    assignment = assign_role(actor=None, user=subject, role=Role.MEMBER)
    client = client_as("pmu")

    response = client.post(
        f"/people/roles/{assignment.pk}/revoke/", {"reason": "Left the programme"}
    )

    assert response.status_code == 302
    assert response["Location"] == f"/people/{subject.pk}/"
    assignment.refresh_from_db()
    assert assignment.revoked_at is not None
    assert assignment.revoked_by.email == "pmu@example.org"
    assert assignment.note == "Left the programme"
    html = _html(client.get(response["Location"]))
    assert "The role M4D Net member was revoked." in html
    past = html.split('<tr class="muted">')[1].split("</tr>")[0]
    assert "M4D Net member" in past
    assert "Left the programme" in past
    assert "Pmu" in past
    history = assignment.history.order_by("history_date")
    assert [h.history_change_reason for h in history] == ["assigned", "revoked"]


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


def test_revoking_an_unknown_role_is_a_404(client_as):
    assert client_as("pmu").post("/people/roles/999999/revoke/").status_code == 404


# --- Nobody else --------------------------------------------------------------------------

NOT_PMU = ["outsider", "member", "grantee", "reviewer_ma", "focal_ma", "steering", "technical"]


@pytest.mark.parametrize("persona", NOT_PMU)
def test_others_cannot_add_people(client_as, persona):
    client = client_as(persona)
    before = User.objects.count()
    response = _invite(client, full_name="Intruder", email="intruder@example.org")
    assert response.status_code == 403
    assert User.objects.count() == before


@pytest.mark.parametrize("persona", NOT_PMU)
def test_others_cannot_give_roles(client_as, subject, persona):
    response = client_as(persona).post(
        f"/people/{subject.pk}/", {"role": Role.PMU_OFFICER, "action": "give"}
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
    assert "Country focal point (<bdi>Morocco</bdi>)" in html
    assert "Grantee (<bdi>Commune de Nador</bdi>)" in html


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
        acknowledge_conflicts=True,
    )

    with django_assert_num_queries(PERSON_PAGE_QUERIES):
        assert client.get(f"/people/{subject.pk}/").status_code == 200


def test_a_persons_sex_is_recorded_when_known_and_shown_to_the_pmu(
    client_as, django_capture_on_commit_callbacks
):
    client = client_as("pmu")
    with django_capture_on_commit_callbacks(execute=True):
        _invite(client, sex="female")
    person = User.objects.get(email="fatou.sall@example.org")
    assert person.sex == "female"
    html = _html(client.get(f"/people/{person.pk}/"))
    assert "Female" in html


def test_a_persons_sex_defaults_to_not_recorded(client_as, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _invite(client_as("pmu"))
    assert User.objects.get(email="fatou.sall@example.org").sex == "not_recorded"


def test_an_invitation_in_arabic_is_written_in_arabic(
    client_as, django_capture_on_commit_callbacks
):
    from django.core import mail

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _invite(client_as("pmu"), language="ar")
    message = mail.outbox[-1]
    assert message.subject == "دعوة للانضمام إلى JMDI Platform"
    assert "مرحبًا Fatou Sall،" in message.body
    assert "دورك: عضو M4D Net." in message.body
    assert "https://platform.jmdi.test/accounts/invitation/" in message.body
