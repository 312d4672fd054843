"""The selection pages: who opens what (persona x page and action), the scores kept
hidden until a reviewer submits, and the ranking's fixed query count."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jmdi.selection import services
from jmdi.selection.models import CandidateDecision, Conflict, EligibilityResult, Round
from jmdi.selection.tests.factories import full_sheet, make_candidate, steering_meeting

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("programme_once_per_module")]

CODE = "jmdi-2"
SECRET = "Oujda diaspora savings fund"


def _urls(world):
    r, c = world.round.pk, world.ma.pk
    return {
        "rounds": reverse("selection:rounds", args=[CODE]),
        "round": reverse("selection:round", args=[CODE, r]),
        "candidate": reverse("selection:candidate", args=[CODE, r, c]),
        "scoresheet": reverse("selection:scoresheet", args=[CODE, r, c]),
        "ranking": reverse("selection:ranking", args=[CODE, r]),
        "decision": reverse("selection:decision", args=[CODE, r, c]),
        "export-pdf": reverse("selection:export-pdf", args=[CODE, r]),
        "export-xlsx": reverse("selection:export-xlsx", args=[CODE, r]),
    }


READ_ALL = {"rounds", "round", "candidate", "ranking", "export-pdf", "export-xlsx"}
#: persona -> the pages it opens (every other page is refused).
ALLOWED = {
    "anonymous": set(),
    "outsider": set(),
    "member": set(),
    "training_staff": set(),
    "grantee": set(),
    "technical": set(),
    "reviewer_ma": {"rounds", "round", "candidate", "scoresheet"},
    "focal_ma": {"rounds", "round", "candidate"},
    "focal_sn": {"rounds", "round"},
    "steering": READ_ALL,
    "pmu": READ_ALL | {"decision"},
}


@pytest.mark.parametrize("persona", list(ALLOWED))
def test_each_persona_opens_only_its_pages(world, client_as, persona, settings):
    settings.DEBUG = False
    client = client_as(persona)
    for page, url in _urls(world).items():
        if page.startswith("export-pdf") and page in ALLOWED[persona]:
            continue  # rendered once below: WeasyPrint is slow
        response = client.get(url)
        if page in ALLOWED[persona]:
            assert response.status_code == 200, (persona, page)
        else:
            expected = 302 if persona == "anonymous" else 403
            assert response.status_code == expected, (persona, page)
            assert SECRET not in response.content.decode(errors="replace"), (persona, page)


@pytest.mark.parametrize(
    "persona",
    ["anonymous", "outsider", "grantee", "reviewer_ma", "focal_ma", "focal_sn", "steering", "pmu"],
)
def test_actions_matrix(world, client_as, persona, pmu):
    client = client_as(persona)
    r, c = world.round.pk, world.ma.pk
    check = world.round.checks.get()
    # Eligibility: the PMU and Morocco's focal point.
    response = client.post(
        reverse("selection:candidate-eligibility", args=[CODE, r, c]),
        {f"check_{check.pk}": "no", f"note_{check.pk}": "No civil society partner"},
    )
    passed = EligibilityResult.objects.get(candidate=world.ma).passed
    if persona in ("pmu", "focal_ma"):
        assert response.status_code == 302
        assert passed is False
        services.record_eligibility(actor=pmu, candidate=world.ma, check=check, passed=True)
    else:
        assert response.status_code in (302, 403)
        assert passed is True
        assert response.status_code == (302 if persona == "anonymous" else 403)
    # Conflict of interest: an assigned reviewer only.
    response = client.post(
        reverse("selection:candidate-conflict", args=[CODE, r, c]), {"note": "Relative."}
    )
    assert Conflict.objects.exists() is (persona == "reviewer_ma")
    Conflict.objects.all().delete()
    # Opening and closing scoring: the PMU only.
    client.post(reverse("selection:round-move", args=[CODE, r]), {"status": "closed"})
    assert Round.objects.get(pk=r).status == ("closed" if persona == "pmu" else "open")
    # The committee's decision: the PMU only.
    Round.objects.filter(pk=r).update(status="closed")
    meeting = steering_meeting(pmu)
    response = client.post(
        reverse("selection:decision", args=[CODE, r, c]),
        {"outcome": "selected", "rationale": "Best.", "meeting": meeting.pk},
    )
    assert CandidateDecision.objects.exists() is (persona == "pmu")


def test_a_reviewer_opening_a_candidate_outside_their_rounds_is_refused(world, client_as):
    client = client_as("reviewer_ma")
    for name in ("candidate", "scoresheet"):
        url = reverse(f"selection:{name}", args=[CODE, world.other_round.pk, world.other.pk])
        response = client.get(url)
        assert response.status_code == 403
        assert "Kolda" not in response.content.decode()
    response = client.get(reverse("selection:round", args=[CODE, world.other_round.pk]))
    assert response.status_code == 403
    listing = client.get(reverse("selection:rounds", args=[CODE])).content.decode()
    assert "Senegal call" not in listing
    assert "Test call" in listing
    # A candidate of another round, reached through this round's address, is not found.
    url = reverse("selection:candidate", args=[CODE, world.round.pk, world.other.pk])
    assert client.get(url).status_code == 404


def test_other_reviewers_scores_are_hidden_until_ones_own_sheet_is_submitted(
    world, client_as, reviewer_ma
):
    scores = full_sheet(world.ma, 4)
    first = next(iter(scores))
    scores[first] = (1, False, "Budget lines XYZZY unclear")
    services.save_scores(actor=world.reviewer_sn, candidate=world.ma, scores=scores, submit=True)
    client = client_as("reviewer_ma")
    url = reverse("selection:candidate", args=[CODE, world.round.pk, world.ma.pk])
    body = client.get(url).content.decode()
    assert "XYZZY" not in body
    assert "Reviewer.Sn" not in body
    assert "once you submit your own" in body
    for export in ("export-pdf", "export-xlsx"):
        response = client.get(reverse(f"selection:{export}", args=[CODE, world.round.pk]))
        assert response.status_code == 403
        assert b"XYZZY" not in response.content
    # A draft of one's own is not enough.
    services.save_scores(actor=reviewer_ma, candidate=world.ma, scores=full_sheet(world.ma, 3))
    assert "XYZZY" not in client.get(url).content.decode()
    sheet_page = client.get(
        reverse("selection:scoresheet", args=[CODE, world.round.pk, world.ma.pk])
    )
    assert "XYZZY" not in sheet_page.content.decode()
    services.save_scores(
        actor=reviewer_ma, candidate=world.ma, scores=full_sheet(world.ma, 3), submit=True
    )
    body = client.get(url).content.decode()
    assert "XYZZY" in body
    assert "Reviewer.Sn" in body


def test_the_steering_committee_sees_every_score_and_the_export_holds_them(world, client_as):
    from io import BytesIO

    from openpyxl import load_workbook

    services.save_scores(
        actor=world.reviewer_sn,
        candidate=world.ma,
        scores=full_sheet(world.ma, 4, F1=(2, "Budget lines XYZZY unclear"), F2="na"),
        submit=True,
    )
    client = client_as("steering")
    url = reverse("selection:candidate", args=[CODE, world.round.pk, world.ma.pk])
    assert "XYZZY" in client.get(url).content.decode()
    response = client.get(reverse("selection:export-xlsx", args=[CODE, world.round.pk]))
    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames == ["Criteria", "Eligibility", "Scores", "Ranking", "Decisions"]
    rows = list(book["Scores"].iter_rows(values_only=True))
    assert rows[1][2:4] == (2, "n/a")
    ranking = list(book["Ranking"].iter_rows(values_only=True))
    # Every weight 1, every scale 0-5: F1 = 2, F2 = n/a (left out), nine criteria at 4:
    #   (2/5 + 9 · 4/5) / 10 = (0.4 + 7.2) / 10 = 0.76 → 76.0
    assert ranking[1][1] == world.ma.initiative.reference
    assert ranking[1][4] == 76.0
    pdf = client.get(reverse("selection:export-pdf", args=[CODE, world.round.pk]))
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")


def test_a_conflicted_reviewer_sees_no_scoresheet_form(world, client_as, reviewer_ma):
    services.declare_conflict(actor=reviewer_ma, candidate=world.ma, note="Relative.")
    client = client_as("reviewer_ma")
    body = client.get(
        reverse("selection:candidate", args=[CODE, world.round.pk, world.ma.pk])
    ).content.decode()
    assert "You declared a conflict of interest" in body
    assert reverse("selection:scoresheet", args=[CODE, world.round.pk, world.ma.pk]) not in body
    response = client.post(
        reverse("selection:scoresheet", args=[CODE, world.round.pk, world.ma.pk]), {"submit": "1"}
    )
    assert response.status_code == 403


def test_the_scoresheet_saves_then_submits(world, client_as, reviewer_ma):
    client = client_as("reviewer_ma")
    url = reverse("selection:scoresheet", args=[CODE, world.round.pk, world.ma.pk])
    criteria = services.applicable_criteria(world.ma)
    data = {f"score_{c.pk}": "3" for c in criteria}
    data[f"score_{criteria[0].pk}"] = "na"
    # htmx: the form alone comes back.
    response = client.post(url, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert b'id="scoresheet"' in response.content
    assert b"<html" not in response.content
    # Submitting with one criterion left blank names it.
    data[f"score_{criteria[1].pk}"] = ""
    response = client.post(url, {**data, "submit": "1"})
    assert response.status_code == 400
    assert f"Score {criteria[1].code} or tick" in response.content.decode()
    data[f"score_{criteria[1].pk}"] = "9"
    assert client.post(url, {**data, "submit": "1"}).status_code == 400
    data[f"score_{criteria[1].pk}"] = "5"
    response = client.post(url, {**data, "submit": "1"})
    assert response.status_code == 302
    sheet = world.ma.scoresheets.get(reviewer=reviewer_ma)
    assert sheet.submitted
    assert sheet.scores.get(criterion=criteria[0]).not_applicable


def _ranking_queries(client, world):
    url = reverse("selection:ranking", args=[CODE, world.round.pk])
    client.get(url)  # warm the session and caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_ranking_costs_the_same_queries_whatever_the_size(world, client_as, pmu, reviewer_ma):
    client = client_as("pmu")
    for candidate in (world.ma, world.sn):
        for reviewer in (reviewer_ma, world.reviewer_sn):
            services.save_scores(
                actor=reviewer, candidate=candidate, scores=full_sheet(candidate, 3), submit=True
            )
    small = _ranking_queries(client, world)
    for n in range(6):
        candidate = make_candidate(pmu, world.round, "MA" if n % 2 else "SN")
        for reviewer in (reviewer_ma, world.reviewer_sn):
            services.save_scores(
                actor=reviewer,
                candidate=candidate,
                scores=full_sheet(candidate, n % 5),
                submit=True,
            )
    services.move(actor=pmu, round=world.round, status="closed")
    meeting = steering_meeting(pmu)
    services.record_decision(
        actor=pmu, candidate=world.ma, outcome="selected", rationale="Best.", meeting=meeting
    )
    large = _ranking_queries(client, world)
    assert large == small
    assert small <= 16


def test_the_round_page_costs_the_same_queries_whatever_the_size(world, client_as, pmu):
    client = client_as("reviewer_ma")
    url = reverse("selection:round", args=[CODE, world.round.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for n in range(5):
        make_candidate(pmu, world.round, "MA" if n % 2 else "SN")
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large) == len(small)


@pytest.mark.parametrize("persona", ["focal_ma", "steering", "reviewer_ma", "pmu"])
def test_only_the_pmu_creates_a_round_adds_candidates_and_assigns_reviewers(
    world, client_as, persona
):
    from jmdi.initiatives.tests.factories import InitiativeFactory

    client = client_as(persona)
    response = client.post(
        reverse("selection:round-create", args=[CODE]),
        {"title": "2015 call", "checks": "Led by a local authority\nIn a programme country"},
    )
    created = Round.objects.filter(title="2015 call").first()
    initiative = InitiativeFactory(reference="MA-099")
    setup = reverse("selection:round-setup", args=[CODE, world.round.pk])
    client.post(setup, {"reference": "MA-099"})
    client.post(setup, {"email": world.reviewer_sn.email})
    if persona == "pmu":
        assert response.status_code == 302
        assert created.checks.count() == 2
        assert created.criteria.count() == 11
        assert world.round.candidates.filter(initiative=initiative).exists()
    else:
        assert response.status_code == 403
        assert created is None
        assert not world.round.candidates.filter(initiative=initiative).exists()
    assert world.round.assignments.count() == 2


def test_the_ranking_is_ranked_over_all_candidates_and_shown_a_page_at_a_time(
    world, client_as, reviewer_ma, monkeypatch
):
    from jmdi.selection import views

    for candidate, value in ((world.ma, 2), (world.sn, 4)):
        for reviewer in (reviewer_ma, world.reviewer_sn):
            services.save_scores(
                actor=reviewer,
                candidate=candidate,
                scores=full_sheet(candidate, value),
                submit=True,
            )
    monkeypatch.setattr(views, "RANKING_PAGE_SIZE", 1)
    url = reverse("selection:ranking", args=[CODE, world.round.pk])
    client = client_as("pmu")
    first = client.get(url).content.decode()
    second = client.get(url + "?page=2").content.decode()
    # The better-scored Senegalese candidate leads; the Moroccan one is second, on page 2.
    assert world.sn.initiative.reference in first
    assert world.ma.initiative.reference not in first
    assert world.ma.initiative.reference in second
    assert '<td class="nowrap">2</td>' in second  # ranked 2nd of all, not 1st of its page
