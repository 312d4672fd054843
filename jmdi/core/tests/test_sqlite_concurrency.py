"""SQLite settings hold up under concurrent writers.

In SQLite's default (deferred) mode, a transaction that reads and then writes cannot
upgrade its lock while another writer holds it, and fails at once with "database is
locked", whatever the busy timeout. The settings start every transaction IMMEDIATE, in
WAL mode, with a busy timeout, so writers queue instead of failing.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections, transaction

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite-specific settings")

WRITERS = 6
WRITES_EACH = 15


def _alias_for(path: str, name: str) -> str:
    settings_dict = {**connections.settings["default"], "NAME": path, "TEST": {}}
    connections.settings[name] = settings_dict
    return name


def _hammer(alias: str, failures: list[str]) -> None:
    try:
        for _ in range(WRITES_EACH):
            with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
                cursor.execute("SELECT COALESCE(MAX(n), 0) FROM counter")
                (current,) = cursor.fetchone()
                cursor.execute("INSERT INTO counter (n) VALUES (%s)", [current + 1])
    except Exception as exc:
        failures.append(f"{exc.__class__.__name__}: {exc}")
    finally:
        connections[alias].close()


def test_concurrent_read_then_write_transactions_all_succeed(tmp_path, django_db_blocker):
    # A separate database file, outside the test database: writers need a real file.
    with django_db_blocker.unblock():
        _run(str(tmp_path / "concurrency.sqlite3"))


def _run(path: str) -> None:
    setup_alias = _alias_for(path, "concurrency_setup")
    try:
        with connections[setup_alias].cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0].lower() == "wal"
            cursor.execute("CREATE TABLE counter (n INTEGER NOT NULL)")
        connections[setup_alias].close()

        failures: list[str] = []
        aliases = [_alias_for(path, f"concurrency_{i}") for i in range(WRITERS)]
        threads = [threading.Thread(target=_hammer, args=(alias, failures)) for alias in aliases]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        assert failures == []
        with connections[setup_alias].cursor() as cursor:
            cursor.execute("SELECT COUNT(*), MAX(n) FROM counter")
            count, highest = cursor.fetchone()
        # IMMEDIATE serialises the read-then-write: no lost update, no duplicate.
        assert count == highest == WRITERS * WRITES_EACH
    finally:
        for name in [n for n in list(connections.settings) if n.startswith("concurrency_")]:
            connections[name].close()
            del connections.settings[name]
