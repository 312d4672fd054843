"""Reading the project database: the published initiatives, searched, filtered and counted
by facet, a project's similar initiatives and the peers its local authority could partner
with. Every function costs a fixed number of queries, whatever the number of records."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from jmdi.directory.models import Organisation
from jmdi.initiatives.models import GenderDimension, Initiative, InitiativePartner, Theme
from jmdi.projectdb.indexing import KIND
from jmdi.search import semantic
from jmdi.search import services as search

#: The partnership types a project may show (facet "partnership").
PARTNERSHIPS = {
    "south_south": _("South-South"),
    "origin_destination": _("Origin and destination"),
    "local": _("Local partnership"),
}

#: At most this many of the best matches of a query are shown and counted by facet.
MATCH_LIMIT = 500

SORTS = {
    "relevance": _("Relevance"),
    "title": _("Title"),
    "newest": _("Newest first"),
    "country": _("Country"),
}


def published() -> QuerySet[Initiative]:
    return Initiative.objects.filter(published=True)


def _destination_exists() -> Exists:
    through = Initiative.destination_countries.through
    return Exists(through.objects.filter(initiative_id=OuterRef("pk")))


@dataclass
class Filters:
    query: str = ""
    countries: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    partner_kinds: list[str] = field(default_factory=list)
    gender: list[str] = field(default_factory=list)
    partnerships: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    sort: str = "relevance"

    @property
    def any(self) -> bool:
        return bool(
            self.query
            or self.countries
            or self.regions
            or self.themes
            or self.partner_kinds
            or self.gender
            or self.partnerships
            or self.statuses
        )


def _partnership_q(values: list[str]) -> Q:
    q = Q()
    if "south_south" in values:
        q |= Q(south_south=True)
    if "origin_destination" in values:
        q |= Q(_destination_exists())
    if "local" in values:
        q |= Q(south_south=False) & ~Q(_destination_exists())
    return q


def _filtered(queryset: QuerySet[Initiative], filters: Filters, *, skip: str = "") -> Any:
    if filters.countries and skip != "country":
        queryset = queryset.filter(country__code__in=filters.countries)
    if filters.regions and skip != "region":
        queryset = queryset.filter(country__region__code__in=filters.regions)
    if filters.themes and skip != "theme":
        queryset = queryset.filter(themes__code__in=filters.themes)
    if filters.partner_kinds and skip != "partner_kind":
        queryset = queryset.filter(
            Exists(
                InitiativePartner.objects.filter(
                    initiative_id=OuterRef("pk"), organisation__kind__in=filters.partner_kinds
                )
            )
        )
    if filters.gender and skip != "gender":
        queryset = queryset.filter(gender_dimension__in=filters.gender)
    if filters.partnerships and skip != "partnership":
        queryset = queryset.filter(_partnership_q(filters.partnerships))
    if filters.statuses and skip != "status":
        queryset = queryset.filter(status__in=filters.statuses)
    return queryset


@dataclass
class Result:
    page_ids: list[int]
    total: int
    facets: dict[str, list[tuple[str, str, int]]]
    matched: list[int] | None  # the query's ranking, when there is a query


def search_projects(filters: Filters) -> tuple[QuerySet[Initiative], list[int] | None]:
    """The published initiatives for these filters, and the query's ranking (or None)."""
    base = published()
    ranking: list[int] | None = None
    if filters.query:
        ranking = search.search(kind=KIND, query=filters.query, limit=MATCH_LIMIT)
        base = base.filter(pk__in=ranking)
    return _filtered(base, filters).distinct(), ranking


def ordered_ids(queryset: QuerySet[Initiative], ranking: list[int] | None, sort: str) -> Any:
    """The result's ids in display order: by relevance (the query's ranking), or sorted."""
    if ranking is not None and sort == "relevance":
        wanted = set(queryset.values_list("pk", flat=True))
        return [pk for pk in ranking if pk in wanted]
    order = {
        "newest": ("-mapped_on", "-pk"),
        "country": ("country__code", "title", "pk"),
    }.get(sort, ("title", "pk"))
    return queryset.order_by(*order).values_list("pk", flat=True)


#: The browse page's facet counts (no query, no filter) are kept this long, or until an
#: initiative is indexed again: they are the same for every visitor.
BROWSE_FACETS_SECONDS = 300


def facet_counts(
    filters: Filters, ranking: list[int] | None
) -> dict[str, list[tuple[str, str, int]]]:
    """The counts of every facet (see `_facet_counts`); the unfiltered page's come from
    the cache, in the page's language, while the search index is unchanged."""
    if filters.any or ranking is not None:
        return _facet_counts(filters, ranking)
    from django.core.cache import cache
    from django.utils.translation import get_language

    key = f"projectdb:facets:{get_language()}:{semantic._version(KIND)[0]}"
    found = cache.get(key)
    if found is None:
        found = _facet_counts(filters, ranking)
        cache.set(key, found, timeout=BROWSE_FACETS_SECONDS)
    return found


