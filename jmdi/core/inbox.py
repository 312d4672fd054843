"""What is waiting for me: the tasks every app leaves for a person, in one place.

Apps declare the kinds of task they create (`Plugin.inbox`, see jmdi.core.plugins); this
module asks each of them, for one person, how many wait and which come first. Core knows
none of them by name. The navigation links to the inbox for whoever some kind of task
concerns (asked of each source without a query, on every page); the number waiting is
fetched by the link itself once the page has loaded (htmx, `count` below), so no page pays
for the counts, and the inbox page shows them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jmdi.core.plugins import InboxItem, InboxSource, inbox_sources

#: How many tasks of each kind the inbox page lists before pointing to the app's page.
ITEMS_PER_KIND = 10

_CACHE_ATTRIBUTE = "_jmdi_inbox_counts"


@dataclass(frozen=True)
class Waiting:
    source: InboxSource
    count: int
    items: tuple[InboxItem, ...] = ()
    more_url: str | None = None


def sources_for(user: Any) -> list[InboxSource]:
    """The kinds of task that can reach `user`; no query."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    return [source for source in inbox_sources() if source.concerns(user)]


def counts(user: Any) -> list[tuple[InboxSource, int]]:
    """(source, count) for each kind of task that concerns `user`, zeros included; read
    once per request and kept on the user object, like the scopes."""
    cached: list[tuple[InboxSource, int]] | None = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    found = [(source, source.count(user)) for source in sources_for(user)]
    if user is not None:
        setattr(user, _CACHE_ATTRIBUTE, found)
    return found


def concerns(user: Any) -> bool:
    """Whether any kind of task can reach this person (the navigation shows the inbox)."""
    return bool(sources_for(user))


def total(user: Any) -> int:
    return sum(count for _source, count in counts(user))


def waiting_for(user: Any, limit: int = ITEMS_PER_KIND) -> list[Waiting]:
    """The kinds of task waiting for `user` with their first items; kinds with nothing
    waiting are left out."""
    return [
        Waiting(
            source,
            count,
            tuple(source.items(user, limit)),
            source.more(user) if source.more is not None and count > limit else None,
        )
        for source, count in counts(user)
        if count
    ]
