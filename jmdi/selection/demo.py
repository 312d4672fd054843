"""The selection's demo (the 2013 call, scored and decided) and synthetic rounds at scale.

The demo round takes the initiatives the registry's demo left as candidates (five per
country), has three reviewers score them (one declares a conflict of interest), ranks
them and records the steering committee's decisions at its meeting: in each country the
two best are selected, the third goes on the reserve list, the others are rejected. The
initiative led by the demo grantee's organisation scores best in its country, so the
grantee login follows a selected initiative through the later steps.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from jmdi.accounts.demo import DEMO_DOMAIN
from jmdi.accounts.models import RoleAssignment, User
from jmdi.accounts.services import assign_role, create_person
from jmdi.core.plugins import DemoContext, DemoLogin, GeneratorContext
from jmdi.core.roles import Role
from jmdi.directory.models import Country, Organisation
from jmdi.governance import services as governance
from jmdi.initiatives.models import Initiative
from jmdi.programmes.models import GovernanceBody, Programme, SelectionCriterion
from jmdi.selection import selectors, services
from jmdi.selection.models import (
    Assignment,
    Candidate,
    Criterion,
    Outcome,
    Round,
    Score,
    Scoresheet,
)

DEMO_ROUND = "2013 call"
CHECKS = [
    "Led by a local authority",
    "In partnership with civil society",
    "In a programme country",
]
#: (email local part, full name, country) of the demo reviewers besides reviewer.ma.
EXTRA_REVIEWERS = [
    ("reviewer.sn", "Aminata Diop", "SN"),
    ("reviewer.ph", "Maria Santos", "PH"),
]
SELECTED_PER_COUNTRY = 2
RESERVE_PER_COUNTRY = 1

SIZES = {
    "small": {"selection_rounds": 2, "candidates_per_round": 20, "reviewers_per_round": 3},
    "large": {"selection_rounds": 16, "candidates_per_round": 250, "reviewers_per_round": 3},
}


def _officer() -> User | None:
    assignment = (
        RoleAssignment.objects.filter(role=Role.PMU_OFFICER, revoked_at__isnull=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return assignment.user if assignment else None


def _reviewer(email: str, name: str, country: Country, password: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = create_person(
            actor=None, email=email, full_name=name, password=password, verified=True
        )
    if not user.role_assignments.filter(
        role=Role.REVIEWER, country=country, revoked_at__isnull=True
    ).exists():
        assign_role(actor=None, user=user, role=Role.REVIEWER, country=country)
    return user


def _grantee_org() -> Organisation | None:
    """The demo grantee login's organisation, chosen as the accounts demo chooses it."""
    return (
        Organisation.objects.filter(country__code="MA", kind=Organisation.Kind.LOCAL_AUTHORITY)
        .order_by("name")
        .first()
    )


