"""Who reads and changes which initiatives: the scope every page of the registry starts from."""

import pytest
from django.db import IntegrityError, transaction

from jmdi.directory.tests.factories import OrganisationFactory
from jmdi.initiatives.models import Initiative
from jmdi.initiatives.permissions import (
    can_change,
    can_create_in,
    can_import,
    can_view,
    visible_initiatives,
)
from jmdi.initiatives.services import set_status
from jmdi.initiatives.tests.factories import InitiativeFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("programme_once_per_module")]


@pytest.fixture
def records(grantee):
    own = InitiativeFactory(
        country=grantee.role_assignments.get().organisation.country,
        lead_authority=grantee.role_assignments.get().organisation,
        reference="MA-001",
    )
    other_ma = InitiativeFactory(country__code="MA", reference="MA-002")
    senegal = InitiativeFactory(country__code="SN", reference="SN-001")
    return {"own": own, "other_ma": other_ma, "senegal": senegal}


# Which of the three initiatives each persona reads.
VISIBLE = {
    "anonymous": set(),
    "outsider": set(),
    "member": set(),
    "training_staff": set(),
    "grantee": {"own"},
    "reviewer_ma": set(),
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


@pytest.mark.parametrize("persona", sorted(VISIBLE))
def test_each_persona_reads_and_changes_only_its_scope(persona, records, request):
    from django.contrib.auth.models import AnonymousUser

    user = AnonymousUser() if persona == "anonymous" else request.getfixturevalue(persona)
    listed = set(visible_initiatives(user).values_list("reference", flat=True))
    expected = {records[name].reference for name in VISIBLE[persona]}
    assert listed == expected
    for name, initiative in records.items():
        assert can_view(user, initiative) == (name in VISIBLE[persona])
        assert can_change(user, initiative) == (name in CHANGES.get(persona, set()))
    assert can_import(user) == (persona == "pmu")
    assert can_create_in(user, "MA") == (persona in {"pmu", "focal_ma"})


def test_status_moves_through_the_service_with_history(pmu, records):
    initiative = records["senegal"]
    set_status(
        actor=pmu, initiative=initiative, status=Initiative.Status.SELECTED, reason="SC-2014-01"
    )
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.SELECTED
    latest = initiative.history.latest()
    assert latest.history_user == pmu
    assert latest.history_change_reason == "SC-2014-01"
    with pytest.raises(ValueError, match="Unknown initiative status"):
        set_status(actor=pmu, initiative=initiative, status="promoted")


def test_a_reference_is_unique_in_a_programme(records):
    with pytest.raises(IntegrityError), transaction.atomic():
        InitiativeFactory(reference="MA-001")


def test_the_database_refuses_a_negative_budget_and_an_end_before_the_start(programme):
    lead = OrganisationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        InitiativeFactory(lead_authority=lead, country=lead.country, budget=-1)
    import datetime as dt

    with pytest.raises(IntegrityError), transaction.atomic():
        InitiativeFactory(
            lead_authority=lead,
            country=lead.country,
            start_date=dt.date(2015, 1, 1),
            end_date=dt.date(2014, 1, 1),
        )


def test_title_reads_in_the_readers_language_when_translated(records):
    from django.utils import translation

    initiative = records["senegal"]
    initiative.language = "fr"
    initiative.title = "Maison des migrants"
    initiative.translations = {"es": {"title": "Casa de los migrantes"}}
    with translation.override("es"):
        assert initiative.localized_title == "Casa de los migrantes"
    with translation.override("ar"):
        assert initiative.localized_title == "Maison des migrants"
