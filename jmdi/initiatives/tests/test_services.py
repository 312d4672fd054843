"""The services check every field: each bad input names its field and changes nothing."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jmdi.directory.models import Country
from jmdi.directory.tests.factories import OrganisationFactory
from jmdi.initiatives.models import Initiative, InitiativePartner, Theme
from jmdi.initiatives.services import (
    create_initiative,
    set_partners,
    set_published,
    set_status,
    update_initiative,
)
from jmdi.initiatives.tests.factories import InitiativeFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("programme_once_per_module")]


@pytest.fixture
def oujda(programme):
    return OrganisationFactory(country__code="MA", name="Commune d'Oujda")


def _fields(lead, **extra):
    return {
        "reference": "MA-010",
        "title": "Maison de la diaspora d'Oujda",
        "language": "fr",
        "lead_authority": lead,
        **extra,
    }


def test_a_focal_point_records_an_initiative_of_their_country(focal_ma, oujda, programme):
    ngo = OrganisationFactory(country__code="MA", kind="civil_society")
    initiative = create_initiative(
        actor=focal_ma,
        programme=programme,
        partners=[(ngo, "implementing")],
        themes=[Theme.objects.get(code="remittances")],
        destination_countries=[Country.objects.get(code="MA")],
        budget=Decimal("12500.5"),
        start_date=dt.date(2012, 1, 1),
        end_date=dt.date(2013, 12, 31),
        **_fields(oujda),
    )
    assert initiative.country.code == "MA"
    assert initiative.budget == Decimal("12500.50")
    assert list(initiative.themes.values_list("code", flat=True)) == ["remittances"]
    assert [(p.organisation, p.role) for p in initiative.partners.all()] == [(ngo, "implementing")]
    assert initiative.history.latest().history_user == focal_ma


BAD = [
    ("end_date", {"start_date": dt.date(2014, 1, 1), "end_date": dt.date(2013, 1, 1)}),
    ("budget", {"budget": Decimal("-1")}),
    ("budget_currency", {"budget_currency": "euro"}),
    ("language", {"language": "French"}),
    ("target_groups", {"target_groups": ["aliens"]}),
    ("translations", {"translations": {"en": "not a dict"}}),
    ("title", {"title": ""}),
    ("gender_dimension", {"gender_dimension": "maybe"}),
]


@pytest.mark.parametrize(("field", "extra"), BAD, ids=[b[0] for b in BAD])
def test_each_bad_input_names_its_field_and_creates_nothing(field, extra, pmu, oujda, programme):
    with pytest.raises(ValidationError) as caught:
        create_initiative(actor=pmu, programme=programme, **_fields(oujda, **extra))
    assert field in caught.value.message_dict
    assert not Initiative.objects.filter(reference="MA-010").exists()


def test_the_lead_must_be_a_local_authority(pmu, programme):
    ngo = OrganisationFactory(country__code="MA", kind="civil_society", name="Association Oujda")
    with pytest.raises(ValidationError) as caught:
        create_initiative(actor=pmu, programme=programme, **_fields(ngo))
    assert "Choose a local authority" in caught.value.message_dict["lead_authority"][0]
    assert not Initiative.objects.exists()


def test_a_focal_point_cannot_record_for_another_country(focal_sn, oujda, programme):
    with pytest.raises(ValidationError) as caught:
        create_initiative(actor=focal_sn, programme=programme, **_fields(oujda))
    assert "your own country" in caught.value.message_dict["lead_authority"][0]
    assert not Initiative.objects.exists()


def test_a_lead_outside_the_programme_countries_is_refused(pmu, programme):
    paris = OrganisationFactory(country__code="FR", name="Ville de Paris")
    with pytest.raises(ValidationError) as caught:
        create_initiative(actor=pmu, programme=programme, **_fields(paris))
    assert "programme's countries" in caught.value.message_dict["lead_authority"][0]


@pytest.mark.parametrize("persona", ["grantee", "steering", "reviewer_ma", "outsider"])
def test_those_who_do_not_record_are_refused(persona, oujda, programme, request):
    with pytest.raises(PermissionDenied):
        create_initiative(
            actor=request.getfixturevalue(persona), programme=programme, **_fields(oujda)
        )
    assert not Initiative.objects.exists()


def test_a_duplicate_reference_is_refused_on_its_field(pmu, oujda, programme):
    InitiativeFactory(reference="MA-010", country=oujda.country, lead_authority=oujda)
    with pytest.raises(ValidationError) as caught:
        create_initiative(actor=pmu, programme=programme, **_fields(oujda))
    assert "MA-010" in caught.value.message_dict["reference"][0]
    assert Initiative.objects.count() == 1


@pytest.mark.parametrize(
    ("partners", "message"),
    [
        ("lead", "leads the initiative"),
        ("twice", "listed twice"),
        ("bad_role", "Choose a role"),
        ("ngo_co_lead", "Only a local authority can co-lead"),
    ],
)
def test_partner_roles_are_checked(partners, message, pmu, oujda, programme):
    ngo = OrganisationFactory(country__code="MA", kind="civil_society")
    given = {
        "lead": [(oujda, "implementing")],
        "twice": [(ngo, "implementing"), (ngo, "technical")],
        "bad_role": [(ngo, "sponsor")],
        "ngo_co_lead": [(ngo, "co_lead")],
    }[partners]
    with pytest.raises(ValidationError) as caught:
        create_initiative(actor=pmu, programme=programme, partners=given, **_fields(oujda))
    assert message in caught.value.message_dict["partners"][0]
    assert not Initiative.objects.exists()
    assert not InitiativePartner.objects.exists()


def test_an_update_that_fails_changes_nothing(focal_ma, oujda):
    initiative = InitiativeFactory(country=oujda.country, lead_authority=oujda, title="Before")
    with pytest.raises(ValidationError) as caught:
        update_initiative(actor=focal_ma, initiative=initiative, title="After", budget=-5)
    assert "budget" in caught.value.message_dict
    initiative.refresh_from_db()
    assert initiative.title == "Before"
    assert initiative.budget is None


def test_a_focal_point_cannot_move_an_initiative_to_another_country(focal_ma, oujda):
    initiative = InitiativeFactory(country=oujda.country, lead_authority=oujda)
    matam = OrganisationFactory(country__code="SN", name="Commune de Matam")
    with pytest.raises(ValidationError) as caught:
        update_initiative(actor=focal_ma, initiative=initiative, lead_authority=matam)
    assert "lead_authority" in caught.value.message_dict
    initiative.refresh_from_db()
    assert initiative.lead_authority == oujda


def test_another_countrys_focal_point_cannot_update(focal_sn, oujda):
    initiative = InitiativeFactory(country=oujda.country, lead_authority=oujda, title="Before")
    with pytest.raises(PermissionDenied):
        update_initiative(actor=focal_sn, initiative=initiative, title="After")
    with pytest.raises(PermissionDenied):
        set_partners(actor=focal_sn, initiative=initiative, partners=[])
    with pytest.raises(PermissionDenied):
        set_published(actor=focal_sn, initiative=initiative, published=True)
    initiative.refresh_from_db()
    assert initiative.title == "Before"
    assert not initiative.published


def test_an_update_keeps_its_reason_in_the_history(focal_ma, oujda):
    initiative = InitiativeFactory(country=oujda.country, lead_authority=oujda)
    update_initiative(
        actor=focal_ma, initiative=initiative, title="Nouveau titre", reason="Visit of May 2013"
    )
    latest = initiative.history.latest()
    assert (latest.title, latest.history_user, latest.history_change_reason) == (
        "Nouveau titre",
        focal_ma,
        "Visit of May 2013",
    )


def test_partners_are_replaced_with_history(focal_ma, oujda):
    initiative = InitiativeFactory(country=oujda.country, lead_authority=oujda)
    first = OrganisationFactory(country__code="MA", kind="civil_society")
    second = OrganisationFactory(country__code="MA", kind="academia")
    set_partners(actor=focal_ma, initiative=initiative, partners=[(first, "implementing")])
    set_partners(
        actor=focal_ma,
        initiative=initiative,
        partners=[(first, "funding"), (second, "technical")],
        reason="Convention signed",
    )
    assert sorted((p.organisation_id, p.role) for p in initiative.partners.all()) == sorted(
        [(first.pk, "funding"), (second.pk, "technical")]
    )
    set_partners(actor=focal_ma, initiative=initiative, partners=[(second, "technical")])
    assert [p.organisation_id for p in initiative.partners.all()] == [second.pk]
    assert InitiativePartner.history.filter(history_type="-").count() == 1


def test_published_and_status_dates(pmu, oujda):
    initiative = InitiativeFactory(country=oujda.country, lead_authority=oujda)
    set_published(actor=pmu, initiative=initiative, published=True)
    assert Initiative.objects.get(pk=initiative.pk).published
    set_status(actor=pmu, initiative=initiative, status="selected", on=dt.date(2013, 7, 1))
    set_status(actor=pmu, initiative=initiative, status="funded", on=dt.date(2013, 10, 1))
    initiative.refresh_from_db()
    assert initiative.selected_on == dt.date(2013, 7, 1)
    assert initiative.funded_on == dt.date(2013, 10, 1)
    assert initiative.status_changed_on == dt.date(2013, 10, 1)


def test_unknown_fields_are_a_programming_error(pmu, oujda, programme):
    with pytest.raises(TypeError):
        create_initiative(actor=pmu, programme=programme, status="funded", **_fields(oujda))