@transaction.atomic
def demo_step(context: DemoContext) -> None:
    programme = Programme.objects.filter(code=settings.JMDI_DEFAULT_PROGRAMME).first()
    if programme is None or Round.objects.filter(programme=programme, title=DEMO_ROUND).exists():
        return
    initiatives = list(
        Initiative.objects.filter(programme=programme, status=Initiative.Status.CANDIDATE)
        .select_related("country")
        .order_by("country__code", "reference")
    )
    officer = _officer()
    body = GovernanceBody.objects.filter(programme=programme, code="steering_committee").first()
    if not initiatives or officer is None or body is None:
        return
    reviewers = list(User.objects.filter(email=f"reviewer.ma@{DEMO_DOMAIN}", is_active=True))
    for local, name, code in EXTRA_REVIEWERS:
        country = Country.objects.filter(code=code).first()
        if country is not None:
            reviewers.append(_reviewer(f"{local}@{DEMO_DOMAIN}", name, country, context.password))
            context.logins.append(
                DemoLogin(str(Role.REVIEWER.label), f"{local}@{DEMO_DOMAIN}", country.name)
            )
    rng = random.Random(2013)
    round = services.create_round(
        actor=officer,
        programme=programme,
        title=DEMO_ROUND,
        opens_on=dt.date(2013, 10, 1),
        closes_on=dt.date(2013, 11, 15),
        checks=CHECKS,
        # The first factors weigh more: the document puts the local authority's lead and
        # ownership first.
        weights={"F1": Decimal(2), "F2": Decimal("1.5")},
    )
    morocco = Country.objects.filter(code="MA").first()
    if morocco is not None:
        services.add_country_criterion(
            actor=officer,
            round=round,
            country=morocco,
            code="MA1",
            label="Fits the regional development plan (advanced regionalisation)",
            weight=Decimal(1),
            scale_max=5,
        )
    candidates = [
        services.add_candidate(actor=officer, round=round, initiative=i) for i in initiatives
    ]
    for reviewer in reviewers:
        services.assign_reviewer(actor=officer, round=round, reviewer=reviewer)
    for candidate in candidates:
        for check in round.checks.all():
            services.record_eligibility(
                actor=officer, candidate=candidate, check=check, passed=True
            )
    services.move(actor=officer, round=round, status=Round.Status.OPEN)
    grantee_org = _grantee_org()
    # One conflict: the second reviewer knows the team of the second Senegalese candidate.
    conflicted = next(
        (c for c in candidates if str(c.initiative.country.code) == "SN"), candidates[0]
    )
    if conflicted.initiative.lead_authority_id == getattr(grantee_org, "pk", None):
        conflicted = candidates[-1]
    conflict_reviewer = reviewers[1] if len(reviewers) > 1 else None
    if conflict_reviewer is not None:
        services.declare_conflict(
            actor=conflict_reviewer,
            candidate=conflicted,
            note="Former colleague of the initiative's coordinator.",
        )
    for candidate in candidates:
        criteria = services.applicable_criteria(candidate)
        best = candidate.initiative.lead_authority_id == getattr(grantee_org, "pk", None)
        quality = 4.8 if best else rng.uniform(1.5, 4.3)
        for reviewer in reviewers:
            if reviewer == conflict_reviewer and candidate.pk == conflicted.pk:
                continue
            leaning = rng.uniform(-0.8, 0.8)
            scores: dict[int, tuple[int | None, bool, str]] = {}
            for criterion in criteria:
                if not best and rng.random() < 0.06:
                    scores[criterion.pk] = (None, True, "Does not apply to this initiative.")
                    continue
                value = round_half(quality + leaning + rng.uniform(-0.7, 0.7))
                value = max(0, min(criterion.scale_max, value))
                if best:
                    value = max(value, 4)
                comment = "" if rng.random() < 0.8 else "See the partnership agreement."
                scores[criterion.pk] = (value, False, comment)
            services.save_scores(actor=reviewer, candidate=candidate, scores=scores, submit=True)
    services.move(actor=officer, round=round, status=Round.Status.CLOSED)
    meeting = governance.create_meeting(
        actor=officer,
        body=body,
        date=dt.date(2013, 12, 10),
        place="Brussels",
        agenda=[("Selection of the local initiatives (2013 call)", "")],
    )
    ranking = selectors.get_ranking(round)
    by_country: dict[str, list[Any]] = {}
    for line in ranking.lines:
        by_country.setdefault(str(line.candidate.initiative.country.code), []).append(line)
    counts = {Outcome.SELECTED: 0, Outcome.RESERVE: 0, Outcome.REJECTED: 0}
    grantee_pk = getattr(grantee_org, "pk", None)
    for _code, lines in sorted(by_country.items()):
        # The grantee's initiative is selected whatever the noise of the scores did.
        lines.sort(key=lambda line: line.candidate.initiative.lead_authority_id != grantee_pk)
        for index, line in enumerate(lines):
            if index < SELECTED_PER_COUNTRY:
                outcome, why = Outcome.SELECTED, "Among the two best-ranked in its country."
            elif index < SELECTED_PER_COUNTRY + RESERVE_PER_COUNTRY:
                outcome, why = (
                    Outcome.RESERVE,
                    "Next in its country; funded if a selected initiative withdraws.",
                )
            else:
                outcome, why = (
                    Outcome.REJECTED,
                    "Ranked below the initiatives selected in its country.",
                )
            services.record_decision(
                actor=officer,
                candidate=line.candidate,
                outcome=outcome,
                rationale=f"{why} Score {line.score}.",
                meeting=meeting,
            )
            counts[outcome] += 1
    context.say(
        f"Demo selection: round “{DEMO_ROUND}”, {len(candidates)} candidates scored by "
        f"{len(reviewers)} reviewers; {counts[Outcome.SELECTED]} selected, "
        f"{counts[Outcome.RESERVE]} on the reserve list, {counts[Outcome.REJECTED]} rejected."
    )


