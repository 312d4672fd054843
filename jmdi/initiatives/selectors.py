"""The registry's reads: the filtered list, one initiative with everything it holds, its
status history. Each starts from `permissions.visible_initiatives`, so a page can never
show what its reader may not see, and each costs a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import F, Prefetch, Q, QuerySet
from django.db.models.expressions import OrderBy
from django.db.models.functions import Collate
from django.http import Http404

from jmdi.directory.collation import NAMES_COLLATION
from jmdi.initiatives.models import Initiative, InitiativePartner
from jmdi.initiatives.permissions import visible_initiatives
from jmdi.programmes.models import Programme

#: The migration contexts a list can be filtered by: {URL value: field}.
CONTEXTS = {
    "emigration": "emigration",
    "immigration": "immigration",
    "transit": "transit",
    "return": "return_migration",
    "refugees": "refugees",
}

_TITLE = Collate("title", NAMES_COLLATION)
#: {URL value: ordering}; each ends with the primary key so that pages never overlap.
SORTS: dict[str, list[Any]] = {
    "title": [_TITLE.asc(), "pk"],
    "-title": [_TITLE.desc(), "-pk"],
    "reference": ["reference", "pk"],
    "-reference": ["-reference", "-pk"],
    "country": ["country__code", _TITLE.asc(), "pk"],
    "start": [OrderBy(F("start_date"), nulls_last=True), "pk"],
    "-start": [OrderBy(F("start_date"), descending=True, nulls_last=True), "-pk"],
    "budget": [OrderBy(F("budget"), nulls_last=True), "pk"],
    "-budget": [OrderBy(F("budget"), descending=True, nulls_last=True), "-pk"],
    "-updated": ["-updated_at", "-pk"],
}
DEFAULT_SORT = "title"


@dataclass(frozen=True)
class Filters:
    """What a list is filtered by; empty strings mean "any"."""

    country: str = ""
    theme: str = ""
    status: str = ""
    setting: str | None = None  # "" is a value of its own: "not recorded"
    gender: str | None = None
    context: str = ""
    south_south: bool | None = None
    published: bool | None = None
    q: str = ""
    sort: str = DEFAULT_SORT


def _filtered(queryset: QuerySet[Initiative], filters: Filters) -> QuerySet[Initiative]:
    if filters.country:
        queryset = queryset.filter(country__code=filters.country)
    if filters.theme:
        queryset = queryset.filter(themes__code=filters.theme)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.setting is not None:
        queryset = queryset.filter(setting=filters.setting)
    if filters.gender is not None:
        queryset = queryset.filter(gender_dimension=filters.gender)
    if filters.context in CONTEXTS:
        queryset = queryset.filter(**{CONTEXTS[filters.context]: True})
    if filters.south_south is not None:
        queryset = queryset.filter(south_south=filters.south_south)
    if filters.published is not None:
        queryset = queryset.filter(published=filters.published)
    text = filters.q.strip()
    if text:
        queryset = queryset.filter(
            Q(title__icontains=text)
            | Q(reference__icontains=text)
            | Q(lead_authority__name__icontains=text)
        )
    return queryset.order_by(*SORTS.get(filters.sort, SORTS[DEFAULT_SORT]))


def initiative_list(user: Any, programme: Programme, filters: Filters) -> QuerySet[Initiative]:
    """The rows of the list page: one query per page, whatever the filters."""
    queryset = visible_initiatives(user, Initiative.objects.filter(programme=programme))
    return _filtered(queryset, filters).select_related("lead_authority", "country")


def export_rows(user: Any, programme: Programme, filters: Filters) -> QuerySet[Initiative]:
    """Exactly the rows of the filtered list, with everything an export writes (read in
    chunks by the export, each chunk with its own prefetches)."""
    return initiative_list(user, programme, filters).prefetch_related(
        Prefetch(
            "partners",
            queryset=InitiativePartner.objects.select_related("organisation").order_by("pk"),
        ),
        "origin_countries",
        "destination_countries",
        "themes",
    )


def get_initiative_for(user: Any, programme: Programme, pk: int) -> Initiative:
    """One initiative with its partners, countries and themes; 404 when the reader may
    not see it (the same answer as for an initiative that does not exist)."""
    queryset = visible_initiatives(user, Initiative.objects.filter(programme=programme))
    initiative = (
        queryset.select_related("lead_authority", "country", "area", "programme")
        .prefetch_related(
            Prefetch(
                "partners",
                queryset=InitiativePartner.objects.select_related("organisation").order_by("pk"),
            ),
            "origin_countries",
            "destination_countries",
            "themes",
        )
        .filter(pk=pk)
        .first()
    )
    if initiative is None:
        raise Http404("No such initiative")
    return initiative


def get_initiative_for_change(user: Any, programme: Programme, pk: int) -> Initiative:
    """The same initiative for a form (no prefetches: the form reads what it needs)."""
    queryset = visible_initiatives(user, Initiative.objects.filter(programme=programme))
    initiative = queryset.select_related("lead_authority", "country").filter(pk=pk).first()
    if initiative is None:
        raise Http404("No such initiative")
    return initiative


@dataclass(frozen=True)
class StatusChange:
    when: Any
    status: str
    label: str
    who: str
    reason: str


def status_history(initiative: Initiative) -> list[StatusChange]:
    """Each change of status, oldest first, from the record's history (one query)."""
    rows = (
        initiative.history.order_by("history_date", "history_id")
        .values_list("history_date", "status", "history_user__full_name", "history_change_reason")
        .iterator()
    )
    labels = dict(Initiative.Status.choices)
    changes: list[StatusChange] = []
    previous = None
    for when, status, who, reason in rows:
        if status != previous:
            changes.append(
                StatusChange(when, status, str(labels.get(status, status)), who or "", reason or "")
            )
            previous = status
    return changes
