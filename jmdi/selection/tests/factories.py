"""Records of a selection round for the tests, built through the services (so that the
tests exercise the same path as the pages)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from jmdi.accounts.services import assign_role, create_person
from jmdi.directory.models import Country
from jmdi.governance import services as governance
from jmdi.initiatives.tests.factories import InitiativeFactory
from jmdi.programmes.models import GovernanceBody, Programme
from jmdi.selection import services
from jmdi.selection.models import Candidate, Round

PASSWORD = "correct-horse-battery"


def person(email: str, role: str | None = None, country: str | None = None) -> Any:
    user = create_person(
        actor=None,
        email=email,
        full_name=email.split("@")[0].title(),
        password=PASSWORD,
        verified=True,
    )
    if role:
        assign_role(
            actor=None,
            user=user,
            role=role,
            country=Country.objects.get(code=country) if country else None,
        )
    return user


def make_round(
    actor: Any, title: str = "Test call", country: str | None = None, **kw: Any
) -> Round:
    programme = Programme.objects.get(code="jmdi-2")
    return services.create_round(
        actor=actor,
        programme=programme,
        title=title,
        country=Country.objects.get(code=country) if country else None,
        **kw,
    )


def make_candidate(actor: Any, round: Round, country: str = "MA", **kw: Any) -> Candidate:
    initiative = InitiativeFactory(country=Country.objects.get(code=country), **kw)
    candidate = services.add_candidate(actor=actor, round=round, initiative=initiative)
    for check in round.checks.all():
        services.record_eligibility(actor=actor, candidate=candidate, check=check, passed=True)
    return candidate


def full_sheet(candidate: Candidate, value: int = 3, **overrides: Any) -> dict[int, tuple]:
    """Every applicable criterion scored `value`; `overrides` by code: int, "na" or
    (value, comment)."""
    scores: dict[int, tuple] = {}
    for criterion in services.applicable_criteria(candidate):
        given = overrides.get(criterion.code, value)
        comment = ""
        if isinstance(given, tuple):
            given, comment = given
        if given == "na":
            scores[criterion.pk] = (None, True, comment)
        else:
            scores[criterion.pk] = (given, False, comment)
    return scores


def steering_meeting(actor: Any, date: dt.date = dt.date(2014, 3, 1)) -> Any:
    body = GovernanceBody.objects.get(programme__code="jmdi-2", code="steering_committee")
    return governance.create_meeting(actor=actor, body=body, date=date, place="Brussels")
