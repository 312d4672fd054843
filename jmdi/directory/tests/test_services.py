"""The directory's writes: what each records, and bad input refused with nothing written.

A refusal names the field at fault and says how to put it right; "nothing written" is
checked on the records and on their history, so a half-done write cannot hide.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jmdi.core.people import Sex
from jmdi.directory import services
from jmdi.directory.models import Contact, Country, Organisation, Position, SubnationalArea

pytestmark = pytest.mark.usefixtures("programme_once_per_module")

MODELS = (SubnationalArea, Organisation, Contact)


@pytest.fixture
def morocco(db):
    return Country.objects.get(code="MA")


@pytest.fixture
def senegal(db):
    return Country.objects.get(code="SN")


@pytest.fixture
def oujda(morocco):
    return services.register_organisation(
        actor=None, name="Commune d'Oujda", kind="local_authority", country=morocco
    )


def _counts() -> dict[str, int]:
    counts = {model.__name__: model.objects.count() for model in MODELS}
    counts.update({f"history of {m.__name__}": m.history.count() for m in MODELS})  # type: ignore[attr-defined]
    return counts


def _refused(call, field: str, words: str) -> None:
    """`call()` raises a ValidationError on `field` whose message contains `words`, and
    writes nothing."""
    before = _counts()
    with pytest.raises(ValidationError) as refusal:
        call()
    errors = refusal.value.message_dict
    assert field in errors, errors
    assert any(words in message for message in errors[field]), errors[field]
    assert _counts() == before


# --- get_or_create_area ---------------------------------------------------------------


def test_an_area_is_created_once_and_found_again(morocco, focal_ma):
    region = services.get_or_create_area(
        actor=focal_ma, country=morocco, name="Oriental", kind="region"
    )
    again = services.get_or_create_area(
        actor=focal_ma, country=morocco, name=" Oriental ", kind="region"
    )
    assert again == region
    assert SubnationalArea.objects.filter(country=morocco, name="Oriental").count() == 1
    assert region.history.get().history_user == focal_ma


def test_an_area_inside_another_keeps_its_parent(morocco):
    region = services.get_or_create_area(
        actor=None, country=morocco, name="Oriental", kind="region"
    )
    town = services.get_or_create_area(
        actor=None, country=morocco, name="Berkane", kind="municipality", parent=region
    )
    assert town.parent == region
    assert list(region.children.all()) == [town]


def test_an_area_without_a_name_is_refused(morocco):
    _refused(
        lambda: services.get_or_create_area(actor=None, country=morocco, name="  ", kind="region"),
        "name",
        "Enter the area's name",
    )


def test_an_area_of_an_unknown_kind_is_refused(morocco):
    _refused(
        lambda: services.get_or_create_area(
            actor=None, country=morocco, name="Oriental", kind="province"
        ),
        "kind",
        "Choose a region, a department or a municipality",
    )


def test_an_area_cannot_sit_in_another_countrys_area(morocco, senegal):
    matam = services.get_or_create_area(actor=None, country=senegal, name="Matam", kind="region")
    _refused(
        lambda: services.get_or_create_area(
            actor=None, country=morocco, name="Berkane", kind="municipality", parent=matam
        ),
        "parent",
        "same country",
    )


def test_a_focal_point_cannot_add_areas_to_another_country(senegal, focal_ma):
    before = _counts()
    with pytest.raises(PermissionDenied):
        services.get_or_create_area(actor=focal_ma, country=senegal, name="Matam", kind="region")
    assert _counts() == before


# --- register_organisation ------------------------------------------------------------


def test_an_organisation_is_registered_with_its_history(morocco, focal_ma):
    area = services.get_or_create_area(
        actor=None, country=morocco, name="Oujda", kind="municipality"
    )
    organisation = services.register_organisation(
        actor=focal_ma,
        name=" Association Oujda Partenaires ",
        kind="civil_society",
        country=morocco,
        area=area,
        acronym="AOP",
        website="https://aop.example.ma",
    )
    organisation.refresh_from_db()
    assert organisation.name == "Association Oujda Partenaires"
    assert (organisation.kind, organisation.area, organisation.acronym) == (
        "civil_society",
        area,
        "AOP",
    )
    assert organisation.history.get().history_user == focal_ma


def test_the_pmu_registers_an_organisation_outside_any_country(pmu):
    organisation = services.register_organisation(
        actor=pmu, name="IOM", kind="un_agency", country=None
    )
    assert organisation.country is None


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"name": ""}, "name", "Enter the organisation's name"),
        ({"kind": "charity"}, "kind", "Choose one of the listed kinds"),
        ({"website": "aop.example"}, "website", "https://example.org"),
        ({"name": "x" * 251}, "name", "at most 250 characters"),
    ],
    ids=["no name", "unknown kind", "website without scheme", "name too long"],
)
def test_an_organisation_with_bad_input_is_refused(morocco, changes, field, words):
    arguments = {"actor": None, "name": "Association", "kind": "civil_society", "country": morocco}
    _refused(lambda: services.register_organisation(**{**arguments, **changes}), field, words)


def test_an_organisations_area_must_be_in_its_country(morocco, senegal):
    matam = services.get_or_create_area(actor=None, country=senegal, name="Matam", kind="region")
    _refused(
        lambda: services.register_organisation(
            actor=None, name="Commune de Matam", kind="local_authority", country=morocco, area=matam
        ),
        "area",
        "an area in the organisation's country",
    )


@pytest.mark.parametrize("persona", ["focal_sn", "reviewer_ma", "steering", "grantee", "outsider"])
def test_only_the_pmu_and_the_countrys_focal_point_register_organisations(
    request, morocco, persona
):
    actor = request.getfixturevalue(persona)
    before = _counts()
    with pytest.raises(PermissionDenied):
        services.register_organisation(
            actor=actor, name="Association", kind="civil_society", country=morocco
        )
    assert _counts() == before


def test_a_focal_point_cannot_register_an_organisation_outside_any_country(focal_ma):
    with pytest.raises(PermissionDenied):
        services.register_organisation(actor=focal_ma, name="IOM", kind="un_agency", country=None)


# --- add_contact ----------------------------------------------------------------------


def test_a_contact_is_added_with_a_listed_position_and_their_sex(oujda, focal_ma):
    contact = services.add_contact(
        actor=focal_ma,
        organisation=oujda,
        full_name=" Amina Benali ",
        position=Position.MAYOR,
        sex=Sex.FEMALE,
        email="amina.benali@oujda.example.ma",
        phone="+212 5 36 00 00 00",
    )
    contact.refresh_from_db()
    assert (contact.full_name, contact.position, contact.position_other, contact.sex) == (
        "Amina Benali",
        "mayor",
        "",
        "female",
    )
    assert contact.history.get().history_user == focal_ma


def test_a_contact_is_not_recorded_as_any_sex_by_default(oujda):
    contact = services.add_contact(actor=None, organisation=oujda, full_name="Youssef Tazi")
    assert contact.sex == Sex.NOT_RECORDED
    assert contact.position == ""


def test_a_position_the_list_lacks_is_kept_in_the_persons_words(oujda):
    contact = services.add_contact(
        actor=None,
        organisation=oujda,
        full_name="Rachid Idrissi",
        position=Position.OTHER,
        position_other="Chargé de la coopération décentralisée",
    )
    assert contact.position_label == "Chargé de la coopération décentralisée"


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"full_name": " "}, "full_name", "Enter the person's full name"),
        ({"email": "amina.benali"}, "email", "name@example.org"),
        ({"position": "chief"}, "position", "Choose a position from the list"),
        ({"position": Position.OTHER}, "position_other", "Write the position"),
        (
            {"position": Position.MAYOR, "position_other": "Mayor of Oujda"},
            "position_other",
            "Leave this empty",
        ),
        ({"sex": "f"}, "sex", "Choose one of the listed answers"),
    ],
    ids=[
        "no name",
        "email without a domain",
        "position not in the list",
        "other without words",
        "words without other",
        "unknown sex",
    ],
)
def test_a_contact_with_bad_input_is_refused(oujda, changes, field, words):
    arguments = {"actor": None, "organisation": oujda, "full_name": "Amina Benali"}
    _refused(lambda: services.add_contact(**{**arguments, **changes}), field, words)


def test_the_focal_point_of_another_country_cannot_add_contacts(oujda, focal_sn):
    before = _counts()
    with pytest.raises(PermissionDenied):
        services.add_contact(actor=focal_sn, organisation=oujda, full_name="Amina Benali")
    assert _counts() == before
