"""What the accounts app adds: the scopes every permission reads, the people pages in
the navigation, the roles panel of the home page, demo logins and synthetic people."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jmdi.accounts import demo, permissions, selectors
from jmdi.core.plugins import (
    BenchmarkPage,
    DemoStep,
    GeneratorStep,
    HomePanel,
    NavEntry,
    Plugin,
)


def _roles_panel(request: HttpRequest) -> dict[str, Any] | None:
    if not request.user.is_authenticated:
        return None
    return {"assignments": list(selectors.active_roles_of(request.user))}


def _people_panel(request: HttpRequest) -> dict[str, Any] | None:
    if not permissions.can_manage_roles(request.user):
        return None
    return selectors.people_summary()


def _a_person() -> str:
    person = selectors.first_person_id()
    return reverse("accounts:person", args=[person]) if person else reverse("accounts:people")


PLUGIN = Plugin(
    scopes_loader=selectors.load_scopes,
    benchmark_user=demo.benchmark_user,
    nav=[
        NavEntry(
            _("People and roles"),
            lambda: reverse("accounts:people"),
            permissions.can_manage_roles,
            order=80,
        )
    ],
    home_panels=[
        HomePanel("people", "accounts/panels/people.html", _people_panel, 30),
        HomePanel("my-roles", "accounts/panels/my_roles.html", _roles_panel, 90),
    ],
    demo_steps=[DemoStep("logins", demo.demo_step)],
    generator_steps=[
        GeneratorStep(
            "people",
            demo.generator_step,
            sizes={"small": {"people": 2_000}, "large": {"people": 100_000}},
        )
    ],
    benchmark_pages=[
        BenchmarkPage("people", lambda: reverse("accounts:people")),
        BenchmarkPage("person", _a_person),
    ],
)
