"""The directory's scope rule: list filters and object checks agree, for everyone.

`countries_q`/`contacts_q` filter lists; `can_view_country`/`can_view_contacts` guard one
page. Both are derived from one scope, and these tests hold them to it: for each person,
the countries a list shows are exactly the countries whose page they may open.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from jmdi.accounts.models import Role, RoleAssignment
from jmdi.accounts.services import assign_role, create_person
from jmdi.core.scopes import scopes_of
from jmdi.directory import permissions, selectors
from jmdi.directory.models import Contact, Country
from jmdi.directory.tests.factories import ContactFactory, OrganisationFactory

pytestmark = pytest.mark.usefixtures("programme_once_per_module")

PERSONAS = [
    "anonymous", "outsider", "member", "training_staff", "grantee",
    "reviewer_ma", "focal_ma", "focal_sn", "steering", "technical", "pmu",
]  # fmt: skip

#: Beyond the suite's personas: people whose roles combine or have changed.
EDGE_CASES = [
    "focal_ma_and_sn",
    "focal_ma_revoked",
    "reviewer_and_focal",
    "superuser",
    "inactive_pmu",
]

#: What each person should get, spelled out: (countries listed, countries with contacts).
ALL = "all"
EXPECTED = {
    "anonymous": (set(), set()),
    "outsider": (set(), set()),
    "member": (set(), set()),
    "training_staff": (set(), set()),
    "grantee": (set(), set()),
    "reviewer_ma": ({"MA"}, set()),
    "focal_ma": (ALL, {"MA"}),
    "focal_sn": (ALL, {"SN"}),
    "steering": (ALL, set()),
    "technical": (ALL, set()),
    "pmu": (ALL, ALL),
    "focal_ma_and_sn": (ALL, {"MA", "SN"}),
    "focal_ma_revoked": (set(), set()),
    "reviewer_and_focal": (ALL, {"SN"}),
    "superuser": (ALL, ALL),
    "inactive_pmu": (set(), set()),
}


@pytest.fixture
def directory(programme):
    """An organisation with a contact in every country of the programme, plus one outside it."""
    Country.objects.get_or_create(code="FR")
    for country in Country.objects.all():
        organisation = OrganisationFactory(country=country, name=f"Organisation in {country.code}")
        ContactFactory(organisation=organisation, full_name=f"Contact in {country.code}")
    return {str(code) for code in Country.objects.values_list("code", flat=True)}


def _edge_case(name: str):
    ma, sn = Country.objects.get(code="MA"), Country.objects.get(code="SN")
    user = create_person(actor=None, email=f"{name}@example.org", full_name=name)
    if name == "focal_ma_and_sn":
        assign_role(actor=None, user=user, role=Role.FOCAL_POINT, country=ma)
        assign_role(actor=None, user=user, role=Role.FOCAL_POINT, country=sn)
    elif name == "focal_ma_revoked":
        assign_role(actor=None, user=user, role=Role.FOCAL_POINT, country=ma)
        RoleAssignment.objects.filter(user=user).update(revoked_at=timezone.now())
    elif name == "reviewer_and_focal":
        # Reviewer for Morocco gives no contacts there; focal point for Senegal does.
        assign_role(actor=None, user=user, role=Role.REVIEWER, country=ma)
        assign_role(actor=None, user=user, role=Role.FOCAL_POINT, country=sn)
    elif name == "superuser":
        user.is_superuser = True
        user.save()
    elif name == "inactive_pmu":
        assign_role(actor=None, user=user, role=Role.PMU_OFFICER)
        user.is_active = False
        user.save()
    return type(user).objects.get(pk=user.pk)


@pytest.fixture
def person(request, programme):
    def get(name: str):
        if name == "anonymous":
            return AnonymousUser()
        if name in EDGE_CASES:
            return _edge_case(name)
        user = request.getfixturevalue(name)
        return type(user).objects.get(pk=user.pk)  # no roles cached from set-up

    return get


@pytest.mark.parametrize("name", PERSONAS + EDGE_CASES)
def test_the_countries_listed_are_the_countries_that_may_be_opened(person, directory, name):
    user = person(name)

    listed = {
        str(c)
        for c in Country.objects.filter(permissions.countries_q(user)).values_list(
            "code", flat=True
        )
    }
    openable = {code for code in directory if permissions.can_view_country(user, code)}

    assert listed == openable
    assert listed == (directory if EXPECTED[name][0] == ALL else EXPECTED[name][0])
    assert permissions.can_browse_directory(user) is bool(listed)
    assert {str(c.code) for c in selectors.countries_visible_to(user)} == listed


@pytest.mark.parametrize("name", PERSONAS + EDGE_CASES)
def test_the_contacts_listed_are_those_of_the_countries_whose_contacts_may_be_opened(
    person, directory, name
):
    user = person(name)

    listed = {
        str(code)
        for code in Contact.objects.filter(permissions.contacts_q(user)).values_list(
            "organisation__country__code", flat=True
        )
    }
    openable = {code for code in directory if permissions.can_view_contacts(user, code)}

    assert listed == openable
    assert listed == (directory if EXPECTED[name][1] == ALL else EXPECTED[name][1])
    # The per-country selector the contacts page uses agrees too.
    for code in directory:
        shown = selectors.contacts_visible_to(user, Country.objects.get(code=code)).exists()
        assert shown is (code in openable), code


@pytest.mark.parametrize("name", PERSONAS + EDGE_CASES)
def test_whoever_may_see_contacts_of_a_country_may_see_the_country(person, directory, name):
    user = person(name)
    for code in directory:
        if permissions.can_view_contacts(user, code):
            assert permissions.can_view_country(user, code), code


def test_a_contact_without_a_country_is_shown_to_the_pmu_only(person, directory):
    ContactFactory(
        organisation=OrganisationFactory(country=None, name="Roving NGO"), full_name="Nomad"
    )
    pmu, focal = person("pmu"), person("focal_ma")
    assert Contact.objects.filter(permissions.contacts_q(pmu), full_name="Nomad").exists()
    assert not Contact.objects.filter(permissions.contacts_q(focal), full_name="Nomad").exists()


def test_scopes_are_read_once_per_user_object(person, directory, django_assert_num_queries):
    user = person("focal_ma")
    with django_assert_num_queries(1):
        permissions.countries_q(user)
        permissions.contacts_q(user)
        permissions.can_view_country(user, "MA")
        permissions.can_view_contacts(user, "SN")
    assert scopes_of(user).countries_for(Role.FOCAL_POINT) == {"MA"}
