"""/health/, for load balancers: 200 only when the database answers and is migrated."""

from __future__ import annotations

import pytest
from django.db import OperationalError
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db


def test_healthy(client):
    response = client.get("/health/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "migrations": "ok"}}


def test_never_cached(client):
    response = client.get("/health/")
    assert "no-cache" in response["Cache-Control"]
    assert "max-age=0" in response["Cache-Control"]


def test_pending_migrations_make_it_unhealthy(client, monkeypatch):
    pending = [("a migration", False), ("another", False)]
    monkeypatch.setattr(
        MigrationExecutor, "migration_plan", lambda self, targets, clean_start=False: pending
    )

    response = client.get("/health/")

    assert response.status_code == 503
    assert response.json() == {
        "status": "error",
        "checks": {"database": "ok", "migrations": "failing"},
    }
    assert "2" not in response.content.decode()


class _BrokenConnection:
    """Stands in for django.db.connection when the database is unreachable."""

    def cursor(self):
        raise OperationalError("could not connect to server: Connection refused")


def test_a_database_error_makes_it_unhealthy(client, monkeypatch):
    monkeypatch.setattr("jmdi.core.views.connection", _BrokenConnection())

    response = client.get("/health/")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"] == {"database": "failing"}
    body_text = response.content.decode()
    assert "Connection refused" not in body_text  # no internals leaked
    assert "OperationalError" not in body_text


def test_an_error_while_reading_migrations_makes_it_unhealthy(client, monkeypatch):
    def fail(self, targets, clean_start=False):
        raise OperationalError("no such table: django_migrations")

    monkeypatch.setattr(MigrationExecutor, "migration_plan", fail)

    response = client.get("/health/")

    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "failing"
    assert "django_migrations" not in response.content.decode()


def test_open_to_everyone_without_a_session(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert "sessionid" not in response.cookies
