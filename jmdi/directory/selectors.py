"""Reads of the directory, filtered by what the reader may see."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.base_user import AbstractBaseUser as User
from django.contrib.auth.models import AnonymousUser
from django.db.models import Case, Count, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.http import Http404

from jmdi.core.i18n import active_language
from jmdi.core.roles import Role
from jmdi.core.scopes import scopes_of
from jmdi.directory import permissions
from jmdi.directory.collation import sort_key
from jmdi.directory.models import ORGANISATION_ORDER, Contact, Country, Organisation
from jmdi.directory.names import SIMILARITY, name_key, name_stem, similarity

#: At most this many organisations sharing a key's first letters are compared.
MAX_CANDIDATES = 300


def in_name_order(countries: Iterable[Country]) -> list[Country]:
    """Countries by their name in the reader's language ("Équateur" among the E's in
    French). The names are django-countries' translations, not columns, so the sort is
    done here, on a list that is never longer than the world's countries."""
    language = active_language()
    return sorted(countries, key=lambda country: sort_key(country.name, language))


def countries_visible_to(user: User | AnonymousUser) -> list[Country]:
    """The countries a person may browse, by name in the reader's language (one query)."""
    return in_name_order(_countries_with_counts(user))


def _count_per_country(organisations: QuerySet[Organisation]) -> Subquery:
    return Subquery(
        organisations.filter(country=OuterRef("pk"))
        .order_by()
        .values("country")
        .annotate(n=Count("pk"))
        .values("n")
    )


def _countries_with_counts(user: User | AnonymousUser) -> QuerySet[Country]:
    return (
        Country.objects.filter(permissions.countries_q(user))
        .select_related("region")
        # A correlated count per country uses the (country, kind) index; a join and
        # GROUP BY over every organisation took 80 ms at 30,000 organisations. Merged
        # records are counted apart and taken off (the merged_into index finds the few
        # there are): filtering them out of the first count reads every row, 0.5 s.
        .annotate(
            organisation_count=Coalesce(_count_per_country(Organisation.objects.all()), 0)
            - Coalesce(
                _count_per_country(Organisation.objects.filter(merged_into__isnull=False)), 0
            )
        )
        .order_by("code")
    )


def countries_to_filter_by(user: User | AnonymousUser) -> list[Country]:
    """The countries a person may browse, without counts: the choices of a filter."""
    return in_name_order(Country.objects.filter(permissions.countries_q(user)).order_by("code"))


def get_country(code: str) -> Country:
    country = Country.objects.select_related("region").filter(code=code.upper()).first()
    if country is None:
        raise Http404("No such country")
    return country


def similar_organisations(
    country: Country, name: str, exclude: Organisation | None = None
) -> list[Organisation]:
    """The organisations of `country` (not merged away) whose name is the same as `name`
    or very like it once reduced to a key (see names.py), most alike first. One query on
    the (country, stem) index; the similarity is computed over at most MAX_CANDIDATES
    rows, the exact matches first, so the cost does not grow with the directory."""
    key = name_key(name)
    if not key:
        return []
    candidates = (
        Organisation.objects.active()
        .filter(country=country, name_stem=name_stem(key))
        .annotate(
            exact=Case(When(name_key=key, then=Value(0)), default=Value(1)),
        )
        .order_by("exact", "pk")
    )
    if exclude is not None and exclude.pk is not None:
        candidates = candidates.exclude(pk=exclude.pk)
    scored = [(similarity(key, org.name_key), org) for org in candidates[:MAX_CANDIDATES]]
    return [
        org for score, org in sorted(scored, key=lambda p: (-p[0], p[1].pk)) if score >= SIMILARITY
    ]


def organisations_in(country: Country) -> QuerySet[Organisation]:
    """A country's organisations by name (accents and case considered, on an index)."""
    return (
        Organisation.objects.active()
        .filter(country=country)
        .select_related("area")
        .order_by(*ORGANISATION_ORDER)
    )


def contacts_visible_to(user: User | AnonymousUser, country: Country) -> QuerySet[Contact]:
    return (
        Contact.objects.filter(permissions.contacts_q(user), organisation__country=country)
        .select_related("organisation")
        .order_by("full_name")
    )


def first_country_code() -> str | None:
    code = Country.objects.order_by("code").values_list("code", flat=True).first()
    return str(code) if code else None


def home_countries_of(user: User | AnonymousUser) -> list[Country]:
    """The countries a focal point or reviewer works in, with what the directory holds
    there (one query): their home page panel."""
    scopes = scopes_of(user)
    codes = scopes.countries_for(Role.FOCAL_POINT) | scopes.countries_for(Role.REVIEWER)
    if not codes:
        return []
    contacts = (
        Contact.objects.filter(organisation__country=OuterRef("pk"))
        .order_by()
        .values("organisation__country")
        .annotate(n=Count("pk"))
        .values("n")
    )
    countries = in_name_order(
        _countries_with_counts(user)
        .filter(code__in=sorted(codes))
        .annotate(contact_count=Coalesce(Subquery(contacts), 0))
    )
    for country in countries:
        country.can_view_contacts = permissions.can_view_contacts(user, str(country.code))  # type: ignore[attr-defined]
    return countries


def home_organisations_of(user: User | AnonymousUser) -> list[Organisation]:
    """The organisations a grantee belongs to (one query)."""
    ids = scopes_of(user).organisations_for(Role.GRANTEE)
    if not ids:
        return []
    return list(Organisation.objects.filter(pk__in=sorted(ids)).select_related("country", "area"))


def organisation_list(
    user: User | AnonymousUser,
    *,
    country: str = "",
    kind: str = "",
    setting: str = "",
    q: str = "",
) -> QuerySet[Organisation]:
    """The organisations a person may browse (not merged away), filtered, in name order."""
    organisations = (
        Organisation.objects.active()
        .filter(permissions.organisations_q(user))
        .select_related("country", "area")
    )
    if country:
        organisations = organisations.filter(country__code=country.upper())
    if kind:
        organisations = organisations.filter(kind=kind)
    if setting:
        organisations = organisations.filter(setting=setting)
    text = q.strip()
    if text:
        key = name_key(text)
        match = Q(acronym__icontains=text) | Q(name__icontains=text)
        if key:
            match |= Q(name_key__contains=key)
        organisations = organisations.filter(match)
    return organisations.order_by(*ORGANISATION_ORDER)


def get_organisation(pk: int) -> Organisation:
    organisation = (
        Organisation.objects.select_related("country", "area", "merged_into").filter(pk=pk).first()
    )
    if organisation is None:
        raise Http404("No such organisation")
    return organisation


def organisation_contacts(organisation: Organisation) -> list[Contact]:
    return list(organisation.contacts.order_by("full_name", "pk"))


def merge_candidates(keep: Organisation) -> list[Organisation]:
    """Likely duplicates of `keep`, for the merge page (same country, similar name)."""
    if keep.country is None:
        return []
    return similar_organisations(keep.country, keep.name, exclude=keep)
