"""Reads of the directory, filtered by what the reader may see."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from jmdi.accounts.models import User
from jmdi.directory import permissions
from jmdi.directory.models import Contact, Country, Organisation


def countries_visible_to(user: User | AnonymousUser) -> QuerySet[Country]:
    return (
        Country.objects.filter(permissions.countries_q(user))
        .select_related("region")
        # A correlated count per country uses the (country, kind) index; a join and
        # GROUP BY over every organisation took 80 ms at 30,000 organisations.
        .annotate(
            organisation_count=Coalesce(
                Subquery(
                    Organisation.objects.filter(country=OuterRef("pk"))
                    .order_by()
                    .values("country")
                    .annotate(n=Count("pk"))
                    .values("n")
                ),
                0,
            )
        )
        .order_by("code")
    )


def get_country(code: str) -> Country:
    country = Country.objects.select_related("region").filter(code=code.upper()).first()
    if country is None:
        raise Http404("No such country")
    return country


def organisations_in(country: Country) -> QuerySet[Organisation]:
    return Organisation.objects.filter(country=country).select_related("area").order_by("name")


def contacts_visible_to(user: User | AnonymousUser, country: Country) -> QuerySet[Contact]:
    return (
        Contact.objects.filter(permissions.contacts_q(user), organisation__country=country)
        .select_related("organisation")
        .order_by("full_name")
    )
