"""The one way an app plugs into the layers below it.

An app that has something to add to the platform's shared surfaces declares it in its
own `plugin.py`, as `PLUGIN = Plugin(...)`:

- `nav`: entries of the main navigation, each with the permission that shows it;
- `home_panels`: panels of the home page, each deciding for whom it has something;
- `demo_steps` and `generator_steps`: its part of `loaddemo` and `generatedata`;
- `benchmark_pages`: pages `benchmark` can time;
- `measures`: the indicator measures it computes (the results framework reads them);
- `report_sections`: its sections of the progress reports (jmdi.core.reports);
- `inbox`: the kinds of task it leaves waiting for a person (jmdi.core.inbox);
- `net_sections`: its tabs in the M4D Net's own navigation (the public community site);
- `member_data`: what it holds about a person, for the member's data download;
- `profile_panels`: panels of a member's public page (for example "peers you could
  partner with"), each deciding from the member's user whether it has something;
- `scopes_loader` / `benchmark_user`: provided by the app that stores role assignments.

Core finds these modules by name, in the order of INSTALLED_APPS (which is the order of
the layers), and never imports an app above it; an app may import only from apps below
it (`make lint` checks this with import-linter).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import import_module
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.utils.module_loading import module_has_submodule

if TYPE_CHECKING:
    from django.http import HttpRequest
    from django.utils.functional import _StrOrPromise as StrOrPromise

    from jmdi.core.scopes import Scopes


def _always(user: Any) -> bool:
    return True


def _no_more() -> Sequence[str]:
    return ()


@dataclass(frozen=True)
class NavEntry:
    """A link of the main navigation. `url` is called per request (URLs are reversed late).

    `section` gives the other paths whose pages belong to this entry (the issue log
    belongs to "Monitoring", whose link opens the work-plan tracking): the entry is marked
    as the current page on them too, the longest matching path winning.

    Entries that name the same `group` show as one item of the main navigation, labelled
    with the group and opening the first of them the person may open; on their pages the
    group's entries appear as tabs (the chain from a mapped initiative to money is five
    apps but one place for the people who work on it)."""

    label: StrOrPromise
    url: Callable[[], str]
    visible: Callable[[Any], bool] = _always
    order: int = 100
    section: Callable[[], Sequence[str]] = _no_more
    group: StrOrPromise = ""


@dataclass(frozen=True)
class HomePanel:
    """A panel of the home page: `context(request)` returns what `template` shows, or
    None when the panel has nothing for this person. Panels receive data, never query in
    the template, and each costs a fixed number of queries."""

    name: str
    template: str
    context: Callable[[HttpRequest], dict[str, Any] | None]
    order: int = 100


@dataclass(frozen=True)
class ProfilePanel:
    """A panel of an M4D Net member's page: `context(request, member)` gets the viewer's
    request and the member's user, and returns what `template` shows, or None."""

    name: str
    template: str
    context: Callable[[HttpRequest, Any], dict[str, Any] | None]
    order: int = 100


@dataclass
class DemoLogin:
    role: str
    email: str
    scope: str = ""


@dataclass
class DemoContext:
    """Shared by the demo steps of every app, in layer order."""

    password: str
    say: Callable[[str], None]
    logins: list[DemoLogin] = field(default_factory=list)


@dataclass(frozen=True)
class DemoStep:
    name: str
    run: Callable[[DemoContext], None]


@dataclass
class GeneratorContext:
    scale: str
    rng: random.Random
    progress: Callable[[str], None]
    #: How many of each thing to write at this scale, from every step's `sizes`.
    sizes: dict[str, int] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def marker(self) -> str:
        """Written into synthetic records, so a second run at a scale adds nothing."""
        return f"synthetic-{self.scale}"


@dataclass(frozen=True)
class GeneratorStep:
    """Writes this app's synthetic records, deterministically from `context.rng`, sized
    by `context.sizes`, and adds what it wrote to `context.counts`. Records of the layers
    below are already written when it runs."""

    name: str
    run: Callable[[GeneratorContext], None]
    #: {"small": {...}, "large": {...}}: what the step writes at each scale.
    sizes: dict[str, dict[str, int]] = field(default_factory=dict)


@dataclass(frozen=True)
class BenchmarkPage:
    """A page `benchmark` times. With `form`, each timed request is a POST of that data
    (an action such as asking for a report), answered by a redirect."""

    name: str
    path: Callable[[], str]
    default: bool = False
    form: Callable[[], dict[str, str]] | None = None


