"""assign_role, revoke_role and create_person: who may, what is refused, what is kept."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied, ValidationError

from jmdi.accounts.models import Role, RoleAssignment, User
from jmdi.accounts.services import assign_role, create_person, revoke_role
from jmdi.core.scopes import scopes_of
from jmdi.directory.tests.factories import CountryFactory, OrganisationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("programme_once_per_module")]


@pytest.fixture
def pmu_officer():
    user = create_person(actor=None, email="officer@example.org", full_name="Officer")
    assign_role(actor=None, user=user, role=Role.PMU_OFFICER)
    return User.objects.get(pk=user.pk)


@pytest.fixture
def other_pmu_officer():
    user = create_person(actor=None, email="officer2@example.org", full_name="Second Officer")
    assign_role(actor=None, user=user, role=Role.PMU_OFFICER)
    return User.objects.get(pk=user.pk)


@pytest.fixture
def focal_point():
    user = create_person(actor=None, email="focal@example.org", full_name="Focal")
    assign_role(actor=None, user=user, role=Role.FOCAL_POINT, country=CountryFactory(code="MA"))
    return User.objects.get(pk=user.pk)


@pytest.fixture
def person():
    return create_person(actor=None, email="new.person@example.org", full_name="New Person")


@pytest.fixture
def morocco():
    return CountryFactory(code="MA")


def fresh(user: User) -> User:
    """The user re-read, so that no per-request cache of their roles is in the way."""
    return User.objects.get(pk=user.pk)


# --- assign_role ----------------------------------------------------------------------


def test_a_pmu_officer_assigns_a_country_role(pmu_officer, person, morocco):
    assignment = assign_role(actor=pmu_officer, user=person, role=Role.FOCAL_POINT, country=morocco)

    assert assignment.pk is not None
    assert assignment.granted_by == pmu_officer
    assert assignment.revoked_at is None
    assert scopes_of(fresh(person)).countries_for(Role.FOCAL_POINT) == {"MA"}


def test_a_pmu_officer_assigns_a_grantee_role(pmu_officer, person):
    organisation = OrganisationFactory(country__code="MA")
    assign_role(actor=pmu_officer, user=person, role=Role.GRANTEE, organisation=organisation)
    assert scopes_of(fresh(person)).organisations_for(Role.GRANTEE) == {organisation.pk}


@pytest.mark.parametrize("role", [Role.MEMBER, Role.FOCAL_POINT, Role.PMU_OFFICER])
def test_someone_who_is_not_pmu_cannot_assign(focal_point, person, morocco, role):
    country = morocco if role == Role.FOCAL_POINT else None
    with pytest.raises(PermissionDenied):
        assign_role(actor=focal_point, user=person, role=role, country=country)
    assert not RoleAssignment.objects.filter(user=person).exists()


def test_a_person_without_any_role_cannot_assign_one_to_themselves(person):
    with pytest.raises(PermissionDenied):
        assign_role(actor=person, user=person, role=Role.PMU_OFFICER)
    assert not RoleAssignment.objects.filter(user=person).exists()


@pytest.mark.parametrize("role", [Role.FOCAL_POINT, Role.REVIEWER])
def test_a_country_role_needs_a_country(pmu_officer, person, role):
    with pytest.raises(ValidationError) as caught:
        assign_role(actor=pmu_officer, user=person, role=role)
    assert set(caught.value.message_dict) == {"country"}
    assert not RoleAssignment.objects.filter(user=person).exists()


def test_a_role_not_limited_to_a_country_refuses_one(pmu_officer, person, morocco):
    with pytest.raises(ValidationError) as caught:
        assign_role(actor=pmu_officer, user=person, role=Role.STEERING, country=morocco)
    assert set(caught.value.message_dict) == {"country"}


def test_a_grantee_needs_an_organisation(pmu_officer, person):
    with pytest.raises(ValidationError) as caught:
        assign_role(actor=pmu_officer, user=person, role=Role.GRANTEE)
    assert set(caught.value.message_dict) == {"organisation"}
    assert not RoleAssignment.objects.filter(user=person).exists()


def test_a_role_not_limited_to_an_organisation_refuses_one(pmu_officer, person):
    organisation = OrganisationFactory()
    with pytest.raises(ValidationError) as caught:
        assign_role(actor=pmu_officer, user=person, role=Role.MEMBER, organisation=organisation)
    assert set(caught.value.message_dict) == {"organisation"}


def test_an_unknown_role_is_refused(pmu_officer, person):
    with pytest.raises(ValidationError) as caught:
        assign_role(actor=pmu_officer, user=person, role="superhero")
    assert set(caught.value.message_dict) == {"role"}


def test_the_same_active_role_cannot_be_given_twice(pmu_officer, person, morocco):
    assign_role(actor=pmu_officer, user=person, role=Role.FOCAL_POINT, country=morocco)
    with pytest.raises(ValidationError) as caught:
        assign_role(actor=pmu_officer, user=person, role=Role.FOCAL_POINT, country=morocco)
    assert set(caught.value.message_dict) == {"role"}
    assert RoleAssignment.objects.filter(user=person).count() == 1


def test_the_same_role_in_another_country_is_a_second_role(pmu_officer, person, morocco):
    senegal = CountryFactory(code="SN")
    assign_role(actor=pmu_officer, user=person, role=Role.FOCAL_POINT, country=morocco)
    assign_role(actor=pmu_officer, user=person, role=Role.FOCAL_POINT, country=senegal)
    assert scopes_of(fresh(person)).countries_for(Role.FOCAL_POINT) == {"MA", "SN"}


def test_a_revoked_role_can_be_given_again(pmu_officer, person):
    first = assign_role(actor=pmu_officer, user=person, role=Role.MEMBER)
    revoke_role(actor=pmu_officer, assignment=first)
    second = assign_role(actor=pmu_officer, user=person, role=Role.MEMBER)
    assert second.pk != first.pk
    assert RoleAssignment.objects.filter(user=person).count() == 2


def test_assigning_records_history_with_the_reason(pmu_officer, person):
    assignment = assign_role(actor=pmu_officer, user=person, role=Role.MEMBER)
    record = assignment.history.get()
    assert record.history_type == "+"
    assert record.history_change_reason == "assigned"


def test_assigning_is_all_or_nothing(pmu_officer, person, monkeypatch):
    """If anything fails after the row is written (here: its history), no row remains."""
    from simple_history.models import HistoricalRecords

    def fail(*args, **kwargs):
        raise RuntimeError("history store unavailable")

    monkeypatch.setattr(HistoricalRecords, "create_historical_record", fail)
    with pytest.raises(RuntimeError):
        assign_role(actor=pmu_officer, user=person, role=Role.MEMBER)
    assert not RoleAssignment.objects.filter(user=person).exists()


# --- revoke_role ----------------------------------------------------------------------


def test_revoking_sets_revoked_at_and_keeps_the_row(pmu_officer, person):
    assignment = assign_role(actor=pmu_officer, user=person, role=Role.MEMBER)
    revoke_role(actor=pmu_officer, assignment=assignment)

    assignment.refresh_from_db()
    assert assignment.revoked_at is not None
    assert not assignment.active
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_revoking_records_history_with_the_reason(pmu_officer, person):
    assignment = assign_role(actor=pmu_officer, user=person, role=Role.MEMBER)
    revoke_role(actor=pmu_officer, assignment=assignment)

    latest = assignment.history.order_by("-history_id").first()
    assert latest.history_type == "~"
    assert latest.history_change_reason == "revoked"
    assert latest.revoked_at is not None
    assert assignment.history.count() == 2


def test_a_role_cannot_be_revoked_twice(pmu_officer, person):
    assignment = assign_role(actor=pmu_officer, user=person, role=Role.MEMBER)
    revoke_role(actor=pmu_officer, assignment=assignment)
    first_revocation = RoleAssignment.objects.get(pk=assignment.pk).revoked_at

    with pytest.raises(ValidationError):
        revoke_role(actor=pmu_officer, assignment=assignment)
    assert RoleAssignment.objects.get(pk=assignment.pk).revoked_at == first_revocation
    assert assignment.history.count() == 2


def test_someone_who_is_not_pmu_cannot_revoke(pmu_officer, focal_point, person):
    assignment = assign_role(actor=pmu_officer, user=person, role=Role.MEMBER)
    with pytest.raises(PermissionDenied):
        revoke_role(actor=focal_point, assignment=assignment)
    assert RoleAssignment.objects.get(pk=assignment.pk).revoked_at is None


def test_a_pmu_officer_cannot_revoke_their_own_pmu_role(pmu_officer):
    own = RoleAssignment.objects.get(user=pmu_officer, role=Role.PMU_OFFICER)
    with pytest.raises(ValidationError):
        revoke_role(actor=pmu_officer, assignment=own)
    assert RoleAssignment.objects.get(pk=own.pk).revoked_at is None
    assert scopes_of(fresh(pmu_officer)).is_pmu


def test_another_pmu_officer_can_revoke_it(pmu_officer, other_pmu_officer):
    own = RoleAssignment.objects.get(user=pmu_officer, role=Role.PMU_OFFICER)
    revoke_role(actor=other_pmu_officer, assignment=own)
    assert not scopes_of(fresh(pmu_officer)).is_pmu


def test_a_pmu_officer_can_revoke_their_own_other_roles(pmu_officer):
    membership = assign_role(actor=pmu_officer, user=pmu_officer, role=Role.MEMBER)
    revoke_role(actor=pmu_officer, assignment=membership)
    assert RoleAssignment.objects.get(pk=membership.pk).revoked_at is not None


def test_scopes_follow_revocation(pmu_officer, person, morocco):
    assignment = assign_role(actor=pmu_officer, user=person, role=Role.FOCAL_POINT, country=morocco)
    assign_role(actor=pmu_officer, user=person, role=Role.MEMBER)
    assert scopes_of(fresh(person)).roles == {Role.FOCAL_POINT, Role.MEMBER}

    revoke_role(actor=pmu_officer, assignment=assignment)

    scopes = scopes_of(fresh(person))
    assert scopes.roles == {Role.MEMBER}
    assert scopes.countries_for(Role.FOCAL_POINT) == frozenset()


def test_assigning_refreshes_the_scopes_cached_on_the_same_object(pmu_officer, person, morocco):
    """`scopes_of` keeps the roles on the user object for the request: after a change,
    the same object must not answer with the roles it had before."""
    assert scopes_of(person).roles == frozenset()  # cached now

    assign_role(actor=pmu_officer, user=person, role=Role.FOCAL_POINT, country=morocco)

    assert scopes_of(person).countries_for(Role.FOCAL_POINT) == {"MA"}


def test_revoking_refreshes_the_scopes_cached_on_the_same_object(pmu_officer, person, morocco):
    assignment = assign_role(actor=pmu_officer, user=person, role=Role.FOCAL_POINT, country=morocco)
    assert assignment.user is person
    assert scopes_of(person).roles == {Role.FOCAL_POINT}  # cached now

    revoke_role(actor=pmu_officer, assignment=assignment)

    assert scopes_of(person).roles == frozenset()


def test_revoking_is_all_or_nothing(pmu_officer, person, monkeypatch):
    from simple_history.models import HistoricalRecords

    assignment = assign_role(actor=pmu_officer, user=person, role=Role.MEMBER)

    def fail(*args, **kwargs):
        raise RuntimeError("history store unavailable")

    monkeypatch.setattr(HistoricalRecords, "create_historical_record", fail)
    with pytest.raises(RuntimeError):
        revoke_role(actor=pmu_officer, assignment=assignment)
    assert RoleAssignment.objects.get(pk=assignment.pk).revoked_at is None


# --- create_person --------------------------------------------------------------------


def test_a_pmu_officer_adds_a_person(pmu_officer):
    user = create_person(
        actor=pmu_officer, email="  Fatou.Sall@Example.ORG ", full_name="Fatou Sall"
    )
    assert user.email == "fatou.sall@example.org"
    assert not user.has_usable_password()  # they set one from the email they receive
    address = EmailAddress.objects.get(user=user)
    assert (address.email, address.primary, address.verified) == (
        "fatou.sall@example.org",
        True,
        False,
    )
    assert not RoleAssignment.objects.filter(user=user).exists()


def test_someone_who_is_not_pmu_cannot_add_people(focal_point):
    with pytest.raises(PermissionDenied):
        create_person(actor=focal_point, email="fatou@example.org", full_name="Fatou")
    assert not User.objects.filter(email="fatou@example.org").exists()


def test_an_address_already_in_use_is_refused_whatever_its_case(pmu_officer, person):
    with pytest.raises(ValidationError) as caught:
        create_person(actor=pmu_officer, email="NEW.PERSON@example.org", full_name="Twin")
    assert set(caught.value.message_dict) == {"email"}
    assert User.objects.filter(email__iexact="new.person@example.org").count() == 1


def test_an_invalid_address_is_refused(pmu_officer):
    with pytest.raises(ValidationError) as caught:
        create_person(actor=pmu_officer, email="not-an-address", full_name="Nobody")
    assert "email" in caught.value.message_dict
    assert not User.objects.filter(full_name="Nobody").exists()


def test_adding_a_person_is_all_or_nothing(pmu_officer, monkeypatch):
    """The account and its email address are written together or not at all."""

    def fail(*args, **kwargs):
        raise RuntimeError("mail table unavailable")

    monkeypatch.setattr(EmailAddress.objects, "create", fail)
    with pytest.raises(RuntimeError):
        create_person(actor=pmu_officer, email="fatou@example.org", full_name="Fatou")
    assert not User.objects.filter(email="fatou@example.org").exists()


def test_a_password_reset_confirms_the_single_address_of_an_invited_person():
    from allauth.account.models import EmailAddress

    from jmdi.accounts.services import confirm_address_by_password_reset

    invited = create_person(actor=None, email="invited@example.org", full_name="Invited Person")
    assert confirm_address_by_password_reset(user=invited) is True
    assert EmailAddress.objects.get(user=invited).verified
    # Already confirmed: nothing to do.
    assert confirm_address_by_password_reset(user=invited) is False


def test_a_password_reset_leaves_several_unconfirmed_addresses_alone():
    from allauth.account.models import EmailAddress

    from jmdi.accounts.services import confirm_address_by_password_reset

    person = create_person(actor=None, email="first@example.org", full_name="Two Addresses")
    EmailAddress.objects.create(
        user=person, email="second@example.org", primary=False, verified=False
    )
    assert confirm_address_by_password_reset(user=person) is False
    assert not EmailAddress.objects.filter(user=person, verified=True).exists()
