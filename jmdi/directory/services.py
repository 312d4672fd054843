"""Every change to the directory."""

from __future__ import annotations

from django.db import transaction

from jmdi.directory.models import Contact, Country, Organisation, SubnationalArea


@transaction.atomic
def get_or_create_area(
    *, country: Country, name: str, kind: str, parent: SubnationalArea | None = None
) -> SubnationalArea:
    area = SubnationalArea.objects.filter(country=country, parent=parent, name=name).first()
    if area is None:
        area = SubnationalArea(country=country, parent=parent, name=name, kind=kind)
        area.full_clean()
        area.save()
    return area


@transaction.atomic
def register_organisation(
    *,
    name: str,
    kind: str,
    country: Country | None,
    area: SubnationalArea | None = None,
    acronym: str = "",
) -> Organisation:
    organisation = Organisation(name=name, kind=kind, country=country, area=area, acronym=acronym)
    organisation.full_clean()
    organisation.save()
    return organisation


@transaction.atomic
def add_contact(
    *,
    organisation: Organisation,
    full_name: str,
    position: str = "",
    email: str = "",
    phone: str = "",
) -> Contact:
    contact = Contact(
        organisation=organisation, full_name=full_name, position=position, email=email, phone=phone
    )
    contact.full_clean()
    contact.save()
    return contact
