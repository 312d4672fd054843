"""Fill the name key of every organisation recorded before keys existed (a batch at a time)."""

from django.db import migrations

from jmdi.directory.names import name_key, name_stem

BATCH = 2_000


def fill_keys(apps, schema_editor):
    Organisation = apps.get_model("directory", "Organisation")
    batch = []
    for organisation in Organisation.objects.only("pk", "name").order_by("pk").iterator(BATCH):
        organisation.name_key = name_key(organisation.name)
        organisation.name_stem = name_stem(organisation.name_key)
        batch.append(organisation)
        if len(batch) == BATCH:
            Organisation.objects.bulk_update(batch, ["name_key", "name_stem"])
            batch = []
    if batch:
        Organisation.objects.bulk_update(batch, ["name_key", "name_stem"])


class Migration(migrations.Migration):
    dependencies = [("directory", "0004_organisations_registry")]

    operations = [migrations.RunPython(fill_keys, migrations.RunPython.noop)]
