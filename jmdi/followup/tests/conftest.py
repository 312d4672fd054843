from __future__ import annotations

from types import SimpleNamespace

import pytest

from jmdi.followup.tests.factories import (
    SECRET_OTHER_MA,
    SECRET_SN,
    followed_initiative,
    grantee_org,
    with_schedule,
    write_directly,
)


@pytest.fixture
def world(programme, pmu, grantee, focal_ma, focal_sn):
    """The grantee's own initiative (Morocco), another Moroccan grantee's and a
    Senegalese one, each with its reporting schedule (three semesters)."""
    ours = followed_initiative(organisation=grantee_org(grantee), title="Oujda one-stop shop")
    other_ma = followed_initiative(country="MA", title="Nador cooperative")
    sn = followed_initiative(country="SN", title="Thiès diaspora fair")
    reports = {
        "ours": with_schedule(ours, pmu),
        "other_ma": with_schedule(other_ma, pmu),
        "sn": with_schedule(sn, pmu),
    }
    write_directly(reports["other_ma"][0], "submitted", SECRET_OTHER_MA)
    write_directly(reports["sn"][0], "submitted", SECRET_SN)
    return SimpleNamespace(ours=ours, other_ma=other_ma, sn=sn, reports=reports)


@pytest.fixture
def other_grantee(world):
    """The people of the other Moroccan initiative's lead authority."""
    from jmdi.accounts.services import assign_role, create_person

    user = create_person(
        actor=None, email="nador@example.org", full_name="Nador", password="x-y-z-w", verified=True
    )
    assign_role(actor=None, user=user, role="grantee", organisation=world.other_ma.lead_authority)
    return user
