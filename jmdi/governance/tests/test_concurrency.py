"""Decision numbers allocated at the same time by two requests never collide."""

from __future__ import annotations

import pytest

from jmdi.governance import services
from jmdi.governance.tests.helpers import meeting


@pytest.mark.django_db(transaction=True)
def test_concurrent_allocations_on_postgresql_do_not_duplicate():
    """Two threads allocating at once get two different numbers (PostgreSQL only:
    SQLite serialises writers anyway)."""
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("row locks are a PostgreSQL matter")
    from conftest import JMDI_FILE
    from jmdi.accounts.services import create_person
    from jmdi.programmes.loader import load_programme

    load_programme(JMDI_FILE, "programmes/jmdi-phase-2.yaml")
    from jmdi.accounts.services import assign_role

    officer = create_person(actor=None, email="pmu2@example.org", full_name="P", verified=True)
    assign_role(actor=None, user=officer, role="pmu_officer")
    found = meeting(officer)
    numbers: list[str] = []
    barrier = threading.Barrier(4)

    def allocate() -> None:
        barrier.wait()
        try:
            numbers.append(
                services.record_decision(actor=officer, meeting=found, text="Parallel.").number
            )
        finally:
            connections.close_all()

    threads = [threading.Thread(target=allocate) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(numbers) == ["SC-2014-01", "SC-2014-02", "SC-2014-03", "SC-2014-04"]
