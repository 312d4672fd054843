"""The demo data a newcomer sees: organisations, contacts and one login per role."""

from __future__ import annotations

import itertools
import unicodedata
import zlib
from dataclasses import dataclass

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from jmdi.accounts.models import Role, User
from jmdi.accounts.services import assign_role, create_person
from jmdi.demo.places import PATTERNS, PLACES, POSITIONS, organisation_name
from jmdi.directory import services as directory
from jmdi.directory.models import Contact, Country, Organisation, SubnationalArea

DEMO_DOMAIN = "demo.jmdi.example.org"


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    scope: str


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return (
        "".join(ch if ch.isalnum() else "." for ch in ascii_text.lower())
        .strip(".")
        .replace("..", ".")
    )


def _person(email: str, full_name: str, password: str) -> User:
    existing = User.objects.filter(email=email).first()
    if existing is not None:
        existing.set_password(password)
        existing.save(update_fields=["password"])
        return existing
    return create_person(
        actor=None, email=email, full_name=full_name, password=password, verified=True
    )


def _role(
    user: User, role: str, country: Country | None = None, organisation: Organisation | None = None
) -> None:
    if not user.role_assignments.filter(
        role=role, country=country, organisation=organisation, revoked_at__isnull=True
    ).exists():
        assign_role(actor=None, user=user, role=role, country=country, organisation=organisation)


@transaction.atomic
def load_demo_directory() -> int:
    """Organisations and their contacts in every programme country; returns how many were added.

    Written in bulk (with history rows) because it is a few thousand rows of fixed,
    known-good data: each row is still checked with `clean_fields()` first.
    """
    organisations: list[Organisation] = []
    contacts: list[Contact] = []
    for country in Country.objects.filter(code__in=PLACES.keys()):
        places = PLACES[str(country.code)]
        if Organisation.objects.filter(country=country).exists():
            continue
        names = itertools.cycle(itertools.product(places.given_names, places.family_names))
        for region_name, municipalities in places.regions.items():
            region = directory.get_or_create_area(
                country=country, name=region_name, kind=SubnationalArea.Kind.REGION
            )
            for municipality in municipalities:
                area = directory.get_or_create_area(
                    country=country,
                    name=municipality,
                    kind=SubnationalArea.Kind.MUNICIPALITY,
                    parent=region,
                )
                for kind, pattern in PATTERNS[places.language]:
                    org = Organisation(
                        name=organisation_name(pattern, municipality),
                        kind=kind,
                        country=country,
                        area=area,
                    )
                    org.clean_fields(exclude=["country", "area"])
                    organisations.append(org)
                    for position in POSITIONS[kind][:2]:
                        given, family = next(names)
                        phone_digits = zlib.crc32(f"{given}{family}{municipality}".encode()) % 10**8
                        contact = Contact(
                            organisation=org,
                            full_name=f"{given} {family}",
                            position=position,
                            email=f"{_slug(given)}.{_slug(family)}@{_slug(municipality)}.example.org",
                            phone=f"{places.dial} {phone_digits:08d}",
                        )
                        contact.clean_fields(exclude=["organisation"])
                        contacts.append(contact)
    bulk_create_with_history(organisations, Organisation, batch_size=500)
    for contact in contacts:
        contact.organisation = contact.organisation  # re-read the saved organisation's pk
    bulk_create_with_history(contacts, Contact, batch_size=500)
    return len(organisations)


@transaction.atomic
def load_demo_logins(password: str) -> list[DemoLogin]:
    """One login per role (a focal point in every country); safe to run again."""
    logins: list[DemoLogin] = []
    morocco = Country.objects.get(code="MA")

    def login(role: str, email: str, name: str, scope: str = "", **kw: object) -> User:
        user = _person(email, name, password)
        _role(user, role, **kw)  # type: ignore[arg-type]
        logins.append(DemoLogin(str(Role(role).label), email, scope))
        return user

    # The PMU officer works in the platform's own pages, not the admin: not staff.
    login(Role.PMU_OFFICER, f"pmu@{DEMO_DOMAIN}", "Cécile Martin")
    for country in Country.objects.filter(code__in=PLACES.keys()).order_by("code"):
        places = PLACES[str(country.code)]
        login(
            Role.FOCAL_POINT,
            f"focal.{str(country.code).lower()}@{DEMO_DOMAIN}",
            f"{places.given_names[0]} {places.family_names[0]}",
            country.name,
            country=country,
        )
    login(
        Role.REVIEWER, f"reviewer.ma@{DEMO_DOMAIN}", "Omar Berrada", morocco.name, country=morocco
    )
    login(Role.STEERING, f"steering@{DEMO_DOMAIN}", "Hans Keller")
    login(Role.TECHNICAL, f"technical@{DEMO_DOMAIN}", "Amina Yusuf")
    grantee_org = (
        Organisation.objects.filter(country=morocco, kind=Organisation.Kind.LOCAL_AUTHORITY)
        .order_by("name")
        .first()
    )
    if grantee_org is not None:
        login(
            Role.GRANTEE,
            f"grantee@{DEMO_DOMAIN}",
            "Said Amrani",
            str(grantee_org),
            organisation=grantee_org,
        )
    login(Role.TRAINING_STAFF, f"training@{DEMO_DOMAIN}", "Giulia Rossi")
    login(Role.MEMBER, f"member@{DEMO_DOMAIN}", "Lucía Fernández")
    return logins
