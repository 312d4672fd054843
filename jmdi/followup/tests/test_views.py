"""The follow-up pages for every persona: who reads what, who acts, what a refused page
leaves out, and query counts that do not grow with the data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import PERSONAS
from jmdi.followup import services
from jmdi.followup.models import Evidence, ProgressReport, Visit
from jmdi.followup.tests.factories import (
    SECRET_OTHER_MA,
    SECRET_SN,
    followed_initiative,
    submitted,
    with_schedule,
    write_directly,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("programme_once_per_module")]

CODE = "jmdi-2"
READERS_ALL = {"steering", "technical", "pmu"}
PDF = b"%PDF-1.4\n%%EOF"


def url(name: str, *args: object) -> str:
    return reverse(f"followup:{name}", args=[CODE, *args])


# --- Reading -----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_report_list_shows_each_persona_only_its_scope(client_as, world, persona):
    response = client_as(persona).get(url("reports"))
    if persona == "anonymous":
        assert response.status_code == 302
        return
    expected = {
        "grantee": {"Oujda one-stop shop"},
        "focal_ma": {"Oujda one-stop shop", "Nador cooperative"},
        "focal_sn": {"Thiès diaspora fair"},
    }
    titles = {"Oujda one-stop shop", "Nador cooperative", "Thiès diaspora fair"}
    body = response.content.decode()
    if persona in READERS_ALL:
        shown = titles
    elif persona in expected:
        shown = expected[persona]
    else:
        assert response.status_code == 403
        shown = set()
    assert response.status_code in (200, 403)
    assert {t for t in titles if t in body} == shown


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_senegalese_report_is_read_by_its_focal_point_the_pmu_and_committees_only(
    client_as, world, persona
):
    report = world.reports["sn"][0]
    response = client_as(persona).get(url("report", report.pk))
    body = response.content.decode()
    if persona == "anonymous":
        assert response.status_code == 302
    elif persona in READERS_ALL | {"focal_sn"}:
        assert response.status_code == 200
        assert SECRET_SN in body
    else:
        assert response.status_code == 404
        assert SECRET_SN not in body
        assert "Thiès" not in body


def test_a_grantee_opening_another_grantees_report_by_its_address_is_refused(
    client_as, world, other_grantee
):
    report = world.reports["other_ma"][0]
    client = client_as("grantee")
    for name in ("report", "report-edit", "report-lesson"):
        response = client.get(url(name, report.pk))
        assert response.status_code == 404
        assert SECRET_OTHER_MA not in response.content.decode()
    response = client.post(url("report-submit", report.pk))
    assert response.status_code == 404
    report.refresh_from_db()
    assert report.status == "submitted"


def test_evidence_is_served_only_to_those_who_read_its_report(
    client_as, world, grantee, other_grantee, client
):
    evidence = services.add_evidence(
        actor=grantee,
        report=world.reports["ours"][0],
        upload=SimpleUploadedFile("lists.pdf", PDF),
    )
    assert not evidence.file.url.endswith("lists.pdf")
    for persona, status in [("focal_sn", 404), ("outsider", 404)]:
        client.logout()
        response = client_as(persona).get(url("evidence", evidence.pk))
        assert response.status_code == status
        assert PDF not in b"".join(getattr(response, "streaming_content", [response.content]))
    client.logout()
    client.force_login(other_grantee)
    assert client.get(url("evidence", evidence.pk)).status_code == 404
    client.logout()
    response = client_as("grantee").get(url("evidence", evidence.pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_overdue_list_is_for_focal_points_and_the_pmu(client_as, world, persona):
    response = client_as(persona).get(url("overdue"))
    body = response.content.decode()
    if persona == "anonymous":
        assert response.status_code == 302
    elif persona in ("pmu", "focal_ma", "focal_sn"):
        assert response.status_code == 200
        # Every first period is past due; only the reports still with the grantee show.
        assert ("Oujda one-stop shop" in body) is (persona != "focal_sn")
        assert ("Thiès diaspora fair" in body) is (persona != "focal_ma")
    else:
        assert response.status_code == 403
        assert "Oujda" not in body


@pytest.mark.parametrize("persona", PERSONAS)
def test_visits_are_read_by_the_pmu_and_the_countrys_focal_point_not_the_grantee(
    client_as, world, focal_ma, persona
):
    visit = services.record_visit(
        actor=focal_ma, initiative=world.ours, visited_on=dt.date(2014, 5, 2),
        participants="Mayor", findings="Visit secret: the shop opens only on Mondays",
    )  # fmt: skip
    response = client_as(persona).get(url("visit", visit.pk))
    page = client_as(persona).get(url("initiative", world.ours.pk))
    if persona == "anonymous":
        assert response.status_code == 302
        return
    if persona in READERS_ALL | {"focal_ma"}:
        assert response.status_code == 200
        assert "only on Mondays" in response.content.decode()
        return
    assert response.status_code == 404
    assert "only on Mondays" not in response.content.decode()
    # The grantee reads its plan page, without the visits.
    if persona == "grantee":
        assert page.status_code == 200
        assert "Monitoring visits" not in page.content.decode()


# --- Acting ------------------------------------------------------------------------------


def test_the_grantee_writes_and_submits_its_report_on_the_page(client_as, world):
    report = world.reports["ours"][0]
    client = client_as("grantee")
    assert client.get(url("report-edit", report.pk)).status_code == 200
    response = client.post(
        url("report-edit", report.pk),
        {"achievements": "Opened the shop", "spent_personnel": "1200.50", "submit": "1"},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "submitted"
    page = client.get(url("report", report.pk)).content.decode()
    assert "1,200.50" in page or "1200.50" in page or "1 200,50" in page


def test_a_bad_amount_is_shown_at_its_field_and_nothing_saved(client_as, world):
    report = world.reports["ours"][0]
    response = client_as("grantee").post(
        url("report-edit", report.pk), {"achievements": "x", "spent_travel": "-5"}
    )
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    report.refresh_from_db()
    assert report.achievements == ""


def test_a_file_that_is_not_what_it_says_is_refused_on_the_page_naming_it(client_as, world):
    report = world.reports["ours"][0]
    response = client_as("grantee").post(
        url("evidence-upload", report.pk),
        {"file": SimpleUploadedFile("budget.xlsx", b"MZ\x90\x00 program")},
    )
    assert response.status_code == 400
    assert "budget.xlsx" in response.content.decode()
    assert not Evidence.objects.exists()


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("focal_ma", True),
        ("focal_sn", False),
        ("pmu", False),
        ("grantee", False),
        ("steering", False),
    ],
)
def test_the_focal_point_of_the_country_reviews_first(client_as, world, grantee, persona, allowed):
    report = submitted(world.reports["ours"][0], grantee)
    response = client_as(persona).post(
        url("report-review", report.pk), {"decision": "approve", "comment": ""}
    )
    report.refresh_from_db()
    if allowed:
        assert response.status_code == 302
        assert report.status == "focal_approved"
    else:
        assert response.status_code in (403, 404)
        assert report.status == "submitted"


def test_a_focal_point_cannot_review_another_countrys_report_by_post(client_as, world):
    report = world.reports["sn"][0]  # submitted
    response = client_as("focal_ma").post(
        url("report-review", report.pk), {"decision": "return", "comment": "No"}
    )
    assert response.status_code == 404
    assert SECRET_SN not in response.content.decode()
    report.refresh_from_db()
    assert report.status == "submitted"
    assert not report.reviews.exists()


def test_the_pmu_approves_after_the_focal_point_and_a_lesson_is_captured(
    client_as, world, grantee, focal_ma
):
    report = submitted(world.reports["ours"][0], grantee)
    services.review_report(actor=focal_ma, report=report, decision="approve")
    client = client_as("pmu")
    assert client.post(url("report-review", report.pk), {"decision": "approve"}).status_code == 302
    report.refresh_from_db()
    assert report.status == "approved"
    response = client.post(
        url("report-lesson", report.pk), {"title": "Trust", "text": "The town hall builds it."}
    )
    assert response.status_code == 302
    assert "The town hall builds it." in client.get(url("report", report.pk)).content.decode()


def test_the_focal_point_keeps_the_plan_records_a_visit_and_an_assessment(client_as, world):
    client = client_as("focal_ma")
    initiative = world.ours
    response = client.post(
        url("plan-edit", initiative.pk),
        {
            "name": "Advised",
            "unit": "people",
            "baseline": "0",
            "target": "100",
            "direction": "increase",
        },
    )
    assert response.status_code == 302
    indicator = initiative.monitoring_plan.indicators.get()
    response = client.post(
        url("visit-create", initiative.pk),
        {"visited_on": "2014-05-02", "participants": "Mayor", "findings": "Busy",
         f"indicator_{indicator.pk}": "120"},
    )  # fmt: skip
    assert response.status_code == 302
    visit = Visit.objects.get()
    assert visit.indicator_values.get().value == Decimal("120")
    ratings = dict.fromkeys(("relevance", "effectiveness", "efficiency", "sustainability"), "3")
    whys = {f"{c}_why": "Because" for c in ratings}
    response = client.post(
        url("assessment-create", initiative.pk), {"assessed_on": "2014-06-01", **ratings, **whys}
    )
    assert response.status_code == 302
    page = client.get(url("initiative", initiative.pk)).content.decode()
    assert "Meets its targets" in page
    # Another country's focal point is refused on every form (GET and POST).
    other = client_as("focal_sn")
    for name in ("plan-edit", "visit-create", "assessment-create"):
        assert other.get(url(name, initiative.pk)).status_code == 404
        assert other.post(url(name, initiative.pk), {}).status_code == 404


def test_the_pmu_makes_the_schedule_on_the_page(client_as, world):
    initiative = followed_initiative(title="Fresh initiative")
    response = client_as("pmu").post(url("periods", initiative.pk), {"months": "6"})
    assert response.status_code == 302
    assert ProgressReport.objects.filter(initiative=initiative).count() == 3
    assert client_as("focal_ma").get(url("periods", initiative.pk)).status_code == 403


# --- Query counts --------------------------------------------------------------------------


def _count(client, address: str, django_assert_max_num_queries) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len(queries)


def _more(pmu, grantee, n: int) -> None:
    for k in range(n):
        initiative = followed_initiative(country="MA" if k % 2 else "SN")
        for report in with_schedule(initiative, pmu):
            write_directly(report, "approved", f"Report {k}")


@pytest.mark.parametrize("persona", ["pmu", "focal_ma", "grantee"])
def test_the_report_list_and_overdue_list_cost_the_same_with_more_data(
    client_as, world, pmu, grantee, persona, django_assert_max_num_queries
):
    client = client_as(persona)
    for name in ("reports",) + (("overdue",) if persona != "grantee" else ()):
        before = _count(client, url(name), django_assert_max_num_queries)
        _more(pmu, grantee, 8)
        with django_assert_max_num_queries(before):
            assert client.get(url(name)).status_code == 200


def test_the_report_page_costs_the_same_with_more_lines_files_and_reviews(
    client_as, world, grantee, focal_ma, pmu, django_assert_max_num_queries
):
    report = world.reports["ours"][0]
    services.add_indicator(
        actor=pmu, initiative=world.ours, name="A", unit="u", baseline=Decimal(0), target=Decimal(1)
    )
    client = client_as("pmu")
    before = _count(client, url("report", report.pk), django_assert_max_num_queries)
    for n in range(4):
        services.add_indicator(
            actor=pmu, initiative=world.ours, name=f"B{n}", unit="u",
            baseline=Decimal(0), target=Decimal(1),
        )  # fmt: skip
        services.add_evidence(
            actor=grantee, report=report, upload=SimpleUploadedFile(f"f{n}.pdf", PDF)
        )
    submitted(report, grantee)
    services.review_report(actor=focal_ma, report=report, decision="return", comment="More")
    with django_assert_max_num_queries(before):
        assert client.get(url("report", report.pk)).status_code == 200
