"""`make run` shows the initiatives chain alive: a mapped registry, a round scored and
decided, project documents, sixteen contracts at different stages (the grantee login owns
one, paid for its first milestone), reports waiting, and each login's inbox with work."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from jmdi.accounts.models import User
from jmdi.core import inbox
from jmdi.followup.models import ProgressReport
from jmdi.grants.models import Contract, DeliverableReport, Disbursement
from jmdi.initiatives.models import Initiative
from jmdi.proposals.models import ProjectDocument
from jmdi.selection.models import CandidateDecision, Outcome, Round

pytestmark = pytest.mark.django_db

DEMO = "demo.jmdi.example.org"


def _waiting(email: str) -> dict[str, int]:
    user = User.objects.get(email=email)
    return {source.kind: count for source, count in inbox.counts(user)}


def test_the_demo_walks_from_the_mapping_to_money(programme):
    call_command("loaddemo", stdout=StringIO())

    assert 190 <= Initiative.objects.count() <= 210
    assert Initiative.objects.values("country").distinct().count() == 8
    decided = Round.objects.get(status=Round.Status.DECIDED)
    assert (
        CandidateDecision.objects.filter(candidate__round=decided, outcome=Outcome.SELECTED).count()
        == 16
    )
    assert Contract.objects.count() == 16
    assert ProjectDocument.objects.exists()

    grantee = User.objects.get(email=f"grantee@{DEMO}")
    organisation = grantee.role_assignments.get(role="grantee").organisation
    own = Contract.objects.get(initiative__lead_authority=organisation)
    assert own.status == Contract.Status.SIGNED
    assert Disbursement.objects.filter(milestone__contract=own).exists()
    assert DeliverableReport.objects.filter(
        milestone__contract=own, status=DeliverableReport.Status.SUBMITTED
    ).exists()
    assert ProgressReport.objects.filter(status="submitted").exists()

    # The grantee's waiting milestone report is in the Moroccan focal point's inbox.
    assert _waiting(f"focal.ma@{DEMO}")["grants.reports_to_review"] >= 1
    assert sum(_waiting(f"pmu@{DEMO}").values()) > 0
    assert "grants.reports_to_review" not in _waiting(f"grantee@{DEMO}")
