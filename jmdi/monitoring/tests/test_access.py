"""Who may open each monitoring page and do each monitoring action: the policy as a table
(same shape as jmdi/core/tests/test_access_matrix.py).

    OK     200            NO     403 (signed in, not allowed)
    GONE   404 (another country's record: not theirs to know of)
    LOGIN  302 to sign-in   DONE   302 back to a page (the action was done)

A refused page's body holds none of the refused data.
"""

from __future__ import annotations

import pytest

from jmdi.monitoring.models import Issue, Lesson, ScheduledEvent, WorkPlanStatus
from jmdi.monitoring.services import sync_schedule
from jmdi.monitoring.tests import factories as f

pytestmark = pytest.mark.usefixtures("programme_once_per_module")

OK, NO, GONE = 200, 403, 404
LOGIN, DONE = "302 to sign-in", "302 done"

COLUMNS = (
    "anonymous", "outsider", "member", "training_staff", "grantee",
    "reviewer_ma", "focal_ma", "focal_sn", "steering", "technical", "pmu",
)  # fmt: skip

P = "/programmes/jmdi-2"
REFUSED = (LOGIN, NO, NO, NO, NO)  # anonymous, outsider, member, training staff, grantee

# fmt: off
PAGES: dict[str, tuple[object, ...]] = {
    #                                           anonym outsid member traini grante rev_ma foc_ma foc_sn steeri techni pmu
    f"{P}/work-plan/tracking/":                 (*REFUSED,                     NO,    OK,    OK,    OK,    OK,    OK),
    f"{P}/work-plan/tracking/?country=SN":      (*REFUSED,                     NO,    OK,    OK,    OK,    OK,    OK),
    "{cell}?country=MA":                        (*REFUSED,                     NO,    OK,    NO,    NO,    NO,    OK),
    "{cell}?country=":                          (*REFUSED,                     NO,    NO,    NO,    NO,    NO,    OK),
    f"{P}/risk-log/":                           (*REFUSED,                     OK,    OK,    OK,    OK,    OK,    OK),
    f"{P}/risk-log/?as_of=2014-06-30&p=3&i=3":  (*REFUSED,                     OK,    OK,    OK,    OK,    OK,    OK),
    f"{P}/risk-log/1/":                         (*REFUSED,                     OK,    OK,    OK,    OK,    OK,    OK),
    f"{P}/issues/":                             (*REFUSED,                     NO,    OK,    OK,    OK,    OK,    OK),
    f"{P}/issues/?status=open&country=MA":      (*REFUSED,                     NO,    OK,    OK,    OK,    OK,    OK),
    f"{P}/issues/new/":                         (*REFUSED,                     NO,    OK,    OK,    NO,    NO,    OK),
    "{ma_issue}":                               (*REFUSED,                     NO,    OK,    GONE,  OK,    OK,    OK),
    "{sn_issue}":                               (*REFUSED,                     NO,    GONE,  OK,    OK,    OK,    OK),
    f"{P}/lessons/":                            (*REFUSED,                     NO,    OK,    OK,    OK,    OK,    OK),
    f"{P}/lessons/new/":                        (*REFUSED,                     NO,    OK,    OK,    NO,    NO,    OK),
    "{ma_lesson_edit}":                         (*REFUSED,                     NO,    OK,    NO,    NO,    NO,    OK),
    f"{P}/monitoring-schedule/":                (*REFUSED,                     NO,    OK,    OK,    OK,    OK,    OK),
    f"{P}/quality/":                            (*REFUSED,                     NO,    OK,    OK,    OK,    OK,    OK),
}

ACTIONS: dict[str, tuple[object, ...]] = {
    #                          anonym outsid member traini grante rev_ma foc_ma foc_sn steeri techni pmu
    "set MA status":           (*REFUSED,                     NO,    DONE,  NO,    NO,    NO,    DONE),
    "set programme status":    (*REFUSED,                     NO,    NO,    NO,    NO,    NO,    DONE),
    "review a risk":           (*REFUSED,                     NO,    NO,    NO,    NO,    NO,    DONE),
    "raise an issue":          (*REFUSED,                     NO,    DONE,  DONE,  NO,    NO,    DONE),
    "update the MA issue":     (*REFUSED,                     NO,    DONE,  GONE,  NO,    NO,    DONE),
    "resolve the MA issue":    (*REFUSED,                     NO,    DONE,  GONE,  NO,    NO,    DONE),
    "record a lesson":         (*REFUSED,                     NO,    DONE,  DONE,  NO,    NO,    DONE),
    "edit the MA lesson":      (*REFUSED,                     NO,    DONE,  NO,    NO,    NO,    DONE),
    "build the schedule":      (*REFUSED,                     NO,    NO,    NO,    NO,    NO,    DONE),
    "mark an event done":      (*REFUSED,                     NO,    NO,    NO,    NO,    NO,    DONE),
    "assess an output":        (*REFUSED,                     NO,    NO,    NO,    NO,    NO,    DONE),
}
# fmt: on

OWN_COUNTRY = {"focal_ma": "MA", "focal_sn": "SN"}


