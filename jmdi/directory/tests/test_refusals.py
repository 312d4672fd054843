"""A refused or missing directory page shows nothing of what it refuses.

The access matrix checks status codes; a 403 or 404 page could still carry the data
(a view that renders before it refuses, a context processor that adds contacts to every
page). For every directory page and persona that the matrix refuses or does not find,
the body holds no contact's name, email or phone, and no organisation of a country the
persona may not browse.
"""

from __future__ import annotations

import pytest

from jmdi.core.tests.test_access_matrix import ACCESS, GONE, NO
from jmdi.directory import permissions
from jmdi.directory.tests.factories import ContactFactory, OrganisationFactory

pytestmark = pytest.mark.usefixtures("programme_once_per_module")

REFUSED = [
    (page, persona)
    for page, row in ACCESS.items()
    if page.startswith("/directory/")
    for persona, expected in row.items()
    if expected in (NO, GONE)
]


@pytest.fixture
def directory_data(db):
    """An organisation with a contact in three countries, each with distinctive strings."""
    data = {}
    for code, organisation, person, email, phone in [
        ("MA", "Association Berkane Solidaire", "Naima Ouazzani", "n.ouazzani@berkane.example.ma", "+212 536 61 20 20"),
        ("SN", "Collectif de la diaspora de Kanel", "Awa Kane", "awa.kane@kanel.example.sn", "+221 33 966 10 10"),
        ("CR", "Municipalidad de Upala", "Karla Solano", "k.solano@upala.example.cr", "+506 2470 0000"),
    ]:  # fmt: skip
        org = OrganisationFactory(country__code=code, name=organisation)
        ContactFactory(organisation=org, full_name=person, email=email, phone=phone)
        data[code] = {"organisation": organisation, "contact": [person, email, phone]}
    return data


def test_every_refused_directory_page_is_checked():
    pages = {page for page, _persona in REFUSED}
    assert {"/directory/countries/", "/directory/countries/SN/"} <= pages
    assert "/directory/countries/ZZ/contacts/" in pages
    assert len(REFUSED) >= 30


@pytest.mark.parametrize(
    ("page", "persona"), REFUSED, ids=[f"{page} as {persona}" for page, persona in REFUSED]
)
def test_a_refused_or_missing_directory_page_shows_none_of_the_data(
    request, client_as, directory_data, page, persona
):
    response = client_as(persona).get(page)
    assert response.status_code in (302, 403, 404), response.status_code
    body = response.content.decode()
    user = request.getfixturevalue(persona) if persona != "anonymous" else None
    for code, strings in directory_data.items():
        for value in strings["contact"]:
            assert value not in body, f"{value!r} ({code} contact) on {page}"
        if user is None or not permissions.can_view_country(user, code):
            assert strings["organisation"] not in body, f"{code} organisation on {page}"
