"""Every change to the directory.

Each function takes keyword arguments and `actor=`, the person making the change
(`None` only for system set-up: the programme loader, demo and synthetic data). A change
is checked whole (`full_clean()`) before anything is written, in one transaction, and
leaves a history row naming the actor.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from jmdi.core.people import Sex
from jmdi.directory.models import Contact, Country, Organisation, SubnationalArea
from jmdi.directory.permissions import can_edit_directory


def _authorise(actor: Any, country: Country | None) -> None:
    if actor is not None and not can_edit_directory(actor, str(country.code) if country else None):
        raise PermissionDenied(
            _("Only the PMU, or the focal point of this country, can change its directory.")
        )


def _save(record: Model, actor: Any) -> None:
    record.full_clean()
    if actor is not None:
        record._history_user = actor  # type: ignore[attr-defined]  # read by simple_history
    record.save()


@transaction.atomic
def get_or_create_area(
    *,
    actor: Any,
    country: Country,
    name: str,
    kind: str,
    parent: SubnationalArea | None = None,
) -> SubnationalArea:
    """The area called `name` in `parent` (or at the top of `country`), created if new."""
    _authorise(actor, country)
    name = name.strip()
    area = SubnationalArea.objects.filter(country=country, parent=parent, name=name).first()
    if area is None:
        area = SubnationalArea(country=country, parent=parent, name=name, kind=kind)
        _save(area, actor)
    return area


@transaction.atomic
def register_organisation(
    *,
    actor: Any,
    name: str,
    kind: str,
    country: Country | None,
    area: SubnationalArea | None = None,
    acronym: str = "",
    website: str = "",
) -> Organisation:
    _authorise(actor, country)
    organisation = Organisation(
        name=name.strip(),
        kind=kind,
        country=country,
        area=area,
        acronym=acronym.strip(),
        website=website.strip(),
    )
    _save(organisation, actor)
    return organisation


@transaction.atomic
def add_contact(
    *,
    actor: Any,
    organisation: Organisation,
    full_name: str,
    position: str = "",
    position_other: str = "",
    sex: str = Sex.NOT_RECORDED,
    email: str = "",
    phone: str = "",
) -> Contact:
    """A person to contact at `organisation`; `position_other` only with position "other"."""
    _authorise(actor, organisation.country)
    contact = Contact(
        organisation=organisation,
        full_name=full_name.strip(),
        position=position,
        position_other=position_other.strip(),
        sex=sex,
        email=email.strip(),
        phone=phone.strip(),
    )
    _save(contact, actor)
    return contact
