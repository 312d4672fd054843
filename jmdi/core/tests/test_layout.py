"""What every page shares: the navigation marks where the reader is, the footer carries
the donors' acknowledgement and the links about the platform, and the privacy and help
pages are there for anyone, signed in or not."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.test import Client

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("programme_once_per_module")]


class Links(HTMLParser):
    """The links inside the first element whose class list holds `container_class`:
    (href, text, aria-current) in page order."""

    def __init__(self, container_class: str) -> None:
        super().__init__(convert_charrefs=True)
        self.container_class = container_class
        self.links: list[tuple[str, str, str | None]] = []
        self._depth = 0  # elements open inside the container (0: outside it)
        self._link: tuple[str, str | None] | None = None
        self._text: list[str] = []
        self._done = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if self._depth:
            self._depth += 1
        elif not self._done and self.container_class in (values.get("class") or "").split():
            self._depth = 1
        if self._depth and tag == "a":
            self._link = (values.get("href") or "", values.get("aria-current"))
            self._text = []

    def handle_endtag(self, tag: str) -> None:
        if self._depth and tag == "a" and self._link is not None:
            href, current = self._link
            self.links.append((href, " ".join("".join(self._text).split()), current))
            self._link = None
        if self._depth:
            self._depth -= 1
            if not self._depth:
                self._done = True

    def handle_data(self, data: str) -> None:
        if self._link is not None:
            self._text.append(data)


def links_in(body: str, container_class: str) -> list[tuple[str, str, str | None]]:
    parser = Links(container_class)
    parser.feed(body)
    parser.close()
    return parser.links


def test_the_link_reader_finds_links_their_text_and_current_marks():
    body = (
        '<nav class="other"><a href="/x/">X</a></nav>'
        '<nav class="site-nav" aria-label="Main"><ul><li><a href="/">Home</a></li>'
        '<li><a href="/b/" aria-current="page"> Budget <span>now</span></a></li></ul></nav>'
        '<a href="/after/">After</a>'
    )
    assert links_in(body, "site-nav") == [("/", "Home", None), ("/b/", "Budget now", "page")]


# Every page with a navigation item, and the item it must mark (as the PMU, who sees all).
CURRENT_ITEM = {
    "/": "Home",
    "/programmes/jmdi-2/": "Programme",
    "/programmes/jmdi-2/results/": "Results framework",
    "/programmes/jmdi-2/results/?country=MA": "Results framework",
    "/programmes/jmdi-2/work-plan/": "Work plan",
    "/programmes/jmdi-2/budget/": "Budget",
    "/programmes/jmdi-2/risks/": "Risks",
    "/directory/countries/": "Directory",
    "/directory/countries/MA/": "Directory",
    "/directory/countries/MA/contacts/": "Directory",
    "/people/": "People and roles",
    "/people/add/": "People and roles",
    "/programmes/jmdi-2/dashboard/": "Dashboard",
    "/programmes/jmdi-2/values/review/": "Dashboard",
    "/programmes/jmdi-2/budget/execution/": "Budget",
    "/programmes/jmdi-2/work-plan/tracking/": "Monitoring",
    "/programmes/jmdi-2/risk-log/": "Monitoring",
    "/programmes/jmdi-2/issues/": "Monitoring",
    "/programmes/jmdi-2/lessons/": "Monitoring",
    "/programmes/jmdi-2/monitoring-schedule/": "Monitoring",
    "/programmes/jmdi-2/committees/": "Committees",
    "/programmes/jmdi-2/decisions/": "Committees",
    "/programmes/jmdi-2/reports/": "Reports",
}


@pytest.mark.parametrize(("path", "label"), list(CURRENT_ITEM.items()))
def test_the_navigation_marks_the_current_page_and_only_it(client_as, path, label):
    body = client_as("pmu").get(path).content.decode()
    links = links_in(body, "site-nav")
    assert len(links) >= 7, links
    marked = [(text, current) for _href, text, current in links if current is not None]
    assert marked == [(label, "page")], f"{path}: marked {marked}, expected only {label!r}"


#: Pages of a group of the navigation: its tabs, and the one marked current.
TABS = {
    "/programmes/jmdi-2/selection/": (
        "Initiatives and grants",
        ["Initiatives", "Selection", "Project documents", "Grants", "Project follow-up"],
        "Selection",
    ),
    "/programmes/jmdi-2/followup/overdue/": (
        "Initiatives and grants",
        ["Initiatives", "Selection", "Project documents", "Grants", "Project follow-up"],
        "Project follow-up",
    ),
    "/directory/organisations/": ("Directory", ["Countries", "Organisations"], "Organisations"),
    "/programmes/jmdi-2/budget/": ("Budget", ["Budget", "Budget execution"], "Budget"),
}


@pytest.mark.parametrize("path", list(TABS))
def test_a_group_of_the_navigation_is_one_item_with_its_pages_as_tabs(client_as, path):
    group, tabs, current = TABS[path]
    body = client_as("pmu").get(path).content.decode()
    marked = [text for _href, text, is_current in links_in(body, "site-nav") if is_current]
    assert marked == [group]
    assert f'<nav class="section-tabs" aria-label="{group}">' in body
    links = links_in(body, "section-tabs")
    assert [text for _href, text, _current in links] == tabs
    assert [text for _href, text, is_current in links if is_current] == [current]


def test_a_group_shows_only_the_tabs_the_person_may_open(client_as):
    body = client_as("grantee").get("/programmes/jmdi-2/grants/").content.decode()
    assert [text for _h, text, _c in links_in(body, "section-tabs")] == [
        "Initiatives",
        "Project documents",
        "Grants",
        "Project follow-up",
    ]
    nav = [text for _h, text, _c in links_in(body, "site-nav")]
    assert "Initiatives and grants" in nav
    assert "Grants" not in nav


def test_pages_outside_any_group_have_no_tabs(client_as):
    body = client_as("pmu").get("/programmes/jmdi-2/risks/").content.decode()
    assert "section-tabs" not in body


@pytest.mark.parametrize("path", ["/accounts/email/", "/privacy/", "/help/"])
def test_pages_outside_the_navigation_mark_no_item(client_as, path):
    body = client_as("pmu").get(path).content.decode()
    links = links_in(body, "site-nav")
    assert links, "the navigation is on the page"
    assert [text for _href, text, current in links if current] == []


def test_every_page_acknowledges_both_donors_and_links_contact_privacy_and_help(client_as):
    for client, path in (
        (Client(), "/"),
        (Client(), "/accounts/login/"),
        (client_as("pmu"), "/people/"),
        (Client(), "/no-such-page/"),
    ):
        body = client.get(path).content.decode()
        footer = body.split('<footer class="site-footer">', 1)[1]
        assert "funded by the European Union and the Swiss Development Cooperation" in footer
        assert links_in(body, "site-footer__links") == [
            ("/help/#contact", "Contact", None),
            ("/privacy/", "Privacy", None),
            ("/help/", "Help", None),
        ], path


@pytest.mark.parametrize("path", ["/privacy/", "/help/"])
def test_privacy_and_help_are_public_and_give_the_configured_contact_address(
    client, settings, path
):
    settings.JMDI_CONTACT_EMAIL = "pmu.desk@example.org"
    response = client.get(path)
    assert response.status_code == 200
    assert 'href="mailto:pmu.desk@example.org"' in response.content.decode()


def test_the_privacy_page_states_the_session_length_the_settings_enforce(client, settings):
    settings.SESSION_COOKIE_AGE = 3 * 24 * 3600
    body = client.get("/privacy/").content.decode()
    assert "on that device for 3 days" in body


@pytest.mark.parametrize(
    ("language", "heading"),
    [("fr", "Confidentialité"), ("es", "Privacidad"), ("ar", "الخصوصية")],
)
def test_the_privacy_page_is_translated(client, language, heading):
    client.cookies["jmdi_language"] = language
    body = client.get("/privacy/").content.decode()
    assert f"<h1>{heading}</h1>" in body
