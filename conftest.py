"""Personas and shared fixtures for the whole suite.

Every view test includes the outsider (signed in, no role), the anonymous visitor and
the focal point of the *other* country: `focal_ma` works in Morocco, `focal_sn` in
Senegal.
"""

from __future__ import annotations

import os

os.environ.setdefault("JMDI_ENV", "test")

from pathlib import Path

import pytest

JMDI_FILE = Path(__file__).parent / "programmes" / "jmdi-phase-2.yaml"
PASSWORD = "correct-horse-battery"


@pytest.fixture(autouse=True)
def _files_kept_apart(settings, tmp_path_factory):
    """Files a test writes (evidence, report files) go to a folder of its own, never into
    the working tree's var/media."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _search_vectors_forgotten():
    """Each test's database starts afresh; so do the search's in-process matrices."""
    from jmdi.search import semantic

    semantic.forget_cache()
    yield
    semantic.forget_cache()


@pytest.fixture(autouse=True)
def _language_restored():
    """A page asked for in another language leaves that language active in the thread
    (LocaleMiddleware, and the middleware applying a person's kept language, activate it
    for the request and nothing deactivates it): restore it after every test, so that the
    next test in this process reads the language it expects."""
    from django.utils import translation

    language = translation.get_language()
    yield
    translation.activate(language)


@pytest.fixture
def programme(db):
    """The JMDI phase II programme, loaded from its real file (once per database)."""
    from jmdi.programmes.loader import load_programme
    from jmdi.programmes.models import Programme

    existing = Programme.objects.filter(code="jmdi-2").first()
    if existing is not None:
        return existing
    load_programme(JMDI_FILE, "programmes/jmdi-phase-2.yaml")
    return Programme.objects.get(code="jmdi-2")


def _persona(email: str, role: str | None = None, country: str | None = None, organisation=None):
    from jmdi.accounts.services import assign_role, create_person
    from jmdi.directory.models import Country

    user = create_person(
        actor=None,
        email=email,
        full_name=email.split("@")[0].title(),
        password=PASSWORD,
        verified=True,
    )
    if role:
        assign_role(
            actor=None,
            user=user,
            role=role,
            country=Country.objects.get(code=country) if country else None,
            organisation=organisation,
        )
    return user


@pytest.fixture
def pmu(programme):
    return _persona("pmu@example.org", "pmu_officer")


@pytest.fixture
def focal_ma(programme):
    return _persona("focal.ma@example.org", "focal_point", "MA")


@pytest.fixture
def focal_sn(programme):
    return _persona("focal.sn@example.org", "focal_point", "SN")


@pytest.fixture
def reviewer_ma(programme):
    return _persona("reviewer.ma@example.org", "reviewer", "MA")


@pytest.fixture
def steering(programme):
    return _persona("steering@example.org", "steering")


@pytest.fixture
def technical(programme):
    return _persona("technical@example.org", "technical")


@pytest.fixture
def grantee(programme):
    from jmdi.directory.tests.factories import OrganisationFactory

    organisation = OrganisationFactory(
        country__code="MA", name="Commune d'Oujda", kind="local_authority"
    )
    return _persona("grantee@example.org", "grantee", organisation=organisation)


@pytest.fixture
def training_staff(programme):
    return _persona("training@example.org", "training_staff")


@pytest.fixture
def member(programme):
    return _persona("member@example.org", "member")


@pytest.fixture
def outsider(programme):
    """Signed in, verified, but holding no role."""
    return _persona("outsider@example.org")


PERSONAS = [
    "anonymous",
    "outsider",
    "member",
    "training_staff",
    "grantee",
    "reviewer_ma",
    "focal_ma",
    "focal_sn",
    "steering",
    "technical",
    "pmu",
]


@pytest.fixture
def client_as(client, request):
    """`client_as("focal_ma")` -> a test client signed in as that persona (or anonymous)."""

    def sign_in(persona: str):
        if persona != "anonymous":
            client.force_login(request.getfixturevalue(persona))
        return client

    return sign_in


@pytest.fixture(scope="module")
def programme_once_per_module(django_db_setup, django_db_blocker):
    """Load the programme once for a whole test module instead of once per test.

    The load runs in a transaction kept open while the module's tests run; each test
    runs in a savepoint inside it, and the transaction is rolled back at the end, so
    nothing leaks to other modules. `programme` then finds the programme already there.
    Use with `pytestmark = pytest.mark.usefixtures("programme_once_per_module")`.
    """
    from django.db import transaction

    from jmdi.programmes.loader import load_programme

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            load_programme(JMDI_FILE, "programmes/jmdi-phase-2.yaml")
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)
