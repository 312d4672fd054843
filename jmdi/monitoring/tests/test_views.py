"""The monitoring pages as people use them: what they show, what a form does, and query
counts that do not grow with the data."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jmdi.monitoring import services
from jmdi.monitoring.models import Issue, WorkPlanStatus
from jmdi.monitoring.tests import factories as f
from jmdi.programmes.models import SubActivity

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("programme_once_per_module")]

P = "/programmes/jmdi-2"


def _queries(client, url: str) -> int:
    client.get(url)  # sessions and caches settle
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def _more_data(pmu, n: int) -> None:
    subs = list(SubActivity.objects.filter(activity__output__programme__code="jmdi-2")[:n])
    for i, sub in enumerate(subs):
        for code in (None, "MA", "SN"):
            f.status(pmu, code, "delayed", f"Reason {i}", sub=sub)
    for i in range(n):
        issue = f.issue(pmu, ("MA", "SN", None)[i % 3], f"Issue {i}")
        if i % 2:
            services.resolve_issue(actor=pmu, issue=issue, resolution="Done")
        f.lesson(pmu, ["MA", "SN"], f"Lesson {i}")
    risk = f.risk(1)
    for i in range(n):
        services.record_risk_review(
            actor=pmu, risk=f.risk(1 + i % 5), status="increasing", probability=3, impact=4,
            reviewed_on=max(risk.date_identified, dt.date(2013, 1, 1)) + dt.timedelta(days=i),
            at=f.at(dt.date(2013, 1, 1)),
        )  # fmt: skip
    services.sync_schedule(programme=f.jmdi())


PAGES = [
    f"{P}/work-plan/tracking/",
    f"{P}/work-plan/tracking/?country=MA",
    f"{P}/risk-log/",
    f"{P}/risk-log/?as_of=2014-06-30",
    f"{P}/risk-log/1/",
    f"{P}/issues/",
    f"{P}/issues/?status=open&priority=medium&country=MA",
    f"{P}/lessons/",
    f"{P}/monitoring-schedule/",
    f"{P}/quality/",
]


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("persona", ["pmu", "focal_ma"])
def test_pages_cost_the_same_queries_with_ten_times_the_data(client_as, pmu, persona, url):
    client = client_as(persona)
    _more_data(pmu, 2)
    small = _queries(client, url)
    _more_data(pmu, 20)
    assert _queries(client, url) == small, url
    assert small <= 22, (url, small)  # the layout, the nav and scopes included


def test_the_tracking_page_shows_planned_against_actual_with_letters_and_the_delays(client_as, pmu):
    f.status(pmu, None, "delayed", "The call was postponed.")
    html = client_as("steering").get(f"{P}/work-plan/tracking/").content.decode()
    assert "wp-status--delayed" in html
    assert ">D</span>" in html  # a letter, not colour alone
    assert "Delayed items" in html
    assert "The call was postponed." in html
    assert "tracking__edit" not in html
    assert "Set the status of" not in html  # steering reads, does not edit


def test_a_focal_point_lands_on_their_country_and_sets_a_status_on_the_page(client_as):
    client = client_as("focal_ma")
    html = client.get(f"{P}/work-plan/tracking/").content.decode()
    assert "Status in Morocco" in html
    assert "Set the status of" in html
    sub, semester = f.first_sub(), f.semester()
    url = f"{P}/work-plan/tracking/{sub.pk}/{semester.pk}/?country=MA"
    response = client.post(url, {"status": "delayed", "comment": ""})
    assert response.status_code == 200
    assert "Say why the sub-activity is delayed" in response.content.decode()
    assert not WorkPlanStatus.objects.exists()
    response = client.post(url, {"status": "delayed", "comment": "Elections in Oujda"})
    assert response.status_code == 302
    assert WorkPlanStatus.objects.get().country.code == "MA"


def test_the_cell_editor_answers_htmx_with_its_form_only(client_as):
    sub, semester = f.first_sub(), f.semester()
    url = f"{P}/work-plan/tracking/{sub.pk}/{semester.pk}/?country=MA"
    response = client_as("focal_ma").get(url, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<form" in html
    assert "<html" not in html


def test_the_heat_map_counts_link_to_the_risks_of_their_cell(client_as, pmu):
    risk = f.risk(1)
    services.record_risk_review(
        actor=pmu, risk=risk, status="increasing", probability=5, impact=5,
        reviewed_on=max(risk.date_identified, dt.date(2013, 2, 1)), at=f.at(dt.date(2013, 2, 1)),
    )  # fmt: skip
    client = client_as("focal_sn")
    html = client.get(f"{P}/risk-log/").content.decode()
    assert 'href="?p=5&amp;i=5#list"' in html
    filtered = client.get(f"{P}/risk-log/?p=5&i=5").content.decode()
    assert f"{P}/risk-log/1/" in filtered
    assert f"{P}/risk-log/2/" not in filtered
    detail = client.get(f"{P}/risk-log/1/").content.decode()
    assert "Increasing" in detail
    assert "Identified in the project document" in detail


def test_the_pmu_raises_and_resolves_an_issue_on_the_pages(client_as):
    client = client_as("pmu")
    response = client.post(
        f"{P}/issues/new/", {"title": "Late transfer", "type": "problem", "priority": "high"}
    )
    assert response.status_code == 302
    issue = Issue.objects.get()
    response = client.post(f"{P}/issues/{issue.number}/resolve/", {"resolution": ""})
    issue.refresh_from_db()
    assert issue.status == "open"
    client.post(f"{P}/issues/{issue.number}/resolve/", {"resolution": "Paid on 3 May"})
    issue.refresh_from_db()
    assert (issue.status, issue.resolution) == ("resolved", "Paid on 3 May")
    html = client.get(f"{P}/issues/?status=resolved").content.decode()
    assert "Late transfer" in html
    assert "Late transfer" not in client.get(f"{P}/issues/?status=open").content.decode()


def test_the_pmu_builds_the_schedule_and_marks_an_event_done(client_as):
    client = client_as("pmu")
    assert "Build the schedule" in client.get(f"{P}/monitoring-schedule/").content.decode()
    client.post(f"{P}/monitoring-schedule/")
    html = client.get(f"{P}/monitoring-schedule/?on=2014-06-20").content.decode()
    assert "Quarterly quality assessment" in html
    assert "ev-status--due" in html
    assert "ev-status--overdue" in html


def test_a_focal_point_is_offered_to_edit_only_their_countrys_lessons(client_as, pmu):
    mine = f.lesson(pmu, ["MA"], "Oujda lesson")
    theirs = f.lesson(pmu, ["SN"], "Thiès lesson")
    html = client_as("focal_ma").get(f"{P}/lessons/").content.decode()
    assert f"{P}/lessons/{mine.pk}/edit/" in html
    assert f"{P}/lessons/{theirs.pk}/edit/" not in html
    assert "Thiès lesson" in html  # lessons are shared: read, not edited


def test_an_issue_is_owned_by_a_person_or_a_role(client_as, focal_ma):
    client = client_as("pmu")
    client.post(
        f"{P}/issues/new/",
        {"title": "Owned", "type": "general", "priority": "low", "owner": str(focal_ma.pk)},
    )
    client.post(
        f"{P}/issues/new/",
        {"title": "By role", "type": "general", "priority": "low", "owner_role": "Operations"},
    )
    owned, by_role = Issue.objects.order_by("number")
    assert owned.owner == focal_ma
    assert (by_role.owner, by_role.owner_role) == (None, "Operations")
    html = client.get(f"{P}/issues/").content.decode()
    assert focal_ma.full_name in html
    assert "Operations" in html
