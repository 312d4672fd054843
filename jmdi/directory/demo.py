"""The directory's demo data and synthetic data: organisations and their contacts in
real municipalities of every programme country."""

from __future__ import annotations

import itertools
import unicodedata
import zlib

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from jmdi.core.plugins import DemoContext, GeneratorContext
from jmdi.directory import services as directory
from jmdi.directory.models import Contact, Country, Organisation, SubnationalArea
from jmdi.directory.places import PATTERNS, PLACES, POSITIONS, organisation_name

BATCH = 2_000


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return (
        "".join(ch if ch.isalnum() else "." for ch in ascii_text.lower())
        .strip(".")
        .replace("..", ".")
    )


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
                            email=f"{slug(given)}.{slug(family)}@{slug(municipality)}.example.org",
                            phone=f"{places.dial} {phone_digits:08d}",
                        )
                        contact.clean_fields(exclude=["organisation"])
                        contacts.append(contact)
    bulk_create_with_history(organisations, Organisation, batch_size=500)
    for contact in contacts:
        contact.organisation = contact.organisation  # re-read the saved organisation's pk
    bulk_create_with_history(contacts, Contact, batch_size=500)
    return len(organisations)


def demo_step(context: DemoContext) -> None:
    if not Country.objects.exists():
        raise LookupError(
            "Load a programme first: manage.py loadprogramme programmes/jmdi-phase-2.yaml"
        )
    added = load_demo_directory()
    context.say(f"Demo directory: {added} organisations added.")


def generator_step(context: GeneratorContext) -> None:
    """Organisations with their contacts, spread over the programme countries."""
    countries = list(Country.objects.filter(code__in=PLACES.keys()).order_by("code"))
    if not countries:
        raise LookupError("Load a programme first: its countries anchor the synthetic data.")
    total = context.sizes["organisations"]
    per_organisation = context.sizes["contacts_per_organisation"]
    rng = context.rng
    prefix = f"[{context.marker}]"
    made = {"organisations": 0, "contacts": 0}
    existing = Organisation.objects.filter(name__startswith=prefix).count()
    for start in range(existing, total, BATCH):
        size = min(BATCH, total - start)
        orgs = []
        for i in range(start, start + size):
            country = countries[i % len(countries)]
            places = PLACES[str(country.code)]
            municipality = rng.choice([m for ms in places.regions.values() for m in ms])
            kind, pattern = rng.choice(PATTERNS[places.language])
            orgs.append(
                Organisation(
                    name=f"{prefix} {organisation_name(pattern, municipality)} #{i}",
                    kind=kind,
                    country=country,
                )
            )
        created = bulk_create_with_history(orgs, Organisation, batch_size=BATCH)
        contacts: list[Contact] = []
        for org in created:
            places = PLACES[str(org.country.code)] if org.country else PLACES["MA"]
            for position in POSITIONS.get(org.kind, ["Officer"])[:per_organisation]:
                given, family = rng.choice(places.given_names), rng.choice(places.family_names)
                contacts.append(
                    Contact(
                        organisation=org,
                        full_name=f"{given} {family}",
                        position=position,
                        email=f"contact{org.pk}.{len(contacts)}@synthetic.example.org",
                    )
                )
        bulk_create_with_history(contacts, Contact, batch_size=BATCH)
        made["organisations"] += len(created)
        made["contacts"] += len(contacts)
        context.progress(f"organisations {start + size:,}/{total:,}")
    for key, value in made.items():
        context.counts[key] = context.counts.get(key, 0) + value
