"""Who may open which page: the whole access policy, in one table.

`ACCESS` below is the policy. Each row is a page, each column a persona (see conftest.py),
each cell what that persona gets:

    OK     200, the page
    NO     403, signed in but not allowed
    GONE   404, no such thing
    LOGIN  302 to the sign-in page (anonymous visitors, on pages that need an account)
    ADMIN  302 to the admin's own sign-in page (nobody here is staff)

A change of policy is a change of one cell; a test fails for every cell the code disagrees
with, named "<page> as <persona>".

Besides status codes, two things the table cannot say are checked below it: a contact's
personal data reaches only those allowed to see that country's contacts, and the
navigation offers each person exactly the links their roles open.
"""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.usefixtures("programme_once_per_module")

OK, NO, GONE = 200, 403, 404
LOGIN, ADMIN = "302 to sign-in", "302 to admin sign-in"

#: Column order of the table. focal_ma works in Morocco, focal_sn in Senegal, reviewer_ma
#: reviews for Morocco, grantee belongs to an organisation in Morocco.
COLUMNS = (
    "anonymous", "outsider", "member", "training_staff", "grantee",
    "reviewer_ma", "focal_ma", "focal_sn", "steering", "technical", "pmu",
)  # fmt: skip

P = "/programmes/jmdi-2"