def round_half(value: float) -> int:
    return int(Decimal(str(value)).quantize(Decimal(1), rounding="ROUND_HALF_UP"))


BATCH = 2_000


def generator_step(context: GeneratorContext) -> None:
    """Synthetic rounds (one country each, in turn), with their candidates drawn from the
    mapped initiatives not yet in a round, every candidate scored by every reviewer."""
    programme = Programme.objects.filter(code=settings.JMDI_DEFAULT_PROGRAMME).first()
    if programme is None:
        raise LookupError("Load a programme first.")
    marker = context.marker
    wanted = context.sizes["selection_rounds"]
    per_round = context.sizes["candidates_per_round"]
    existing = Round.objects.filter(programme=programme, title__startswith=marker).count()
    reviewers = list(
        User.objects.filter(
            role_assignments__role=Role.REVIEWER, role_assignments__revoked_at__isnull=True
        )
        .distinct()
        .order_by("pk")[: context.sizes["reviewers_per_round"]]
    )
    countries = list(
        Country.objects.filter(pk__in=programme.programme_countries.values("country")).order_by(
            "code"
        )
    )
    factors = list(SelectionCriterion.objects.filter(programme=programme).order_by("order"))
    rng = context.rng
    made = {"selection_rounds": 0, "selection_candidates": 0, "selection_scores": 0}
    now = timezone.now()
    for index in range(existing, wanted):
        country = countries[index % len(countries)]
        pool = list(
            Initiative.objects.filter(
                programme=programme, country=country, status=Initiative.Status.MAPPED
            )
            .exclude(candidacies__isnull=False)
            .order_by("pk")
            .values_list("pk", flat=True)[:per_round]
        )
        if not pool:
            continue
        with transaction.atomic():
            round = Round.objects.create(
                programme=programme,
                title=f"{marker} round {index + 1}",
                country=country,
                status=Round.Status.CLOSED,
            )
            criteria = Criterion.objects.bulk_create(
                Criterion(
                    round=round,
                    code=f.code,
                    label=str(f.text),
                    source=f,
                    weight=Decimal(rng.choice([1, 1, 2])),
                    scale_max=5,
                    order=n,
                )
                for n, f in enumerate(factors, start=1)
            )
            candidates = Candidate.objects.bulk_create(
                Candidate(round=round, initiative_id=pk) for pk in pool
            )
            Initiative.objects.filter(pk__in=pool).update(status=Initiative.Status.CANDIDATE)
            Assignment.objects.bulk_create(Assignment(round=round, reviewer=r) for r in reviewers)
            sheets = Scoresheet.objects.bulk_create(
                (
                    Scoresheet(candidate=c, reviewer=r, submitted_at=now)
                    for c in candidates
                    for r in reviewers
                ),
                batch_size=BATCH,
            )
            scores = [
                Score(
                    sheet=s,
                    criterion=c,
                    value=None if (na := rng.random() < 0.05) else rng.randint(0, 5),
                    not_applicable=na,
                )
                for s in sheets
                for c in criteria
            ]
            Score.objects.bulk_create(scores, batch_size=BATCH)
        made["selection_rounds"] += 1
        made["selection_candidates"] += len(candidates)
        made["selection_scores"] += len(scores)
        context.progress(f"selection rounds {index + 1}/{wanted}")
    for key, value in made.items():
        context.counts[key] = context.counts.get(key, 0) + value


def benchmark_round() -> int:
    """The round with the most candidates (the ranking page's worst case)."""
    from django.db.models import Count

    found = (
        Round.objects.filter(programme__code=settings.JMDI_DEFAULT_PROGRAMME)
        .annotate(n=Count("candidates"))
        .order_by("-n", "pk")
        .values_list("pk", flat=True)
        .first()
    )
    return found or 0
