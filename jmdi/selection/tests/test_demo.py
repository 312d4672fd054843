"""The demo round: scored, ranked and decided; the grantee's initiative selected; and a
second run adds nothing."""

import pytest

from jmdi.accounts.demo import load_demo_logins
from jmdi.core.plugins import DemoContext
from jmdi.directory.models import Country, Organisation
from jmdi.directory.tests.factories import OrganisationFactory
from jmdi.governance.models import Decision
from jmdi.initiatives.models import Initiative
from jmdi.initiatives.tests.factories import InitiativeFactory
from jmdi.selection import demo
from jmdi.selection.models import CandidateDecision, Conflict, Round, Scoresheet

pytestmark = pytest.mark.django_db

COUNTRIES = ["CR", "EC", "MA", "NP", "PH", "SN", "SV", "TN"]


def _counts():
    return (
        Round.objects.count(),
        Scoresheet.objects.count(),
        CandidateDecision.objects.count(),
        Decision.objects.count(),
    )


def test_the_demo_round_is_decided_with_the_grantee_selected(programme):
    # The grantee login's organisation: the first Moroccan local authority by name.
    grantee_org = OrganisationFactory(
        country=Country.objects.get(code="MA"),
        name="Aaa Commune de Berkane",
        kind=Organisation.Kind.LOCAL_AUTHORITY,
    )
    for code in COUNTRIES:
        country = Country.objects.get(code=code)
        for n in range(5):
            kwargs = {"lead_authority": grantee_org} if code == "MA" and n == 3 else {}
            InitiativeFactory(
                country=country, reference=f"{code}-{n:03d}", status="candidate", **kwargs
            )
    load_demo_logins("demo-password")
    said = []
    context = DemoContext(password="demo-password", say=said.append)
    demo.demo_step(context)
    round = Round.objects.get(title=demo.DEMO_ROUND)
    assert round.status == "decided"
    assert round.candidates.count() == 40
    assert round.assignments.count() == 3
    assert Conflict.objects.count() == 1
    assert Scoresheet.objects.filter(submitted_at__isnull=False).count() == 40 * 3 - 1
    outcomes = CandidateDecision.objects.values_list(
        "outcome", "candidate__initiative__country__code"
    )
    selected = [country for outcome, country in outcomes if outcome == "selected"]
    assert len(selected) == 16
    assert all(selected.count(code) == 2 for code in COUNTRIES)
    assert sum(1 for outcome, _c in outcomes if outcome == "reserve") == 8
    assert sum(1 for outcome, _c in outcomes if outcome == "rejected") == 16
    assert Initiative.objects.get(lead_authority=grantee_org).status == "selected"
    assert Decision.objects.filter(target_id__isnull=False).count() == 40
    assert "16 selected" in said[-1]
    before = _counts()
    demo.demo_step(context)
    assert _counts() == before


def test_the_demo_does_nothing_without_candidates(programme):
    load_demo_logins("demo-password")
    demo.demo_step(DemoContext(password="x", say=lambda _m: None))
    assert not Round.objects.exists()
