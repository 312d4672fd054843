from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core.cache import cache

from jmdi.support.tests.factories import (
    SECRET_OTHER,
    SECRET_OWNED,
    SECRET_SN,
    make_member,
    make_request,
)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def owner(member):
    """The `member` persona with an M4D Net profile in Morocco: owns a request."""
    make_member(member, "MA")
    return member


@pytest.fixture
def other_member(programme):
    return make_member(None, "MA", email="other.member@example.org")


@pytest.fixture
def banned(programme):
    return make_member(None, "SN", email="banned@example.org", banned=True)


@pytest.fixture
def world(programme, owner, other_member, pmu, focal_ma, focal_sn):
    """The owner's Moroccan request; another member's Moroccan request referred to the
    Moroccan focal point; a Senegalese request of the other member, untouched."""
    from jmdi.support import services

    owned = make_request(owner, subject=SECRET_OWNED, country="MA")
    referred = make_request(other_member, subject=SECRET_OTHER, country="MA")
    services.refer(actor=pmu, request=referred, focal_point=focal_ma)
    sn = make_request(other_member, subject=SECRET_SN, country="SN")
    return SimpleNamespace(owned=owned, referred=referred, sn=sn)
