"""A refused page says no and shows nothing: for every page and persona that the access
policy (test_access_matrix.ACCESS) refuses, sends to sign in or answers "not found",
the response body holds none of the data the page would have shown.

The status alone is not enough: a view that rendered its data into the 403 page, or a
context processor that put it on every page, would pass the status checks.
"""

from __future__ import annotations

import pytest

from jmdi.core.tests.test_access_matrix import (  # noqa: F401 (fixtures used by name)
    ACCESS,
    ADMIN,
    COLUMNS,
    GONE,
    LOGIN,
    MOROCCAN_CONTACT_EMAIL,
    NO,
    SENEGALESE_CONTACT_EMAIL,
    _url,
    directory_data,
    someone,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("programme_once_per_module")]

REFUSED = (NO, GONE, LOGIN, ADMIN)
CASES = [
    (page, persona) for page in ACCESS for persona in COLUMNS if ACCESS[page][persona] in REFUSED
]


@pytest.fixture
def secrets(directory_data, someone):  # noqa: F811 (the imported fixtures)
    """Texts only an allowed reader may see: contacts, a person, the risk register, an
    unpublished initiative of the mapping."""
    from jmdi.initiatives.tests.factories import InitiativeFactory
    from jmdi.programmes.models import Risk

    oujda, _thies = directory_data
    InitiativeFactory(
        title="Maison des retours d'Oujda",
        summary="Accueil des migrants de retour par la commune",
        country=oujda.country,
        lead_authority=oujda,
        published=False,
    )

    # The M4D Net's: a member waiting for verification (the PMU's queue shows the
    # address) and a project suggested by a member, waiting for the PMU.
    from jmdi.accounts.services import create_person
    from jmdi.community.models import Member
    from jmdi.directory.models import Country
    from jmdi.projectdb.models import ProjectSuggestion

    awa = create_person(actor=None, email="awa.secret@example.sn", full_name="Awa Secret")
    Member.objects.create(user=awa, stakeholder_type="local_authority", country="SN")
    ProjectSuggestion.objects.create(
        suggested_by=awa,
        title="Guichet confidentiel de Louga",
        summary="Une suggestion que seule l'équipe du programme lit.",
        country=Country.objects.get(code="SN"),
        lead_authority="Commune de Louga",
    )

    risk_titles = [title[:40] for title in Risk.objects.values_list("title_en", flat=True)]
    assert risk_titles, "the programme's risks should be loaded"
    return [
        MOROCCAN_CONTACT_EMAIL,
        "Amina Benali",
        SENEGALESE_CONTACT_EMAIL,
        "Moussa Diop",
        "someone@example.org",
        "Someone Else",
        "Maison des retours",
        "Accueil des migrants de retour",
        "awa.secret@example.sn",
        "Awa Secret",
        "Guichet confidentiel de Louga",
        *risk_titles,
    ]


def test_every_refusal_is_checked():
    assert len(CASES) > 60, len(CASES)


@pytest.mark.parametrize(
    ("page", "persona"), CASES, ids=[f"{page} as {persona}" for page, persona in CASES]
)
def test_a_refused_page_holds_none_of_its_data(client_as, secrets, someone, page, persona):  # noqa: F811
    url = _url(page, someone)
    response = client_as(persona).get(url)
    assert response.status_code in (302, 403, 404), (url, response.status_code)
    body = response.content.decode()
    leaked = [secret for secret in secrets if secret in body]
    assert leaked == [], f"{url} as {persona} ({response.status_code}) shows {leaked}"
