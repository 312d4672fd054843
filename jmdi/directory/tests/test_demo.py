"""The directory's demo and synthetic contacts: positions from the list, a plausible sex."""

from __future__ import annotations

import random
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jmdi.core.people import Sex
from jmdi.core.plugins import GeneratorContext
from jmdi.directory import demo
from jmdi.directory.models import Contact, Position
from jmdi.directory.places import PLACES

pytestmark = pytest.mark.usefixtures("programme_once_per_module")


def test_demo_contacts_hold_listed_positions_and_a_sex_that_fits_their_name(db):
    demo.load_demo_directory()
    contacts = list(Contact.objects.select_related("organisation__country"))
    assert contacts
    assert {c.position for c in contacts} <= set(Position.values) - {Position.OTHER}
    assert all(c.position_other == "" for c in contacts)
    sexes = Counter(c.sex for c in contacts)
    assert sexes[Sex.FEMALE] > len(contacts) / 4
    assert sexes[Sex.MALE] > len(contacts) / 4
    assert 0.05 < sexes[Sex.NOT_RECORDED] / len(contacts) < 0.3
    for contact in contacts:
        if contact.sex in (Sex.FEMALE, Sex.MALE):
            places = PLACES[str(contact.organisation.country.code)]
            given = next(g for g in places.given_names if contact.full_name.startswith(g + " "))
            assert contact.sex == places.sex_of(given), contact.full_name


def _generate(organisations: int) -> int:
    context = GeneratorContext(
        scale="small",
        rng=random.Random(1),
        progress=lambda line: None,
        sizes={"organisations": organisations, "contacts_per_organisation": 2},
    )
    with CaptureQueriesContext(connection) as queries:
        demo.generator_step(context)
    return len(queries.captured_queries)


def test_the_generator_writes_in_batches_whatever_the_number_of_rows(db):
    few = _generate(10)
    Contact.objects.all().delete()
    many = _generate(200)
    assert many == few  # a query per batch of 2,000 rows, not per row
    synthetic = Contact.objects.filter(email__endswith="@synthetic.example.org")
    assert set(synthetic.values_list("position", flat=True)) <= set(Position.values)
    assert {Sex.FEMALE, Sex.MALE, Sex.NOT_RECORDED} <= set(synthetic.values_list("sex", flat=True))
