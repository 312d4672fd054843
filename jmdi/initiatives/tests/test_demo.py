"""The demo registry and the synthetic one, and the measures they feed."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import Count

from jmdi.core import generator
from jmdi.core.measures import Cell, Period, Scope
from jmdi.core.plugins import DemoContext
from jmdi.initiatives.measures import FUNDED, MAPPED, SELECTED
from jmdi.initiatives.models import Initiative, InitiativePartner
from jmdi.initiatives.services import set_status

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("programme_once_per_module")]


def _load_demo():
    from jmdi.accounts.demo import demo_step as accounts
    from jmdi.directory.demo import demo_step as directory
    from jmdi.initiatives.demo import demo_step as initiatives

    context = DemoContext(password="demo-password-1234", say=lambda line: None)
    for step in (directory, accounts, initiatives):
        step(context)


@pytest.fixture
def demo(programme):
    _load_demo()


def test_the_demo_maps_two_hundred_initiatives_across_the_eight_countries(demo):
    per_country = dict(
        Initiative.objects.values_list("country__code").annotate(n=Count("pk")).order_by()
    )
    assert set(per_country) == {"CR", "SV", "EC", "MA", "TN", "SN", "PH", "NP"}
    assert set(per_country.values()) == {25}
    assert Initiative.objects.filter(status="candidate").count() == 40
    for code in per_country:
        assert Initiative.objects.filter(status="candidate", country__code=code).count() == 5
    assert 1 <= Initiative.objects.filter(status="withdrawn").count() <= 8
    published = Initiative.objects.filter(published=True).count()
    assert 100 <= published <= 140  # about 60 %
    assert InitiativePartner.objects.filter(role="co_lead").exists()
    assert Initiative.objects.filter(south_south=True).count() >= 16
    assert Initiative.objects.exclude(translations={}).count() >= 50


def test_the_demo_writes_in_each_countrys_language(demo):
    assert set(
        Initiative.objects.filter(country__code="SN").values_list("language", flat=True)
    ) == {"fr"}
    assert set(
        Initiative.objects.filter(country__code="EC").values_list("language", flat=True)
    ) == {"es"}
    assert set(
        Initiative.objects.filter(country__code="PH").values_list("language", flat=True)
    ) == {"en"}
    assert all(
        i.lead_authority.kind == "local_authority" and i.lead_authority.country_id == i.country_id
        for i in Initiative.objects.select_related("lead_authority")
    )


def test_the_demo_grantee_leads_one_candidate(demo):
    from jmdi.accounts.models import RoleAssignment

    organisation = RoleAssignment.objects.get(role="grantee").organisation
    led = list(Initiative.objects.filter(lead_authority=organisation))
    assert [(i.status, i.country.code) for i in led] == [("candidate", "MA")]


def test_the_demo_twice_adds_nothing(demo):
    from jmdi.directory.models import Organisation

    counts = (
        Initiative.objects.count(),
        InitiativePartner.objects.count(),
        Organisation.objects.count(),
    )
    titles = list(Initiative.objects.order_by("reference").values_list("reference", "title"))
    _load_demo()
    assert (
        Initiative.objects.count(),
        InitiativePartner.objects.count(),
        Organisation.objects.count(),
    ) == counts
    assert (
        list(Initiative.objects.order_by("reference").values_list("reference", "title")) == titles
    )


def test_the_generator_writes_initiatives_led_by_generated_authorities(programme):
    sizes = {"organisations": 80, "contacts_per_organisation": 0, "people": 0, "initiatives": 60}
    counts = generator.generate("small", progress=lambda line: None, sizes=sizes)
    assert counts["initiatives"] == 60
    synthetic = Initiative.objects.filter(reference__startswith="synthetic-small-")
    assert synthetic.count() == 60
    assert not synthetic.exclude(lead_authority__name__startswith="[synthetic-small]").exists()
    assert not synthetic.exclude(lead_authority__kind="local_authority").exists()
    again = generator.generate("small", progress=lambda line: None, sizes=sizes)
    assert again.get("initiatives", 0) == 0


S1 = Period("S1", "semester", dt.date(2012, 12, 1), dt.date(2013, 5, 31))
S2 = Period("S2", "semester", dt.date(2013, 6, 1), dt.date(2013, 11, 30))


def test_the_measures_count_mapped_selected_and_funded_by_country(demo, pmu):
    scope = Scope(programme="jmdi-2", periods=(S1, S2), countries=("MA", "SN"), cumulative=True)
    mapped = MAPPED.values(scope)
    expected_ma = Initiative.objects.filter(country__code="MA", mapped_on__lte=S2.end).count()
    assert mapped[Cell("MA", "S2")] == Decimal(expected_ma)
    assert mapped[Cell(None, "S2")] == mapped[Cell("MA", "S2")] + mapped[Cell("SN", "S2")]
    assert not SELECTED.values(scope).get(Cell("MA", "S2"))
    candidate = Initiative.objects.filter(country__code="MA", status="candidate").first()
    set_status(actor=pmu, initiative=candidate, status="selected", on=dt.date(2013, 7, 1))
    set_status(actor=pmu, initiative=candidate, status="funded", on=dt.date(2013, 9, 1))
    selected = SELECTED.values(scope)
    assert selected[Cell("MA", "S2")] == 1
    assert selected.get(Cell("MA", "S1"), 0) == 0
    assert FUNDED.values(scope)[Cell("MA", "S2")] == 1
    viewer_scope = Scope(
        programme="jmdi-2", periods=(S2,), countries=("MA",), cumulative=True, viewer=None
    )
    assert not FUNDED.records(viewer_scope, Cell("MA", "S2")).exists()  # anonymous sees none
