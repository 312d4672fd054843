"""Who may open the committees' pages and do their actions: role by page, in one table.

OK 200 · NO 403 · GONE 404 · LOGIN 302 to sign-in · DONE 302 back to the page (an action
that worked). Draft minutes and their decisions reach only the PMU and the committee's
own members; the other readers see them once approved.
"""

from __future__ import annotations

import datetime as dt

import pytest

from jmdi.governance import services
from jmdi.governance.tests.helpers import approve, meeting

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("programme_once_per_module")]

OK, NO, GONE = 200, 403, 404
LOGIN, DONE = "302 to sign-in", "302 done"
COLUMNS = (
    "anonymous", "outsider", "member", "training_staff", "grantee",
    "reviewer_ma", "focal_ma", "focal_sn", "steering", "technical", "pmu",
)  # fmt: skip
P = "/programmes/jmdi-2"
DRAFT_MINUTES = "Draft minutes: the committee discussed the shortlist."
DRAFT_DECISION = "Draft decision: shortlist the initiatives of Morocco."
APPROVED_DECISION = "Approved decision: adopt the work plan."

READ = (LOGIN, NO, NO, NO, NO, NO, OK, OK, OK, OK, OK)
ACT = (LOGIN, NO, NO, NO, NO, NO, NO, NO, NO, NO, DONE)

# fmt: off
GETS: dict[str, tuple[object, ...]] = {
    #                                        anonym outsid member traini grante rev_ma foc_ma foc_sn steeri techni pmu
    f"{P}/committees/":                      READ,
    f"{P}/committees/steering_committee/":   READ,
    f"{P}/committees/technical_committee/":  READ,
    # The PMU is the secretariat, not a committee with meetings.
    f"{P}/committees/pmu/":                  (LOGIN, NO,   NO,    NO,    NO,    NO,    GONE,  GONE,  GONE,  GONE,  GONE),
    f"{P}/meetings/{{draft}}/":              READ,
    f"{P}/meetings/{{approved}}/":           READ,
    f"{P}/meetings/999999/":                 (LOGIN, NO,   NO,    NO,    NO,    NO,    GONE,  GONE,  GONE,  GONE,  GONE),
    f"{P}/decisions/":                       READ,
    f"{P}/decisions/?body=steering_committee&year=2014&q=SC-2014": READ,
    f"{P}/decisions/{{draft_number}}/edit/": (LOGIN, NO,   NO,    NO,    NO,    NO,    NO,    NO,    NO,    NO,    OK),
}
POSTS: dict[str, tuple[tuple[object, ...], dict[str, str]]] = {
    f"{P}/committees/steering_committee/": (ACT, {"date": "2014-06-01", "place": "Brussels", "agenda": "Opening"}),
    f"{P}/meetings/{{draft}}/agenda/":      (ACT, {"title": "Any other business"}),
    f"{P}/meetings/{{draft}}/attendance/":  (ACT, {"status": "observer", "person": "M. Diallo"}),
    f"{P}/meetings/{{draft}}/minutes/":     (ACT, {"minutes": "Revised draft."}),
    f"{P}/meetings/{{draft}}/approve/":     (ACT, {}),
    f"{P}/meetings/{{draft}}/decisions/":   (ACT, {"text": "Another decision."}),
    f"{P}/decisions/{{draft_number}}/edit/": (ACT, {"text": "Corrected."}),
}
# fmt: on


@pytest.fixture
def records(pmu):
    approved = meeting(pmu, date=dt.date(2013, 10, 1))
    services.record_decision(actor=pmu, meeting=approved, text=APPROVED_DECISION)
    approve(pmu, approved, "Approved minutes.")
    draft = meeting(pmu, date=dt.date(2014, 3, 27))
    services.draft_minutes(actor=pmu, meeting=draft, text=DRAFT_MINUTES)
    decision = services.record_decision(actor=pmu, meeting=draft, text=DRAFT_DECISION)
    return {"draft": draft.pk, "approved": approved.pk, "draft_number": decision.number}


def _check(response, expected, url):
    if expected == LOGIN:
        assert response.status_code == 302, url
        assert "/accounts/login/" in response["Location"], url
    elif expected == DONE:
        assert response.status_code == 302, (url, response.status_code)
        assert "/accounts/login/" not in response["Location"], url
    else:
        assert response.status_code == expected, (url, response.status_code, expected)


