from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def banned(programme):
    """A member of the M4D Net the moderators banned."""
    from django.utils import timezone

    from jmdi.accounts.services import create_person
    from jmdi.community.models import Member

    user = create_person(
        actor=None,
        email="banned@example.org",
        full_name="Banned Person",
        password="x-y-z-w-v",
        verified=True,
    )
    Member.objects.create(user=user, stakeholder_type="ngo", country="MA", banned_at=timezone.now())
    return user


@pytest.fixture
def profile_member(programme):
    """A member with a profile (no role), a local authority of Senegal."""
    from jmdi.accounts.services import create_person
    from jmdi.community.models import Member

    user = create_person(
        actor=None,
        email="aminata@example.org",
        full_name="Aminata Sow",
        password="x-y-z-w-v",
        verified=True,
    )
    Member.objects.create(user=user, stakeholder_type="local_authority", country="SN")
    return user