def _facet_counts(
    filters: Filters, ranking: list[int] | None
) -> dict[str, list[tuple[str, str, int]]]:
    """For each facet, its values with the number of results each would give: counted
    with every other filter applied but not the facet's own (so a person can widen a
    choice as well as narrow it). Seven queries."""
    base = published()
    if ranking is not None:
        base = base.filter(pk__in=ranking)

    def counts(skip: str, group_by: str) -> dict[Any, int]:
        rows = (
            _filtered(base, filters, skip=skip)
            .order_by()
            .values(group_by)
            .annotate(n=Count("pk", distinct=True))
            .values_list(group_by, "n")
        )
        return {key: n for key, n in rows if key is not None}

    country = counts("country", "country__code")
    region = counts("region", "country__region__code")
    theme = counts("theme", "themes__code")
    partner = counts("partner_kind", "partners__organisation__kind")
    gender = counts("gender", "gender_dimension")
    status = counts("status", "status")
    partnership_base = _filtered(base, filters, skip="partnership").order_by()
    row = partnership_base.aggregate(
        n_south_south=Count("pk", filter=Q(south_south=True), distinct=True),
        n_origin_destination=Count("pk", filter=Q(_destination_exists()), distinct=True),
        n_local=Count("pk", filter=Q(south_south=False) & ~Q(_destination_exists()), distinct=True),
    )
    from django_countries import countries

    from jmdi.directory.models import WorldRegion

    country_names = {code: str(countries.name(code)) for code in country}
    region_names = {r.code: str(r.name) for r in WorldRegion.objects.filter(code__in=region)}
    theme_names = {t.code: str(t.name) for t in Theme.objects.filter(code__in=theme)}
    kinds = dict(Organisation.Kind.choices)
    genders = dict(GenderDimension.choices)
    statuses = dict(Initiative.Status.choices)

    def listed(found: dict[Any, int], names: dict[Any, Any]) -> list[tuple[str, str, int]]:
        items = [(str(key), str(names.get(key, key)), n) for key, n in found.items() if n]
        return sorted(items, key=lambda item: (-item[2], item[1]))

    return {
        "country": listed(country, country_names),
        "region": listed(region, region_names),
        "theme": listed(theme, theme_names),
        "partner_kind": listed(partner, kinds),
        "gender": listed({k: v for k, v in gender.items() if k}, genders),
        "partnership": [
            (key, str(label), row[f"n_{key}"])
            for key, label in PARTNERSHIPS.items()
            if row[f"n_{key}"]
        ],
        "status": listed(status, statuses),
    }


def page_of(ids: list[int]) -> list[Initiative]:
    """The initiatives of a page, in the given order, with what the list shows."""
    found = {
        i.pk: i
        for i in published()
        .filter(pk__in=ids)
        .select_related("lead_authority", "country")
        .prefetch_related("themes")
    }
    return [found[pk] for pk in ids if pk in found]


def get_project(pk: int) -> Initiative:
    try:
        return (
            published()
            .select_related("lead_authority", "country", "country__region", "area")
            .prefetch_related(
                "themes",
                "origin_countries",
                "destination_countries",
                "partners__organisation",
            )
            .get(pk=pk)
        )
    except Initiative.DoesNotExist as exc:
        raise Http404 from exc


def similar_projects(initiative: Initiative, limit: int = 5) -> list[Initiative]:
    """The published initiatives closest in meaning, in any language."""
    found = semantic.similar_to(KIND, initiative.pk, limit=limit, floor=semantic.RELEVANT)
    ids = [pk for pk, _score in found]
    return page_of(ids)


@dataclass
class Peer:
    organisation: Organisation
    country: Any
    shared_themes: list[str]
    initiative: Initiative
    pair: bool  # in a country of origin or destination of the project


def peers_for(
    *,
    themes: set[str],
    country_code: str,
    pair_countries: set[str],
    exclude_org: int | None,
    limit: int = 6,
) -> list[Peer]:
    """Other local authorities, in other countries, whose published initiatives work on
    the same themes: those of the project's countries of origin or destination first,
    then those sharing the most themes. Two queries."""
    if not themes:
        return []
    found = (
        published()
        .filter(themes__code__in=themes, lead_authority__kind=Organisation.Kind.LOCAL_AUTHORITY)
        .exclude(country__code=country_code)
        .exclude(lead_authority_id=exclude_org)
        .annotate(shared=Count("themes", filter=Q(themes__code__in=themes), distinct=True))
        .select_related("lead_authority", "country")
        .order_by("-shared", "-mapped_on", "pk")[: limit * 8]
    )
    candidates = list(found)
    theme_names = {t.code: str(t.name) for t in Theme.objects.filter(code__in=themes)}
    through = Initiative.themes.through
    shared_by: dict[int, list[str]] = {}
    for initiative_id, code in through.objects.filter(
        initiative_id__in=[c.pk for c in candidates], theme__code__in=themes
    ).values_list("initiative_id", "theme__code"):
        shared_by.setdefault(initiative_id, []).append(theme_names.get(code, code))
    peers: dict[int, Peer] = {}
    for initiative in candidates:
        if initiative.lead_authority_id in peers:
            continue
        peers[initiative.lead_authority_id] = Peer(
            organisation=initiative.lead_authority,
            country=initiative.country,
            shared_themes=sorted(shared_by.get(initiative.pk, [])),
            initiative=initiative,
            pair=initiative.country.code in pair_countries,
        )
    ranked = sorted(peers.values(), key=lambda p: (not p.pair, -len(p.shared_themes)))
    return ranked[:limit]


def peers_of_project(initiative: Initiative) -> list[Peer]:
    pairs = {c.code for c in initiative.origin_countries.all()} | {
        c.code for c in initiative.destination_countries.all()
    }
    return peers_for(
        themes={t.code for t in initiative.themes.all()},
        country_code=initiative.country.code,
        pair_countries=pairs,
        exclude_org=initiative.lead_authority_id,
    )
