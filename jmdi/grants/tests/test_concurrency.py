"""Two payments at once on PostgreSQL, each through its own connection: the contract row is
locked, so the second waits, then sees the first and is refused."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from jmdi.grants import services
from jmdi.grants.models import Disbursement, Milestone
from jmdi.grants.tests import factories


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_payments_beyond_what_remains_cannot_both_pass(programme):
    if connection.vendor != "postgresql":
        pytest.skip("Row locks need PostgreSQL; SQLite serialises every write transaction.")
    # The budget line and the commitment (100) would take both payments: only the
    # tranche (50) refuses the second, so only the contract's lock guards it.
    contract = factories.signed(amount="100.00", tranches=("50.00", "50.00"))
    milestone = factories.approved(contract)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def pay(reference: str) -> None:
        try:
            barrier.wait()
            services.record_disbursement(
                actor=None,
                milestone=Milestone.objects.get(pk=milestone.pk),
                date=factories.PAID,
                amount="30.00",
                currency="EUR",
                reference=reference,
            )
            outcomes.append("paid")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=pay, args=(f"PV-{n}",)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["paid", "refused"]
    assert Disbursement.objects.get().amount_eur == Decimal("30.00")
