"""Synthetic data at scale, for benchmarks: `manage.py generatedata --scale small|large`.

Every later feature adds its records here. Rows are written with bulk_create in
batches (history rows too, through simple_history's bulk helper), deterministically
from a seed, so two runs at the same scale give the same data set.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from jmdi.accounts.models import Role, RoleAssignment, User
from jmdi.demo.places import PATTERNS, PLACES, POSITIONS, organisation_name
from jmdi.directory.models import Contact, Country, Organisation

BATCH = 2_000


@dataclass(frozen=True)
class Scale:
    people: int
    organisations: int
    contacts_per_organisation: int


SCALES = {
    "small": Scale(people=2_000, organisations=600, contacts_per_organisation=2),
    "large": Scale(people=100_000, organisations=30_000, contacts_per_organisation=2),
}


def generate(
    scale_name: str, *, seed: int = 2012, progress: Callable[[str], None] = print
) -> dict[str, int]:
    scale = SCALES[scale_name]
    rng = random.Random(seed)
    countries = list(Country.objects.filter(code__in=PLACES.keys()).order_by("code"))
    if not countries:
        raise RuntimeError("Load a programme first: its countries anchor the synthetic data.")
    counts = {"organisations": 0, "contacts": 0, "people": 0, "roles": 0}
    marker = f"synthetic-{scale_name}"

    with transaction.atomic():
        existing = Organisation.objects.filter(name__startswith=f"[{marker}]").count()
        for start in range(existing, scale.organisations, BATCH):
            size = min(BATCH, scale.organisations - start)
            orgs = []
            for i in range(start, start + size):
                country = countries[i % len(countries)]
                places = PLACES[str(country.code)]
                municipality = rng.choice([m for ms in places.regions.values() for m in ms])
                kind, pattern = rng.choice(PATTERNS[places.language])
                orgs.append(
                    Organisation(
                        name=f"[{marker}] {organisation_name(pattern, municipality)} #{i}",
                        kind=kind,
                        country=country,
                    )
                )
            created = bulk_create_with_history(orgs, Organisation, batch_size=BATCH)
            contacts: list[Contact] = []
            for org in created:
                places = PLACES[str(org.country.code)] if org.country else PLACES["MA"]
                for position in POSITIONS.get(org.kind, ["Officer"])[
                    : scale.contacts_per_organisation
                ]:
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
            counts["organisations"] += len(created)
            counts["contacts"] += len(contacts)
            progress(f"organisations {start + size:,}/{scale.organisations:,}")

        existing = User.objects.filter(email__endswith=f"@{marker}.example.org").count()
        for start in range(existing, scale.people, BATCH):
            size = min(BATCH, scale.people - start)
            users = []
            for i in range(start, start + size):
                places = PLACES[str(countries[i % len(countries)].code)]
                users.append(
                    User(
                        email=f"person{i}@{marker}.example.org",
                        full_name=f"{rng.choice(places.given_names)} {rng.choice(places.family_names)}",
                        password="!",  # unusable: synthetic people never sign in
                    )
                )
            created_users = bulk_create_with_history(users, User, batch_size=BATCH)
            roles = [RoleAssignment(user=u, role=Role.MEMBER) for u in created_users]
            bulk_create_with_history(roles, RoleAssignment, batch_size=BATCH)
            counts["people"] += len(created_users)
            counts["roles"] += len(roles)
            progress(f"people {start + size:,}/{scale.people:,}")
    return counts