@dataclass(frozen=True)
class InboxItem:
    """One thing waiting for someone: what it is, where to act on it, and by when."""

    title: str
    url: str
    detail: str = ""
    due: dt.date | None = None
    overdue: bool = False


@dataclass(frozen=True)
class InboxSource:
    """A kind of task an app leaves waiting for people (scores to submit, reports to
    review). `concerns(user)` says, without a query, whether this kind of task can ever
    reach that person (the navigation asks it on every page); `count(user)` how many wait;
    `items` gives the first `limit` of them, oldest or most urgent first; `more` is the
    app's own page listing them all."""

    kind: str
    label: StrOrPromise
    concerns: Callable[[Any], bool]
    count: Callable[[Any], int]
    items: Callable[[Any, int], Sequence[InboxItem]]
    more: Callable[[Any], str] | None = None
    order: int = 100


@dataclass(frozen=True)
class Plugin:
    nav: Sequence[NavEntry] = ()
    home_panels: Sequence[HomePanel] = ()
    demo_steps: Sequence[DemoStep] = ()
    generator_steps: Sequence[GeneratorStep] = ()
    benchmark_pages: Sequence[BenchmarkPage] = ()
    measures: Sequence[Any] = ()
    #: Sections of the programme's reports (jmdi.core.reports.SectionProvider).
    report_sections: Sequence[Any] = ()
    inbox: Sequence[InboxSource] = ()
    #: Tabs of the M4D Net's navigation (jmdi.community's pages show them).
    net_sections: Sequence[NavEntry] = ()
    profile_panels: Sequence[ProfilePanel] = ()
    #: (section name, function(user) -> JSON-able data) for a member's data download.
    member_data: Sequence[tuple[str, Callable[[Any], Any]]] = ()
    scopes_loader: Callable[[Any], Scopes] | None = None
    benchmark_user: Callable[[str], Any] | None = None


@cache
def plugins() -> tuple[tuple[str, Plugin], ...]:
    """(app label, plugin) for every installed app that has a `plugin.py`, in layer order."""
    found = []
    for config in apps.get_app_configs():
        if config.module is not None and module_has_submodule(config.module, "plugin"):
            module = import_module(f"{config.name}.plugin")
            plugin = getattr(module, "PLUGIN", None)
            if not isinstance(plugin, Plugin):
                raise TypeError(f"{config.name}.plugin must define PLUGIN = Plugin(...)")
            found.append((config.label, plugin))
    return tuple(found)


def _each(attribute: str) -> Iterator[Any]:
    for _label, plugin in plugins():
        yield from getattr(plugin, attribute)


def nav_entries() -> list[NavEntry]:
    return sorted(_each("nav"), key=lambda entry: entry.order)


def home_panels() -> list[HomePanel]:
    return sorted(_each("home_panels"), key=lambda panel: panel.order)


def demo_steps() -> list[DemoStep]:
    return list(_each("demo_steps"))


def generator_steps() -> list[GeneratorStep]:
    return list(_each("generator_steps"))


def benchmark_pages() -> dict[str, BenchmarkPage]:
    return {page.name: page for page in _each("benchmark_pages")}


def measures() -> list[Any]:
    return list(_each("measures"))


def report_sections() -> list[Any]:
    return sorted(_each("report_sections"), key=lambda provider: provider.order)


def inbox_sources() -> list[InboxSource]:
    return sorted(_each("inbox"), key=lambda source: source.order)


def net_sections() -> list[NavEntry]:
    return sorted(_each("net_sections"), key=lambda entry: entry.order)


def profile_panels() -> list[ProfilePanel]:
    return sorted(_each("profile_panels"), key=lambda panel: panel.order)


def member_data() -> list[tuple[str, Callable[[Any], Any]]]:
    return list(_each("member_data"))


def _single(attribute: str) -> Any:
    providers = [getattr(p, attribute) for _l, p in plugins() if getattr(p, attribute)]
    if len(providers) != 1:
        raise LookupError(
            f"Exactly one installed app must provide {attribute}; found {len(providers)}."
        )
    return providers[0]


def scopes_loader() -> Callable[[Any], Scopes]:
    loader: Callable[[Any], Scopes] = _single("scopes_loader")
    return loader


def benchmark_user(role: str) -> Any:
    return _single("benchmark_user")(role)
