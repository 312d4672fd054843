"""Waiting for me: the tasks apps leave for a person, counted in the navigation and listed
on one page; a kind of task that cannot concern someone costs them nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from jmdi.core import inbox
from jmdi.core.plugins import InboxItem, InboxSource
from jmdi.core.scopes import scopes_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("programme_once_per_module")]

CALLS: list[str] = []


def _pmu_only(user):
    return scopes_of(user).is_pmu


def _reviews_count(user):
    """Reports to review: a PMU task; 12 wait."""
    CALLS.append("count")
    return 12


def _reviews(user, limit):
    return [
        InboxItem(
            title=f"Report {n}",
            url=f"/reports/{n}/",
            detail="Commune de Tanger",
            due=dt.date(2026, 11, n),
            overdue=n < 3,
        )
        for n in range(1, 13)
    ][:limit]


def _scores_count(user):
    """Scores to submit: nothing waits, but the kind concerns the PMU."""
    return 0


REVIEWS = InboxSource(
    kind="test.reviews",
    label="Reports to review",
    concerns=_pmu_only,
    count=_reviews_count,
    items=_reviews,
    more=lambda user: "/reports/?waiting=me",
    order=1,
)
SCORES = InboxSource(
    kind="test.scores",
    label="Scores to submit",
    concerns=_pmu_only,
    count=_scores_count,
    items=lambda u, n: [],
)


@pytest.fixture(autouse=True)
def _sources(monkeypatch):
    monkeypatch.setattr(inbox, "inbox_sources", lambda: [REVIEWS, SCORES])
    CALLS.clear()


def test_the_navigation_counts_what_waits_and_the_page_lists_the_first_of_each_kind(client_as):
    html = client_as("pmu").get("/").content.decode()
    # The page itself counts nothing: the link fetches its badge once loaded.
    assert CALLS == []
    assert 'href="/inbox/">Waiting for me<span hx-get="/inbox/count/" hx-trigger="load"' in html
    badge = client_as("pmu").get("/inbox/count/").content.decode()
    assert '<span class="count-badge">12<span class="visually-hidden"> tasks waiting' in badge

    response = client_as("pmu").get("/inbox/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]
    assert "Reports to review" in page
    assert page.count('href="/reports/') == inbox.ITEMS_PER_KIND + 1  # ten, then "see all"
    assert "Report 10" in page
    assert "Report 11" not in page
    assert 'href="/reports/?waiting=me"' in page
    assert "See all 12 tasks" in page
    assert "Overdue since Nov. 1, 2026" in page
    assert "Due Nov. 5, 2026" in page
    # A kind with nothing waiting is left out; the navigation link is the current page.
    assert "Scores to submit" not in page
    assert 'href="/inbox/" aria-current="page"' in page


def test_each_kind_is_counted_once_per_request(client_as):
    client_as("pmu").get("/inbox/")
    assert CALLS == ["count"]


def test_nothing_waiting_shows_no_badge(client_as, monkeypatch):
    monkeypatch.setattr(inbox, "inbox_sources", lambda: [SCORES])
    assert client_as("pmu").get("/inbox/count/").content.decode().strip() == ""


@pytest.mark.parametrize("persona", ["member", "grantee", "focal_ma"])
def test_whom_no_kind_concerns_sees_no_inbox_in_the_navigation(client_as, persona):
    html = client_as(persona).get("/").content.decode()
    assert 'href="/inbox/"' not in html
    page = client_as(persona).get("/inbox/").content.decode()
    assert "Nothing is waiting for you." in page
    assert client_as(persona).get("/inbox/count/").content.decode().strip() == ""
    assert "Report 1" not in page


def test_the_inbox_is_behind_the_sign_in(client_as):
    for url in ("/inbox/", "/inbox/count/"):
        response = client_as("anonymous").get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
