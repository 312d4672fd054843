"""What the selection app adds: its pages in the navigation of those who take part in a
round, the measures of candidates scored and initiatives selected, its demo and synthetic
rounds, and the ranking page for the benchmark."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jmdi.core.measures import QuerysetMeasure
from jmdi.core.plugins import BenchmarkPage, DemoStep, GeneratorStep, NavEntry, Plugin
from jmdi.selection import demo, inbox, permissions
from jmdi.selection.models import Candidate, CandidateDecision, Outcome


def _rounds() -> str:
    return reverse("selection:rounds", args=[settings.JMDI_DEFAULT_PROGRAMME])


def _ranking() -> str:
    return reverse(
        "selection:ranking", args=[settings.JMDI_DEFAULT_PROGRAMME, demo.benchmark_round()]
    )


def _scored() -> Any:
    return Candidate.objects.filter(scoresheets__submitted_at__isnull=False)


def _selected() -> Any:
    return CandidateDecision.objects.filter(outcome=Outcome.SELECTED)


CANDIDATES_SCORED = QuerysetMeasure(
    name="selection.candidates_scored",
    label=_("Candidate initiatives scored"),
    needs=_("Computed once reviewers submit scoresheets in a selection round."),
    queryset=_scored,
    date_field="scoresheets__submitted_at__date",
    country_field="initiative__country__code",
    programme_field="round__programme__code",
    # A candidate scored by three reviewers counts once.
    distinct_field="pk",
)

INITIATIVES_SELECTED = QuerysetMeasure(
    name="selection.initiatives_selected",
    label=_("Initiatives selected by the steering committee"),
    needs=_("Computed once the steering committee's selection decisions are recorded."),
    queryset=_selected,
    date_field="decision__meeting__date",
    country_field="candidate__initiative__country__code",
    programme_field="candidate__round__programme__code",
)

PLUGIN = Plugin(
    inbox=inbox.SOURCES,
    nav=[
        NavEntry(
            _("Selection"),
            _rounds,
            permissions.can_view_rounds,
            order=65,
            group=_("Initiatives and grants"),
        )
    ],
    measures=[CANDIDATES_SCORED, INITIATIVES_SELECTED],
    demo_steps=[DemoStep("selection", demo.demo_step)],
    generator_steps=[GeneratorStep("selection", demo.generator_step, sizes=demo.SIZES)],
    benchmark_pages=[BenchmarkPage("round-ranking", _ranking, default=True)],
)
