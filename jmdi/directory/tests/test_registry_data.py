"""The registry's data: existing organisations get their name key from a migration, the
demo shows a likely duplicate, and the generator fills keys in bulk."""

from __future__ import annotations

import random

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from jmdi.core.plugins import GeneratorContext
from jmdi.directory import demo, selectors
from jmdi.directory.models import Country, Organisation
from jmdi.directory.plugin import PLUGIN

BEFORE = ("directory", "0003_contact_position_vocabulary_and_sex")
AFTER = ("directory", "0005_organisation_name_keys")


def _migrate(target: tuple[str, str]):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])
    return executor.loader.project_state([target]).apps


@pytest.fixture
def _every_migration_restored():
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_every_migration_restored")
def test_organisations_recorded_before_keys_get_theirs_and_keep_their_kind():
    old = _migrate(BEFORE)
    country = old.get_model("directory", "Country").objects.create(code="MA")
    Organisation_ = old.get_model("directory", "Organisation")
    Organisation_.objects.create(name="Commune de Tétouan", kind="local_authority", country=country)
    Organisation_.objects.create(name="Réseau diaspora", kind="diaspora", country=country)
    Organisation_.objects.create(name="Collectif", kind="civil_society", country=country)

    new = _migrate(AFTER)
    rows = {
        o.name: (o.name_key, o.name_stem, o.kind, o.tier, o.merged_into_id)
        for o in new.get_model("directory", "Organisation").objects.all()
    }
    assert rows == {
        "Commune de Tétouan": ("tetouan", "teto", "local_authority", "", None),
        "Réseau diaspora": ("reseau diaspora", "rese", "diaspora", "", None),
        "Collectif": ("collectif", "coll", "civil_society", "", None),
    }


@pytest.mark.django_db
@pytest.mark.usefixtures("programme_once_per_module")
def test_the_demo_registers_a_likely_duplicate_the_warning_finds():
    demo.load_demo_directory()
    morocco = Country.objects.get(code="MA")
    found = {org.name for org in selectors.similar_organisations(morocco, "Tanger")}
    assert found == {"Commune de Tanger", "Tanger"}
    assert not Organisation.objects.filter(name_key="").exists()
    assert Organisation.objects.get(name="Commune de Tanger").tier == "commune"
    assert Organisation.objects.get(name="Municipalidad de San Miguel").tier == "municipality"


@pytest.mark.django_db
@pytest.mark.usefixtures("programme_once_per_module")
def test_the_generator_fills_keys_and_makes_30000_organisations_at_large_scale():
    [step] = [s for s in PLUGIN.generator_steps if s.name == "directory"]
    assert step.sizes["large"]["organisations"] == 30_000
    context = GeneratorContext(
        scale="small",
        rng=random.Random(1),
        progress=lambda line: None,
        sizes={"organisations": 30, "contacts_per_organisation": 1},
    )
    demo.generator_step(context)
    generated = Organisation.objects.filter(name__startswith=f"[{context.marker}]")
    assert generated.count() == 30
    assert not generated.filter(name_key="").exists()
    assert not generated.filter(name_stem="").exists()