@pytest.fixture
def records(db, pmu):
    """An issue, a delay and a lesson in Morocco and in Senegal; the schedule built."""
    ma_issue = f.issue(pmu, "MA", f.SECRET_MA_ISSUE)
    sn_issue = f.issue(pmu, "SN", f.SECRET_SN_ISSUE)
    f.status(pmu, "SN", "delayed", f.SECRET_SN_DELAY)
    ma_lesson = f.lesson(pmu, ["MA"], "Oujda lesson")
    sync_schedule(programme=f.jmdi())
    sub, semester = f.first_sub(), f.semester()
    return {
        "cell": f"{P}/work-plan/tracking/{sub.pk}/{semester.pk}/",
        "ma_issue": f"{P}/issues/{ma_issue.number}/",
        "sn_issue": f"{P}/issues/{sn_issue.number}/",
        "ma_lesson_edit": f"{P}/lessons/{ma_lesson.pk}/edit/",
        "ma_issue_number": ma_issue.number,
        "event": ScheduledEvent.objects.filter(programme__code="jmdi-2").order_by("due").first(),
        "output": f.jmdi().outputs.order_by("order").first(),
    }


def _action(name: str, records: dict, persona: str) -> tuple[str, dict[str, str]]:
    country = OWN_COUNTRY.get(persona, "MA")
    country_pk = str(f.country(country).pk)
    n = records["ma_issue_number"]
    return {
        "set MA status": (f"{records['cell']}?country=MA", {"status": "on_track"}),
        "set programme status": (f"{records['cell']}?country=", {"status": "done"}),
        "review a risk": (
            f"{P}/risk-log/1/",
            {"reviewed_on": "2014-03-01", "status": "reducing", "probability": "2", "impact": "3"},
        ),
        "raise an issue": (
            f"{P}/issues/new/",
            {"title": "New", "type": "general", "priority": "low", "country": country_pk},
        ),
        "update the MA issue": (
            f"{P}/issues/{n}/",
            {
                "title": "Changed",
                "type": "general",
                "priority": "high",
                "status": "in_progress",
                "country": str(f.country("MA").pk),
            },
        ),
        "resolve the MA issue": (
            f"{P}/issues/{n}/resolve/",
            {"resolution": "Agreed with the mayor", "status": "resolved"},
        ),
        "record a lesson": (
            f"{P}/lessons/new/",
            {"title": "Peers", "text": "Peers teach best.", "countries": country_pk},
        ),
        "edit the MA lesson": (
            records["ma_lesson_edit"],
            {"title": "Oujda lesson", "text": "Edited.", "countries": str(f.country("MA").pk)},
        ),
        "build the schedule": (f"{P}/monitoring-schedule/", {}),
        "mark an event done": (f"{P}/monitoring-schedule/{records['event'].pk}/done/", {}),
        "assess an output": (
            f"{P}/quality/",
            {
                "output": str(records["output"].pk),
                "quarter": "2014-Q2",
                "rating": "partly",
                "findings": "Two of three workshops held.",
            },
        ),
    }[name]


def _check(response, expected: object, what: str) -> None:
    if expected == LOGIN:
        assert response.status_code == 302, what
        assert response["Location"].startswith("/accounts/login/?next="), what
    elif expected == DONE:
        assert response.status_code == 302, (what, response.status_code)
        assert not response["Location"].startswith("/accounts/login/"), what
    else:
        assert response.status_code == expected, f"{what}: {response.status_code} != {expected}"
    if response.status_code in (403, 404):
        body = response.content.decode()
        for secret in (f.SECRET_MA_ISSUE, f.SECRET_SN_ISSUE, f.SECRET_SN_DELAY, "Oujda lesson"):
            assert secret not in body, (what, secret)


PAGE_CASES = [(page, persona) for page in PAGES for persona in COLUMNS]
ACTION_CASES = [(name, persona) for name in ACTIONS for persona in COLUMNS]


def test_the_tables_cover_every_persona_of_the_suite():
    import conftest

    assert set(COLUMNS) == set(conftest.PERSONAS)


@pytest.mark.parametrize(
    ("page", "persona"), PAGE_CASES, ids=[f"{p} as {who}" for p, who in PAGE_CASES]
)
def test_page_access(client_as, records, page, persona):
    url = page.format(**records)
    response = client_as(persona).get(url)
    _check(response, dict(zip(COLUMNS, PAGES[page], strict=True))[persona], url)


@pytest.mark.parametrize(
    ("name", "persona"), ACTION_CASES, ids=[f"{n} as {who}" for n, who in ACTION_CASES]
)
def test_action_access(client_as, records, name, persona):
    url, data = _action(name, records, persona)
    issues, lessons, statuses = (
        Issue.objects.count(),
        Lesson.objects.count(),
        WorkPlanStatus.objects.count(),
    )
    response = client_as(persona).post(url, data)
    expected = dict(zip(COLUMNS, ACTIONS[name], strict=True))[persona]
    _check(response, expected, f"POST {url}")
    if expected != DONE:  # a refused action changes nothing
        assert (Issue.objects.count(), Lesson.objects.count(), WorkPlanStatus.objects.count()) == (
            issues,
            lessons,
            statuses,
        )


def test_a_focal_point_reads_nothing_of_the_other_country(client_as, records):
    client = client_as("focal_ma")
    for url in (
        f"{P}/issues/",
        f"{P}/issues/?country=SN",
        f"{P}/work-plan/tracking/",
        f"{P}/work-plan/tracking/?country=SN",
    ):
        html = client.get(url).content.decode()
        assert f.SECRET_SN_ISSUE not in html, url
        assert f.SECRET_SN_DELAY not in html, url
    html = client_as("focal_sn").get(f"{P}/work-plan/tracking/").content.decode()
    assert f.SECRET_SN_DELAY in html  # ...which its own focal point does see


def test_the_committees_read_every_country(client_as, records):
    html = client_as("steering").get(f"{P}/issues/").content.decode()
    assert f.SECRET_MA_ISSUE in html
    assert f.SECRET_SN_ISSUE in html