GET_CASES = [(page, persona) for page in GETS for persona in COLUMNS]
POST_CASES = [(page, persona) for page in POSTS for persona in COLUMNS]


@pytest.mark.parametrize(
    ("page", "persona"), GET_CASES, ids=[f"GET {p} as {r}" for p, r in GET_CASES]
)
def test_pages(client_as, records, page, persona):
    url = page.format(**records)
    response = client_as(persona).get(url)
    _check(response, dict(zip(COLUMNS, GETS[page], strict=True))[persona], url)
    if response.status_code != 200:
        body = response.content.decode()
        assert DRAFT_MINUTES not in body
        assert APPROVED_DECISION not in body


@pytest.mark.parametrize(
    ("page", "persona"), POST_CASES, ids=[f"POST {p} as {r}" for p, r in POST_CASES]
)
def test_actions(client_as, records, page, persona):
    url = page.format(**records)
    expected_row, data = POSTS[page]
    response = client_as(persona).post(url, data)
    _check(response, dict(zip(COLUMNS, expected_row, strict=True))[persona], url)


def test_the_tables_cover_every_persona():
    import conftest

    assert set(COLUMNS) == set(conftest.PERSONAS)


@pytest.mark.parametrize(
    ("persona", "sees_drafts"),
    [("pmu", True), ("steering", True), ("technical", False), ("focal_ma", False)],
)
def test_draft_minutes_reach_the_secretariat_and_the_committee_only(
    client_as, records, persona, sees_drafts
):
    client = client_as(persona)
    meeting_page = client.get(f"{P}/meetings/{records['draft']}/").content.decode()
    register = client.get(f"{P}/decisions/").content.decode()
    assert (DRAFT_MINUTES in meeting_page) is sees_drafts
    assert (DRAFT_DECISION in meeting_page) is sees_drafts
    assert (DRAFT_DECISION in register) is sees_drafts
    assert APPROVED_DECISION in register  # every reader sees approved decisions


def test_an_approved_decision_cannot_be_edited_through_the_form(client_as, pmu, records):
    from jmdi.governance.models import Decision

    number = Decision.objects.get(meeting_id=records["approved"]).number
    response = client_as("pmu").post(f"{P}/decisions/{number}/edit/", {"text": "Rewritten."})
    assert response.status_code == 400
    assert "cannot be edited" in response.content.decode()
    assert Decision.objects.get(number=number).text == APPROVED_DECISION


def test_an_approved_decision_is_read_only_in_the_admin(client, pmu, records):
    from jmdi.accounts.services import create_person
    from jmdi.governance.models import Decision

    admin = create_person(actor=None, email="root@example.org", full_name="Root", verified=True)
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    locked = Decision.objects.get(meeting_id=records["approved"])
    draft = Decision.objects.get(number=records["draft_number"])
    url = f"/admin/governance/decision/{locked.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="text"' not in page.content.decode()  # shown, not editable
    client.post(url, {"text": "Changed in the admin."})
    assert Decision.objects.get(pk=locked.pk).text == APPROVED_DECISION
    assert (
        'name="text"'
        in client.get(f"/admin/governance/decision/{draft.pk}/change/").content.decode()
    )


def test_bad_input_on_a_form_names_the_field(client_as, records):
    response = client_as("pmu").post(
        f"{P}/meetings/{records['draft']}/attendance/", {"status": "represented"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose the member organisation." in html


def test_the_register_and_a_meeting_cost_the_same_queries_with_ten_times_the_data(
    client_as, pmu, records, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_as("pmu")

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    draft_url = f"{P}/meetings/{records['draft']}/"
    small = (count(f"{P}/decisions/"), count(draft_url))
    from jmdi.directory.models import Organisation
    from jmdi.governance.models import Meeting

    draft = Meeting.objects.get(pk=records["draft"])
    for i in range(10):
        services.record_decision(actor=pmu, meeting=draft, text=f"Decision {i}.")
        services.add_agenda_item(actor=pmu, meeting=draft, title=f"Item {i}")
    for organisation in Organisation.objects.filter(governance_bodies=draft.body):
        services.record_attendance(
            actor=pmu, meeting=draft, organisation=organisation, status="present"
        )
    for i in range(10):
        meeting(pmu, date=dt.date(2014, 4, i + 1))
    large = (count(f"{P}/decisions/"), count(draft_url))
    assert large == small
    assert count(f"{P}/committees/steering_committee/") <= 20