# fmt: off
_TABLE: dict[str, tuple[object, ...]] = {
    #                                       anonym outsid member traini grante rev_ma foc_ma foc_sn steeri techni pmu
    "/":                                    (OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK),
    f"{P}/":                                (OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK),
    f"{P}/results/":                        (OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK),
    f"{P}/results/?country=MA":             (OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK),
    f"{P}/work-plan/":                      (OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK),
    f"{P}/budget/":                         (OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK),
    f"{P}/risks/":                          (LOGIN, NO,    NO,    NO,    NO,    OK,    OK,    OK,    OK,    OK,    OK),
    f"{P}/history/":                        (LOGIN, NO,    NO,    NO,    NO,    NO,    NO,    NO,    NO,    NO,    OK),
    "/people/":                             (LOGIN, NO,    NO,    NO,    NO,    NO,    NO,    NO,    NO,    NO,    OK),
    "/people/add/":                         (LOGIN, NO,    NO,    NO,    NO,    NO,    NO,    NO,    NO,    NO,    OK),
    "/people/{someone}/":                   (LOGIN, NO,    NO,    NO,    NO,    NO,    NO,    NO,    NO,    NO,    OK),
    "/directory/countries/":                (LOGIN, NO,    NO,    NO,    NO,    OK,    OK,    OK,    OK,    OK,    OK),
    # A reviewer sees their own country's organisations only; the others see them all.
    "/directory/countries/MA/":             (LOGIN, NO,    NO,    NO,    NO,    OK,    OK,    OK,    OK,    OK,    OK),
    "/directory/countries/SN/":             (LOGIN, NO,    NO,    NO,    NO,    NO,    OK,    OK,    OK,    OK,    OK),
    "/directory/countries/MA/contacts/":    (LOGIN, NO,    NO,    NO,    NO,    NO,    OK,    NO,    NO,    NO,    OK),
    "/directory/countries/SN/contacts/":    (LOGIN, NO,    NO,    NO,    NO,    NO,    NO,    OK,    NO,    NO,    OK),
    # Which countries the platform works in is public (the programme pages list them), so
    # an unknown code is a 404 for anyone signed in, before any permission check.
    "/directory/countries/ZZ/":             (LOGIN, GONE,  GONE,  GONE,  GONE,  GONE,  GONE,  GONE,  GONE,  GONE,  GONE),
    "/directory/countries/ZZ/contacts/":    (LOGIN, GONE,  GONE,  GONE,  GONE,  GONE,  GONE,  GONE,  GONE,  GONE,  GONE),
    "/directory/organisations/":            (LOGIN, NO,    NO,    NO,    NO,    OK,    OK,    OK,    OK,    OK,    OK),
    "/directory/organisations/new/":        (LOGIN, NO,    NO,    NO,    NO,    NO,    OK,    OK,    NO,    NO,    OK),
    # The chain from a mapped initiative to money: a grantee sees its own records only, a
    # reviewer only the rounds they are assigned to (none here), the PMU everything.
    f"{P}/initiatives/":                    (LOGIN, NO,    NO,    NO,    OK,    NO,    OK,    OK,    OK,    OK,    OK),
    f"{P}/initiatives/new/":                (LOGIN, NO,    NO,    NO,    NO,    NO,    OK,    OK,    NO,    NO,    OK),
    f"{P}/initiatives/import/":             (LOGIN, NO,    NO,    NO,    NO,    NO,    NO,    NO,    NO,    NO,    OK),
    f"{P}/initiatives/export.csv":          (LOGIN, NO,    NO,    NO,    NO,    NO,    OK,    OK,    OK,    OK,    OK),
    f"{P}/selection/":                      (LOGIN, NO,    NO,    NO,    NO,    NO,    OK,    OK,    OK,    NO,    OK),
    f"{P}/selection/new/":                  (LOGIN, NO,    NO,    NO,    NO,    NO,    NO,    NO,    NO,    NO,    OK),
    f"{P}/proposals/":                      (LOGIN, NO,    NO,    NO,    OK,    NO,    OK,    OK,    OK,    OK,    OK),
    f"{P}/grants/":                         (LOGIN, NO,    NO,    NO,    OK,    NO,    OK,    OK,    OK,    OK,    OK),
    f"{P}/grants/new/":                     (LOGIN, NO,    NO,    NO,    NO,    NO,    NO,    NO,    NO,    NO,    OK),
    f"{P}/followup/":                       (LOGIN, NO,    NO,    NO,    OK,    NO,    OK,    OK,    OK,    OK,    OK),
    f"{P}/followup/overdue/":               (LOGIN, NO,    NO,    NO,    NO,    NO,    OK,    OK,    NO,    NO,    OK),
    # The M4D Net is public.
    "/net/":                                (OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "/net/about/":                          (OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "/net/projects/":                       (OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "/net/projects/{project}/":             (OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK),
    # Posting anything needs a member profile or one of the platform's roles: the
    # outsider signed up and never joined.
    "/net/projects/suggest/":               (LOGIN, NO,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "/net/projects/suggestions/":           (LOGIN, NO,    NO,    NO,    NO,    NO,    NO,    NO,    NO,    NO,    OK),
    "/net/members/":                        (OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "/net/members/verify/":                 (LOGIN, NO,    NO,    NO,    NO,    NO,    NO,    NO,    NO,    NO,    OK),
    "/net/join/":                           (LOGIN, OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "/net/me/data/":                        (LOGIN, OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "/net/me/delete/":                      (LOGIN, OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "/net/resources/":                      (OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "/net/resources/propose/":              (LOGIN, NO,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "/net/resources/review/":               (LOGIN, NO,    NO,    NO,    NO,    NO,    NO,    NO,    NO,    NO,    OK),
    "/net/resources/editors/":              (LOGIN, NO,    NO,    NO,    NO,    NO,    NO,    NO,    NO,    NO,    OK),
    "/net/support/":                        (OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "/net/support/faq/":                    (OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "/net/support/mine/":                   (LOGIN, OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "/net/support/queue/":                  (LOGIN, NO,    NO,    NO,    NO,    NO,    NO,    NO,    NO,    NO,    OK),
    "/net/support/report/":                 (LOGIN, NO,    NO,    NO,    NO,    NO,    NO,    NO,    NO,    NO,    OK),
    "/net/support/referrals/":              (LOGIN, NO,    NO,    NO,    NO,    NO,    OK,    OK,    NO,    NO,    NO),
    "/net/discussions/":                    (OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "/net/discussions/moderation/":         (LOGIN, NO,    NO,    NO,    NO,    NO,    NO,    NO,    NO,    NO,    OK),
    "/net/discussions/moderation/log/":     (LOGIN, NO,    NO,    NO,    NO,    NO,    NO,    NO,    NO,    NO,    OK),
    "/net/events/":                         (OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "/net/events/feed.ics":                 (OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "/net/events/new/":                     (LOGIN, NO,    NO,    NO,    NO,    NO,    NO,    NO,    NO,    NO,    OK),
    # Proposing an event is a member's act: programme staff without a profile do not.
    "/net/events/propose/":                 (LOGIN, NO,    OK,    NO,    NO,    NO,    NO,    NO,    NO,    NO,    OK),
    f"{P}/reports/":                        (LOGIN, NO,    NO,    NO,    NO,    NO,    OK,    OK,    OK,    OK,    OK),
    # Everyone signed in has an inbox, empty or not; what it lists is each app's scope.
    "/inbox/":                              (LOGIN, OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "/health/":                             (OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK),
    "/admin/":                              (ADMIN, ADMIN, ADMIN, ADMIN, ADMIN, ADMIN, ADMIN, ADMIN, ADMIN, ADMIN, ADMIN),
}
# fmt: on

#: The policy: page -> {persona: expected}.
ACCESS: dict[str, dict[str, object]] = {
    page: dict(zip(COLUMNS, row, strict=True)) for page, row in _TABLE.items()
}

CASES = [(page, persona) for page in ACCESS for persona in COLUMNS]

MOROCCAN_CONTACT_EMAIL = "amina.benali@oujda-partenaires.example.ma"
SENEGALESE_CONTACT_EMAIL = "moussa.diop@thies-partenaires.example.sn"


@pytest.fixture
def directory_data(programme):
    """One organisation with one contact in Morocco and in Senegal."""
    from jmdi.directory.tests.factories import ContactFactory, OrganisationFactory

    oujda = OrganisationFactory(country__code="MA", name="Association Oujda Partenaires")
    ContactFactory(organisation=oujda, full_name="Amina Benali", email=MOROCCAN_CONTACT_EMAIL)
    thies = OrganisationFactory(country__code="SN", name="Thiès Partenaires")
    ContactFactory(organisation=thies, full_name="Moussa Diop", email=SENEGALESE_CONTACT_EMAIL)
    return oujda, thies


@pytest.fixture
def someone(programme):
    """A person for the /people/<id>/ page, created by the system."""
    from jmdi.accounts.services import create_person

    return create_person(actor=None, email="someone@example.org", full_name="Someone Else")


@pytest.fixture
def project(programme):
    """A published initiative, for the project database's page."""
    from jmdi.directory.models import Country
    from jmdi.initiatives.tests.factories import InitiativeFactory

    return InitiativeFactory(
        country=Country.objects.get(code="SN"), title="Guichet de la diaspora", published=True
    )


def _url(page: str, someone, project=None) -> str:
    return page.format(someone=someone.pk, project=project.pk if project else 0)


def _assert_outcome(response, expected: object, url: str) -> None:
    if expected == LOGIN:
        assert response.status_code == 302, response.status_code
        assert response["Location"].startswith("/accounts/login/?next="), response["Location"]
    elif expected == ADMIN:
        assert response.status_code == 302, response.status_code
        assert response["Location"].startswith("/admin/login/?next="), response["Location"]
    else:
        assert response.status_code == expected, (
            f"{url}: got {response.status_code}, expected {expected}"
        )


def test_the_table_covers_every_persona_of_the_suite():
    import conftest

    assert set(COLUMNS) == set(conftest.PERSONAS)


@pytest.mark.parametrize(
    ("page", "persona"), CASES, ids=[f"{page} as {persona}" for page, persona in CASES]
)
def test_access(client_as, directory_data, someone, project, page, persona):
    client = client_as(persona)
    url = _url(page, someone, project)
    _assert_outcome(client.get(url), ACCESS[page][persona], url)


# --- Personal data -----------------------------------------------------------------


def test_a_focal_point_sees_the_contacts_of_their_country(client_as, directory_data):
    response = client_as("focal_ma").get("/directory/countries/MA/contacts/")
    assert response.status_code == 200
    assert MOROCCAN_CONTACT_EMAIL in response.content.decode()
    assert SENEGALESE_CONTACT_EMAIL not in response.content.decode()


def test_no_page_the_other_countrys_focal_point_can_open_shows_a_moroccan_contact(
    client_as, directory_data, someone, project
):
    client = client_as("focal_sn")
    reachable = [
        _url(page, someone, project) for page, row in ACCESS.items() if row["focal_sn"] == OK
    ]
    assert "/directory/countries/MA/" in reachable  # the country page is reachable...
    for url in reachable:
        response = client.get(url)
        assert response.status_code == 200, url
        assert MOROCCAN_CONTACT_EMAIL not in response.content.decode(), url
        assert "Amina Benali" not in response.content.decode(), url


def test_the_country_page_lists_organisations_but_not_contacts(client_as, directory_data):
    response = client_as("focal_sn").get("/directory/countries/MA/")
    html = response.content.decode()
    assert "Association Oujda Partenaires" in html  # ...and shows the organisations
    assert MOROCCAN_CONTACT_EMAIL not in html
    assert "/directory/countries/MA/contacts/" not in html  # no link to a page they cannot open


def test_the_country_page_links_to_the_contacts_for_those_allowed(client_as, directory_data):
    html = client_as("focal_ma").get("/directory/countries/MA/").content.decode()
    assert 'href="/directory/countries/MA/contacts/"' in html
    assert MOROCCAN_CONTACT_EMAIL not in html  # contacts live on their own page only


# --- Navigation -----------------------------------------------------------------------

NAV_LINKS = {
    # nav label: the page it opens (a row of the table above)
    "Risks": f"{P}/risks/",
    "Countries": "/directory/countries/",
    "People and roles": "/people/",
    "Changes": f"{P}/history/",
    "Reports": f"{P}/reports/",
    "Organisations": "/directory/organisations/",
    "Initiatives": f"{P}/initiatives/",
    "Selection": f"{P}/selection/",
    "Project documents": f"{P}/proposals/",
    "Grants": f"{P}/grants/",
    "Project follow-up": f"{P}/followup/",
    "M4D Net": "/net/",
}


def _nav(html: str) -> str:
    match = re.search(r'<nav class="site-nav".*?</nav>', html, re.DOTALL)
    assert match, "no main navigation on the page"
    return match.group(0)


@pytest.mark.parametrize("persona", COLUMNS)
def test_the_navigation_offers_exactly_the_pages_the_role_opens(db, client_as, persona):
    """Every link the navigation offers, in the main bar or as a tab of a group of it."""
    from jmdi.core.context_processors import nav_items

    client = client_as(persona)
    nav = _nav(client.get("/").content.decode())
    user = client.get("/").wsgi_request.user
    offered = {}
    for item in nav_items(user):
        for link in item.tabs or [item]:
            offered[link.label] = link.url
        # A group's own item in the bar opens its first page.
        assert f'<a href="{(item.tabs or [item])[0].url}"' in nav
        assert f">{item.label}</a>" in nav
    for label, page in NAV_LINKS.items():
        allowed = ACCESS[page][persona] == OK
        assert (offered.get(label) == page) is allowed, (
            f"{label!r} offered={label in offered}, allowed={allowed}"
        )
