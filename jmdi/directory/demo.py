"""The directory's demo data and synthetic data: organisations and their contacts in
real municipalities of every programme country."""

from __future__ import annotations

import itertools
import unicodedata
import zlib

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from jmdi.core.people import Sex
from jmdi.core.plugins import DemoContext, GeneratorContext
from jmdi.directory import services as directory
from jmdi.directory.models import Contact, Country, Organisation, SubnationalArea
from jmdi.directory.places import (
    DEFAULT_POSITIONS,
    PATTERNS,
    PLACES,
    POSITIONS,
    CountryPlaces,
    organisation_name,
)

BATCH = 2_000
#: Of every 100 contacts, how many have not told their sex, and how many gave another
#: answer: enough of each for the disaggregated figures to show them.
NOT_RECORDED_PER_100 = 15
ANOTHER_ANSWER_PER_100 = 1


def recorded_sex(places: CountryPlaces, given_name: str, draw: int) -> Sex:
    """The sex a contact gave, consistent with their given name; `draw` is in 0..99."""
    if draw < NOT_RECORDED_PER_100:
        return Sex.NOT_RECORDED
    if draw < NOT_RECORDED_PER_100 + ANOTHER_ANSWER_PER_100:
        return Sex.ANOTHER
    return places.sex_of(given_name)


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return (
        "".join(ch if ch.isalnum() else "." for ch in ascii_text.lower())
        .strip(".")
        .replace("..", ".")
    )


#: Local authorities the demo registers twice, the second time written another way
#: (country: [(second name, municipality)]): "Commune de Tanger" and "Tanger".
LIKELY_DUPLICATES = {
    "MA": [("Tanger", "Tanger")],
    "SV": [("Alcaldía Municipal de San Miguel", "San Miguel")],
}


def demo_tier(places: CountryPlaces, kind: str) -> str:
    """A local authority's tier as the country's municipalities are called."""
    if kind != Organisation.Kind.LOCAL_AUTHORITY:
        return ""
    return Organisation.Tier.COMMUNE if places.language == "fr" else Organisation.Tier.MUNICIPALITY


def demo_setting(municipality: str) -> str:
    """Urban, rural or mixed: invented, but the same for one municipality every time."""
    settings = [Organisation.Setting.URBAN, Organisation.Setting.RURAL, Organisation.Setting.MIXED]
    return settings[zlib.crc32(municipality.encode()) % 3]


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
                actor=None, country=country, name=region_name, kind=SubnationalArea.Kind.REGION
            )
            for municipality in municipalities:
                area = directory.get_or_create_area(
                    actor=None,
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
                        tier=demo_tier(places, kind),
                        setting=demo_setting(municipality),
                    )
                    org.clean_fields(exclude=["country", "area"])
                    organisations.append(org)
                    for position in POSITIONS.get(kind, DEFAULT_POSITIONS)[:2]:
                        given, family = next(names)
                        digest = zlib.crc32(f"{given}{family}{municipality}".encode())
                        contact = Contact(
                            organisation=org,
                            full_name=f"{given} {family}",
                            position=position,
                            sex=recorded_sex(places, given, digest % 100),
                            email=f"{slug(given)}.{slug(family)}@{slug(municipality)}.example.org",
                            phone=f"{places.dial} {digest % 10**8:08d}",
                        )
                        contact.clean_fields(exclude=["organisation"])
                        contacts.append(contact)
        for name, municipality in LIKELY_DUPLICATES.get(str(country.code), []):
            # The same local authority registered a second time, written another way:
            # the duplicate warning and the merge have something to show.
            org = Organisation(
                name=name,
                kind=Organisation.Kind.LOCAL_AUTHORITY,
                country=country,
                tier=demo_tier(places, Organisation.Kind.LOCAL_AUTHORITY),
                note=f"Registered again from a partner's list ({municipality}).",
            )
            org.clean_fields(exclude=["country", "area"])
            organisations.append(org)
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
                    tier=demo_tier(places, kind),
                    setting=demo_setting(municipality),
                )
            )
        created = bulk_create_with_history(orgs, Organisation, batch_size=BATCH)
        contacts: list[Contact] = []
        for org in created:
            places = PLACES[str(org.country.code)] if org.country else PLACES["MA"]
            for position in POSITIONS.get(org.kind, DEFAULT_POSITIONS)[:per_organisation]:
                given, family = rng.choice(places.given_names), rng.choice(places.family_names)
                contacts.append(
                    Contact(
                        organisation=org,
                        full_name=f"{given} {family}",
                        position=position,
                        sex=recorded_sex(places, given, rng.randrange(100)),
                        email=f"contact{org.pk}.{len(contacts)}@synthetic.example.org",
                    )
                )
        bulk_create_with_history(contacts, Contact, batch_size=BATCH)
        made["organisations"] += len(created)
        made["contacts"] += len(contacts)
        context.progress(f"organisations {start + size:,}/{total:,}")
    for key, value in made.items():
        context.counts[key] = context.counts.get(key, 0) + value
