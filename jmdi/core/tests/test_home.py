"""A home page per person: the panels each app contributes, shown to whom they concern,
for a fixed number of queries."""

from __future__ import annotations

import pytest

from jmdi.directory.tests.factories import ContactFactory, OrganisationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("programme_once_per_module")]


def _home(client_as, persona: str) -> str:
    response = client_as(persona).get("/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("persona", ["anonymous", "member", "grantee", "focal_ma", "pmu"])
def test_everyone_finds_the_programme_and_its_public_pages(client_as, persona):
    html = _home(client_as, persona)
    assert "Joint Migration and Development Initiative" in html
    assert 'href="/programmes/jmdi-2/results/"' in html


def test_the_pmu_sees_people_and_the_programme_history(client_as):
    html = _home(client_as, "pmu")
    assert 'id="panel-people"' in html
    assert 'href="/people/add/"' in html
    assert 'href="/programmes/jmdi-2/history/"' in html


@pytest.mark.parametrize("persona", ["anonymous", "member", "grantee", "focal_ma", "steering"])
def test_nobody_else_sees_the_people_panel(client_as, persona):
    html = _home(client_as, persona)
    assert 'id="panel-people"' not in html
    assert 'href="/people/add/"' not in html


def test_a_focal_point_sees_their_country_with_its_organisations_and_targets(client_as):
    organisation = OrganisationFactory(country__code="MA", name="Commune de Fès")
    ContactFactory.create_batch(3, organisation=organisation)
    html = _home(client_as, "focal_ma")
    assert "Your country: Morocco" in html
    assert 'href="/directory/countries/MA/contacts/"' in html
    assert "Targets for your country" in html
    assert "Senegal" not in html.split('id="panel-country-MA"')[1].split("</section>")[0]


def test_a_reviewer_sees_their_country_but_not_its_contacts(client_as):
    html = _home(client_as, "reviewer_ma")
    assert "Your country: Morocco" in html
    assert 'href="/directory/countries/MA/contacts/"' not in html
    assert "Targets for your country" not in html  # a focal point's work


def test_a_grantee_sees_their_organisation(client_as):
    html = _home(client_as, "grantee")
    assert "Your organisation" in html
    assert "Commune d&#x27;Oujda" in html or "Commune d'Oujda" in html
    assert "Your country:" not in html


def test_a_member_sees_no_staff_panels(client_as):
    html = _home(client_as, "member")
    for panel in ("panel-people", "panel-country-", "panel-organisation-", "panel-country-targets"):
        assert panel not in html


@pytest.mark.parametrize(
    ("persona", "queries"),
    # focal_ma: + the values to enter (results, 3); pmu: + values to review (results, 3)
    # and the next monitoring events and delayed items (monitoring, 2).
    # The inbox link costs nothing: its badge is fetched once the page has loaded.
    # member: + whether they have joined the M4D Net and confirmed their address (2).
    [("anonymous", 1), ("member", 7), ("grantee", 6), ("focal_ma", 10), ("pmu", 11)],
)
def test_the_home_page_costs_the_same_queries_whatever_the_data(
    client_as, django_assert_num_queries, persona, queries
):
    client = client_as(persona)
    client.get("/")  # sessions and caches settle
    with django_assert_num_queries(queries):
        client.get("/")
    for i in range(30):
        organisation = OrganisationFactory(country__code="MA", name=f"Commune {i}")
        ContactFactory.create_batch(2, organisation=organisation)
    _values_and_delays()
    with django_assert_num_queries(queries):
        client.get("/")


def _values_and_delays() -> None:
    """What the results and monitoring panels count: manual values waiting, delayed items."""
    from django.utils import timezone

    from jmdi.monitoring.models import WorkPlanStatus
    from jmdi.programmes.models import Indicator, Programme, Semester, SubActivity
    from jmdi.results.models import ManualValue

    programme = Programme.objects.get(code="jmdi-2")
    manual = Indicator.objects.filter(output__programme=programme, measure="manual")
    for indicator in manual:
        for quarter in ("2014-Q1", "2014-Q2"):
            ManualValue.objects.create(
                indicator=indicator,
                country="MA",
                period=quarter,
                value=1,
                status="submitted",
                evidence_link="https://example.org/evidence",
            )
    semester = Semester.objects.filter(programme=programme).order_by("order").first()
    for sub_activity in SubActivity.objects.filter(activity__output__programme=programme):
        WorkPlanStatus.objects.create(
            programme=programme,
            sub_activity=sub_activity,
            semester=semester,
            status="delayed",
            comment="Waiting for the partner's agreement.",
            set_at=timezone.now(),
        )
