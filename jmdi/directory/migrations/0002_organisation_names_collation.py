"""Organisations sort by name with accents and case considered, on both databases.

PostgreSQL gets an ICU collation, `jmdi_names` (the root order with CLDR's Arabic
tailoring, Latin script first). SQLite has no ICU: the same name is registered on every
connection by the app (jmdi/directory/collation.py), so this migration creates nothing
there but the index. The index serves a country's organisations in name order.
"""

import django.db.models.functions.comparison
from django.contrib.postgres.operations import CreateCollation
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0001_initial"),
    ]

    operations = [
        # Skipped on databases other than PostgreSQL.
        CreateCollation("jmdi_names", provider="icu", locale="ar-u-kr-latn-arab"),
        migrations.AlterModelOptions(
            name="organisation",
            options={
                "ordering": [
                    django.db.models.functions.comparison.Collate("name", "jmdi_names"),
                    "pk",
                ],
                "verbose_name": "organisation",
                "verbose_name_plural": "organisations",
            },
        ),
        migrations.AddIndex(
            model_name="organisation",
            index=models.Index(
                models.F("country"),
                django.db.models.functions.comparison.Collate("name", "jmdi_names"),
                models.F("id"),
                name="directory_org_country_name",
            ),
        ),
    ]
