"""What the registry adds: "Initiatives" in the navigation of those who read it, the
measures of initiatives mapped, selected and funded, its demo and synthetic data, and
benchmark pages (the list, filtered, and one initiative)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jmdi.core.plugins import BenchmarkPage, DemoStep, GeneratorStep, NavEntry, Plugin
from jmdi.initiatives import demo, permissions
from jmdi.initiatives.measures import MEASURES
from jmdi.initiatives.models import Initiative


def _list(query: str = "") -> Callable[[], str]:
    return lambda: reverse("initiatives:list", args=[settings.JMDI_DEFAULT_PROGRAMME]) + query


def _detail() -> str:
    """The newest initiative of the registry (one query, by primary key)."""
    pk = (
        Initiative.objects.filter(programme__code=settings.JMDI_DEFAULT_PROGRAMME)
        .order_by("pk")
        .values_list("pk", flat=True)
        .last()
    )
    return reverse("initiatives:detail", args=[settings.JMDI_DEFAULT_PROGRAMME, pk or 0])


PLUGIN = Plugin(
    nav=[
        NavEntry(
            _("Initiatives"),
            _list(),
            permissions.can_view_registry,
            order=64,
            group=_("Initiatives and grants"),
        )
    ],
    measures=MEASURES,
    demo_steps=[DemoStep("initiatives", demo.demo_step)],
    generator_steps=[GeneratorStep("initiatives", demo.generator_step, sizes=demo.SIZES)],
    benchmark_pages=[
        BenchmarkPage("initiatives", _list(), default=True),
        BenchmarkPage(
            "initiatives-filtered",
            _list("?country=MA&status=mapped&theme=remittances&sort=-budget"),
            default=True,
        ),
        BenchmarkPage("initiatives-search", _list("?q=migra&published=yes")),
        BenchmarkPage("initiative", _detail, default=True),
    ],
)
