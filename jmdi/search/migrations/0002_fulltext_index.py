"""The full-text index of the search entries, in each database's own engine.

SQLite: an FTS5 table over the entries' stemmed terms (external content, kept in step
by triggers). PostgreSQL: a GIN index over the same terms as a weighted tsvector of the
"simple" configuration (the stemming is done before, identically on both).
"""

from django.db import migrations

from jmdi.search.migrations._fulltext import (
    PG_BACKWARD,
    PG_FORWARD,
    SQLITE_BACKWARD,
    SQLITE_FORWARD,
)


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": PG_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": PG_BACKWARD}),
        )
    ]
