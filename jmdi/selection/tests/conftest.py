from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from jmdi.selection import services
from jmdi.selection.models import Candidate, Round
from jmdi.selection.tests.factories import make_candidate, make_round, person


@dataclass
class World:
    round: Round
    ma: Candidate
    sn: Candidate
    reviewer_sn: Any
    other_round: Round
    other: Candidate


@pytest.fixture
def world(programme, pmu, reviewer_ma) -> World:
    """A global round open for scoring, one candidate in Morocco and one in Senegal, two
    reviewers (reviewer_ma and a Senegalese reviewer); and a Senegalese round with its own
    candidate, to which reviewer_ma is not assigned."""
    round = make_round(pmu, checks=["Led by a local authority"])
    ma = make_candidate(pmu, round, "MA", title="Oujda diaspora savings fund")
    sn = make_candidate(pmu, round, "SN", title="Thiès return-migrant cooperatives")
    reviewer_sn = person("reviewer.sn@example.org", "reviewer", "SN")
    services.assign_reviewer(actor=pmu, round=round, reviewer=reviewer_ma)
    services.assign_reviewer(actor=pmu, round=round, reviewer=reviewer_sn)
    services.move(actor=pmu, round=round, status=Round.Status.OPEN)
    other_round = make_round(pmu, title="Senegal call", country="SN")
    other = make_candidate(pmu, other_round, "SN", title="Kolda hidden valley initiative")
    services.assign_reviewer(actor=pmu, round=other_round, reviewer=reviewer_sn)
    services.move(actor=pmu, round=other_round, status=Round.Status.OPEN)
    return World(round, ma, sn, reviewer_sn, other_round, other)
