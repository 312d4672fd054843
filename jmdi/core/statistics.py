"""The query planners' statistics, kept fresh.

PostgreSQL's autovacuum analyses tables as they change. SQLite keeps no statistics until
it is told to, and without them it guesses: for the registry's list ("organisations not
merged, in name order") it chose the index on `merged_into_id` — an IS NULL every row
matches — and sorted 30,000 rows, 110 ms, instead of reading the partial name index in
order, 0.1 ms. `refresh()` runs after bulk writes (the demo, the generator) and every night
(tasks.py).
"""

from __future__ import annotations

from django.db import connection


def refresh() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # A full ANALYZE (PRAGMA optimize, on this SQLite, skips tables never analysed,
            # and a sampled one, analysis_limit, left the planner with the wrong index).
            cursor.execute("ANALYZE")
        elif connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
