"""The migration to a list of positions keeps what the contacts said, and can be undone."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = ("directory", "0002_organisation_names_collation")
AFTER = ("directory", "0003_contact_position_vocabulary_and_sex")


def _migrate(target: tuple[str, str]):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])
    return executor.loader.project_state([target]).apps


@pytest.fixture
def _every_migration_restored():
    """Going back to BEFORE also undoes the migrations of the apps that depend on the
    directory's later ones; whatever happens, every app is migrated to its latest again, so
    the tests after this one find every table."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_every_migration_restored")
def test_english_positions_become_the_list_and_other_words_are_kept():
    old = _migrate(BEFORE)
    Country = old.get_model("directory", "Country")
    Organisation = old.get_model("directory", "Organisation")
    Contact = old.get_model("directory", "Contact")
    organisation = Organisation.objects.create(
        name="Commune de Tiznit", kind="local_authority", country=Country.objects.create(code="MA")
    )
    positions = {
        "A": "Mayor",
        "B": "migration desk officer",
        "C": " Head of Planning ",
        "D": "Chargé de mission coopération",
        "E": "",
        "F": "PRESIDENT",
    }
    for name, position in positions.items():
        Contact.objects.create(organisation=organisation, full_name=name, position=position)
    old.get_model("directory", "HistoricalContact").objects.create(
        id=1,
        organisation_id=organisation.pk,
        full_name="A",
        position="Director",  # what A's record said before
        history_date=timezone.now(),
        history_type="~",
    )

    new = _migrate(AFTER)
    migrated = {
        c.full_name: (c.position, c.position_other, c.sex)
        for c in new.get_model("directory", "Contact").objects.all()
    }
    assert migrated == {
        "A": ("mayor", "", "not_recorded"),
        "B": ("migration_officer", "", "not_recorded"),
        "C": ("head_of_planning", "", "not_recorded"),
        "D": ("other", "Chargé de mission coopération", "not_recorded"),
        "E": ("", "", "not_recorded"),
        "F": ("president", "", "not_recorded"),
    }
    history = new.get_model("directory", "HistoricalContact").objects.get(full_name="A")
    assert history.position == "director"

    undone = _migrate(BEFORE)
    assert {
        c.full_name: c.position for c in undone.get_model("directory", "Contact").objects.all()
    } == {
        "A": "Mayor",
        "B": "Migration desk officer",
        "C": "Head of planning",
        "D": "Chargé de mission coopération",
        "E": "",
        "F": "President",
    }
    _migrate(AFTER)
