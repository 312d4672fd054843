"""The organisations registry: kinds and tiers, duplicate detection, and the merge."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jmdi.accounts.models import RoleAssignment
from jmdi.directory import selectors, services
from jmdi.directory.models import Contact, Country, Organisation
from jmdi.directory.tests.factories import ContactFactory, OrganisationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("programme_once_per_module")]


@pytest.fixture
def morocco(db):
    return Country.objects.get(code="MA")


# --- Kinds, tiers and the name key ----------------------------------------------------------


def test_only_a_local_authority_has_a_tier(morocco):
    org = Organisation(
        name="Association X", kind=Organisation.Kind.NGO, country=morocco, tier="commune"
    )
    with pytest.raises(ValidationError) as raised:
        org.full_clean()
    assert "tier" in raised.value.error_dict
    org.kind = Organisation.Kind.LOCAL_AUTHORITY
    org.full_clean()


def test_the_database_refuses_a_tier_on_another_kind(morocco):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.create(name="X", kind="ngo", country=morocco, tier="region")


def test_the_earlier_kinds_stay_valid(morocco):
    for kind in ("civil_society", "diaspora", "training_institution", "academia", "donor"):
        Organisation(name=f"Org {kind}", kind=kind, country=morocco).full_clean()


def test_the_key_follows_the_name_on_save_and_on_bulk_create(morocco):
    org = OrganisationFactory(name="Commune de Tétouan", country=morocco)
    assert (org.name_key, org.name_stem) == ("tetouan", "teto")
    org.name = "Mairie d'Agadir"
    org.save(update_fields=["name"])
    org.refresh_from_db()
    assert org.name_key == "agadir"
    [bulk] = Organisation.objects.bulk_create(
        [Organisation(name="Ville de Nador", country=morocco)]
    )
    assert Organisation.objects.get(pk=bulk.pk).name_key == "nador"


# --- Duplicates -------------------------------------------------------------------------------


def test_similar_organisations_match_the_key_in_the_same_country_only(morocco):
    tanger = OrganisationFactory(name="Commune de Tanger", country=morocco)
    tangier = OrganisationFactory(name="Tangier", country=morocco)
    OrganisationFactory(name="Commune de Tétouan", country=morocco)
    OrganisationFactory(name="Tanger", country__code="SN")
    found = selectors.similar_organisations(morocco, "TÁNGER")
    assert found == [tanger, tangier]  # the same key first, then the very similar
    assert selectors.similar_organisations(morocco, "Tanger", exclude=tanger) == [tangier]


def test_similar_organisations_leave_out_merged_records(morocco, pmu):
    keep = OrganisationFactory(name="Commune de Tanger", country=morocco)
    duplicate = OrganisationFactory(name="Tanger", country=morocco)
    services.merge_organisations(actor=pmu, keep=keep, duplicate=duplicate, reason="Same commune")
    assert selectors.similar_organisations(morocco, "Tanger") == [keep]


def test_finding_similar_organisations_takes_one_query_whatever_their_number(morocco):
    OrganisationFactory(name="Commune de Tanger", country=morocco)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            selectors.similar_organisations(morocco, "Tanger")
        return len(captured.captured_queries)

    assert queries() == 1
    Organisation.objects.bulk_create(
        Organisation(name=f"Tanger quartier {i}", country=morocco) for i in range(400)
    )
    assert queries() == 1
    # The candidates are bounded: never more rows read than MAX_CANDIDATES.
    with CaptureQueriesContext(connection) as captured:
        selectors.similar_organisations(morocco, "Tanger")
    assert f"LIMIT {selectors.MAX_CANDIDATES}" in captured.captured_queries[0]["sql"]


def test_a_likely_duplicate_is_refused_naming_the_similar_ones(morocco, focal_ma):
    existing = OrganisationFactory(name="Commune de Tanger", country=morocco)
    before = Organisation.objects.count()
    with pytest.raises(ValidationError) as raised:
        services.register_organisation(
            actor=focal_ma, name="Tanger", kind="local_authority", country=morocco
        )
    [error] = raised.value.error_dict["name"]
    assert error.code == "duplicate"
    assert f"Commune de Tanger (#{existing.pk})" in error.messages[0]
    assert Organisation.objects.count() == before


def test_a_confirmed_distinct_organisation_is_registered(morocco, focal_ma):
    OrganisationFactory(name="Commune de Tanger", country=morocco)
    org = services.register_organisation(
        actor=focal_ma,
        name="Tanger",
        kind="local_authority",
        country=morocco,
        confirm_distinct=True,
    )
    assert org.pk
    assert org.name_key == "tanger"
    assert org.history.first().history_user == focal_ma


def test_renaming_onto_another_organisations_name_is_refused_too(morocco, pmu):
    OrganisationFactory(name="Commune de Tanger", country=morocco)
    other = OrganisationFactory(name="Commune de Nador", country=morocco)
    with pytest.raises(ValidationError):
        services.update_organisation(actor=pmu, organisation=other, name="Ville de Tanger")
    other.refresh_from_db()
    assert other.name == "Commune de Nador"
    services.update_organisation(actor=pmu, organisation=other, acronym="CN")  # no rename: no check


# --- Merge ------------------------------------------------------------------------------------


@pytest.fixture
def pair(morocco):
    keep = OrganisationFactory(name="Commune de Tanger", country=morocco)
    duplicate = OrganisationFactory(
        name="Tanger",
        country=morocco,
        acronym="CT",
        website="https://tanger.example.org",
        names={"ar": "جماعة طنجة"},
    )
    return keep, duplicate


def test_merge_moves_every_reference_and_copies_what_the_kept_one_lacks(pair, pmu, grantee):
    from jmdi.initiatives.tests.factories import InitiativeFactory, InitiativePartnerFactory
    from jmdi.programmes.models import GovernanceBody, Programme

    keep, duplicate = pair
    contact = ContactFactory(organisation=duplicate)
    led = InitiativeFactory(lead_authority=duplicate, country=duplicate.country)
    partner = InitiativePartnerFactory(organisation=duplicate)
    role = RoleAssignment.objects.create(user=grantee, role="grantee", organisation=duplicate)
    programme = Programme.objects.get(code="jmdi-2")
    programme.implementing_agencies.add(duplicate)
    body = GovernanceBody.objects.filter(programme=programme).first()
    body.members.add(duplicate)

    result = services.merge_organisations(
        actor=pmu, keep=keep, duplicate=duplicate, reason="Registered twice"
    )

    contact.refresh_from_db()
    led.refresh_from_db()
    partner.refresh_from_db()
    role.refresh_from_db()
    assert contact.organisation == keep
    assert led.lead_authority == keep
    assert partner.organisation == keep
    assert role.organisation == keep
    assert keep in programme.implementing_agencies.all()
    assert duplicate not in programme.implementing_agencies.all()
    assert list(body.members.filter(pk__in=[keep.pk, duplicate.pk])) == [keep]
    assert result.moved == {
        "contacts": 1,
        "initiatives (lead local authority)": 1,
        "partners": 1,
        "role assignments": 1,
        "programmes: implementing agencies": 1,
        "governance bodies: members": 1,
    }
    keep.refresh_from_db()
    assert (keep.acronym, keep.website, keep.names) == (
        "CT",
        "https://tanger.example.org",
        {"ar": "جماعة طنجة"},
    )
    assert services.references_to(duplicate) == []


def test_merge_drops_a_row_the_kept_one_already_has_and_says_so(pair, pmu):
    from jmdi.initiatives.models import InitiativePartner
    from jmdi.initiatives.tests.factories import InitiativeFactory, InitiativePartnerFactory

    keep, duplicate = pair
    initiative = InitiativeFactory()
    InitiativePartnerFactory(initiative=initiative, organisation=keep)
    InitiativePartnerFactory(initiative=initiative, organisation=duplicate)
    other = InitiativePartnerFactory(organisation=duplicate)

    result = services.merge_organisations(actor=pmu, keep=keep, duplicate=duplicate, reason="Same")

    assert result.dropped == {"partners": 1}
    assert result.moved == {"partners": 1}
    assert InitiativePartner.objects.filter(initiative=initiative).count() == 1
    other.refresh_from_db()
    assert other.organisation == keep


def test_merge_keeps_history_and_hides_the_duplicate(pair, pmu):
    keep, duplicate = pair
    ContactFactory(organisation=duplicate)
    services.merge_organisations(actor=pmu, keep=keep, duplicate=duplicate, reason="Same commune")
    duplicate.refresh_from_db()
    assert duplicate.merged_into == keep
    assert duplicate.merged_at is not None
    assert Organisation.objects.filter(pk=duplicate.pk).exists()  # not deleted
    kept_entry = keep.history.first()
    assert "Tanger" in kept_entry.history_change_reason
    assert "Same commune" in kept_entry.history_change_reason
    assert kept_entry.history_user == pmu
    assert "Same commune" in duplicate.history.first().history_change_reason
    contact = Contact.objects.get(organisation=keep)
    assert "Same commune" in contact.history.first().history_change_reason
    assert duplicate not in selectors.organisation_list(pmu)
    assert duplicate not in selectors.organisations_in(keep.country)


def test_earlier_duplicates_of_the_duplicate_lead_to_the_kept_one(pair, pmu, morocco):
    keep, duplicate = pair
    older = OrganisationFactory(name="Tanja", country=morocco)
    services.merge_organisations(actor=pmu, keep=duplicate, duplicate=older, reason="a")
    services.merge_organisations(actor=pmu, keep=keep, duplicate=duplicate, reason="b")
    older.refresh_from_db()
    assert older.merged_into == keep


@pytest.mark.parametrize(
    "persona", ["focal_ma", "reviewer_ma", "steering", "technical", "grantee", "outsider"]
)
def test_only_the_pmu_may_merge_and_a_refusal_changes_nothing(pair, persona, request):
    keep, duplicate = pair
    contact = ContactFactory(organisation=duplicate)
    with pytest.raises(PermissionDenied):
        services.merge_organisations(
            actor=request.getfixturevalue(persona), keep=keep, duplicate=duplicate, reason="x"
        )
    duplicate.refresh_from_db()
    contact.refresh_from_db()
    assert duplicate.merged_into is None
    assert contact.organisation == duplicate


def test_merge_refuses_nonsense(pair, pmu, morocco):
    keep, duplicate = pair
    with pytest.raises(ValidationError) as raised:
        services.merge_organisations(actor=pmu, keep=keep, duplicate=keep, reason="x")
    assert "duplicate" in raised.value.error_dict
    with pytest.raises(ValidationError) as raised:
        services.merge_organisations(actor=pmu, keep=keep, duplicate=duplicate, reason=" ")
    assert "reason" in raised.value.error_dict
    elsewhere = OrganisationFactory(name="Tanger", country__code="SN")
    with pytest.raises(ValidationError):
        services.merge_organisations(actor=pmu, keep=keep, duplicate=elsewhere, reason="x")
    services.merge_organisations(actor=pmu, keep=keep, duplicate=duplicate, reason="x")
    with pytest.raises(ValidationError):  # already merged
        services.merge_organisations(actor=pmu, keep=keep, duplicate=duplicate, reason="x")


def test_every_reference_to_an_organisation_is_found_history_left_out():
    keys = {ref.key for ref in services.organisation_references()}
    assert {
        "accounts.RoleAssignment.organisation",
        "directory.Contact.organisation",
        "initiatives.Initiative.lead_authority",
        "initiatives.InitiativePartner.organisation",
        "programmes.Programme.executing_entity",  # related_name="+": hidden, still found
        "programmes.Programme_implementing_agencies.organisation",
        "governance.Attendance.organisation",
    } <= keys
    assert not any("Historical" in key for key in keys)


def test_a_merged_record_is_not_counted_in_its_country(pair, pmu):
    keep, duplicate = pair

    def morocco_count() -> int:
        [ma] = [c for c in selectors.countries_visible_to(pmu) if c.code == "MA"]
        return ma.organisation_count

    before = morocco_count()
    services.merge_organisations(actor=pmu, keep=keep, duplicate=duplicate, reason="Same")
    assert morocco_count() == before - 1
