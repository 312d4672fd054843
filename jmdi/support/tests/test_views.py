"""The support facility's pages as a matrix of roles and actions, with forged POSTs."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import PERSONAS
from jmdi.support import services
from jmdi.support.models import FaqEntry, SupportRequest
from jmdi.support.tests.factories import (
    SECRET_OTHER,
    SECRET_OWNED,
    SECRET_SN,
    fake_pdf,
    make_request,
    pdf,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("programme_once_per_module")]

#: Every persona of the root conftest, plus the app's own: a banned member, the member
#: who owns a request ("member", with a profile), another member.
EVERYONE = [*PERSONAS, "banned", "other_member"]


@pytest.fixture
def sign_in(client, request, owner):
    """Like `client_as`, with this app's own personas too; `member` owns a request."""

    def as_persona(persona: str):
        if persona != "anonymous":
            client.force_login(request.getfixturevalue(persona))
        return client

    return as_persona


def url(name: str, *args: object) -> str:
    return reverse(f"support:{name}", args=args)


# --- Pages every role opens -------------------------------------------------------------------


@pytest.mark.parametrize("persona", EVERYONE)
def test_the_faq_and_the_support_home_are_open_to_everyone(sign_in, pmu, persona):
    services.save_faq(
        actor=pmu, question="Published question?", answer="Yes.", topic="other", published=True
    )
    services.save_faq(
        actor=pmu, question="Draft-question-5521?", answer="No.", topic="other", published=False
    )
    client = sign_in(persona)
    page = client.get(url("faq"))
    assert page.status_code == 200
    assert "Published question?" in page.content.decode()
    # Unpublished entries: the PMU only.
    assert ("Draft-question-5521?" in page.content.decode()) == (persona == "pmu")
    assert client.get(url("list")).status_code == 200


def test_the_faq_search_matches_questions_and_answers(client, pmu):
    services.save_faq(
        actor=pmu, question="Remittances?", answer="Banks.", topic="financing", published=True
    )
    services.save_faq(
        actor=pmu, question="Diaspora?", answer="Mapping first.", topic="diaspora", published=True
    )
    body = client.get(url("faq"), {"q": "mapping"}).content.decode()
    assert "Diaspora?" in body
    assert "Remittances?" not in body
    body = client.get(url("faq"), {"topic": "financing"}).content.decode()
    assert "Remittances?" in body
    assert "Diaspora?" not in body


@pytest.mark.parametrize("persona", EVERYONE)
def test_the_ask_page_shows_the_form_only_to_members_who_may_post(sign_in, persona):
    body = sign_in(persona).get(url("ask")).content.decode()
    has_form = 'name="subject"' in body
    assert has_form == (persona in ("member", "other_member"))
    if persona == "anonymous":
        assert reverse("account_login") in body


@pytest.mark.parametrize("persona", EVERYONE)
def test_the_queue_and_the_report_are_the_pmus(sign_in, world, persona):
    client = sign_in(persona)
    for name in ("queue", "report"):
        response = client.get(url(name))
        expected = {"pmu": 200, "anonymous": 302}.get(persona, 403)
        assert response.status_code == expected, name
        if expected != 200:
            assert SECRET_OWNED not in response.content.decode()


@pytest.mark.parametrize("persona", EVERYONE)
def test_referrals_list_the_focal_points_own_country_only(sign_in, world, persona):
    response = sign_in(persona).get(url("referrals"))
    expected = (
        200 if persona in ("focal_ma", "focal_sn") else 302 if persona == "anonymous" else 403
    )
    assert response.status_code == expected
    body = response.content.decode()
    assert (SECRET_OTHER in body) == (persona == "focal_ma")
    assert SECRET_OWNED not in body


@pytest.mark.parametrize("persona", EVERYONE)
def test_my_requests_list_only_my_own(sign_in, world, persona):
    response = sign_in(persona).get(url("mine"))
    assert response.status_code == (302 if persona == "anonymous" else 200)
    body = response.content.decode()
    assert (SECRET_OWNED in body) == (persona == "member")
    assert (SECRET_OTHER in body) == (persona == "other_member")


# --- One request, every role ---------------------------------------------------------------------


@pytest.mark.parametrize("persona", EVERYONE)
def test_a_request_is_read_by_its_requester_and_the_pmu_only(sign_in, world, persona):
    response = sign_in(persona).get(url("request", world.owned.pk))
    if persona in ("member", "pmu"):
        assert response.status_code == 200
        assert SECRET_OWNED in response.content.decode()
    else:
        assert response.status_code == (302 if persona == "anonymous" else 404)
        assert SECRET_OWNED not in response.content.decode()


@pytest.mark.parametrize("persona", EVERYONE)
def test_a_referral_is_read_by_its_focal_point_not_the_other_countrys(sign_in, world, persona):
    response = sign_in(persona).get(url("request", world.referred.pk))
    if persona in ("other_member", "pmu", "focal_ma"):
        assert response.status_code == 200
    else:
        assert response.status_code == (302 if persona == "anonymous" else 404)
        assert SECRET_OTHER not in response.content.decode()


def test_the_requester_sees_no_triage_notes_the_focal_point_does(sign_in, world, pmu, client):
    services.triage(
        actor=pmu, request=world.owned, topic="planning", urgency="normal", note="Internal-88"
    )
    body = sign_in("member").get(url("request", world.owned.pk)).content.decode()
    assert "Internal-88" not in body
    assert 'action="/net/support/requests/' in body  # the message form
    assert url("triage", world.owned.pk) not in body


# --- Forged POSTs ---------------------------------------------------------------------------


ACTIONS = {
    "triage": {"topic": "other", "urgency": "urgent", "note": "forged"},
    "answer": {"body": "forged answer"},
    "resolve": {"note": ""},
    "close": {"reason": "forged"},
    "refer": {"contact": "x"},
    "assign": {"note": ""},
    "make-faq": {"question": "Q", "answer": "A", "topic": "other", "published": "on"},
}


@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_a_member_cannot_post_the_pmus_actions_on_their_own_request(sign_in, world, action):
    response = sign_in("member").post(url(action, world.owned.pk), ACTIONS[action])
    assert response.status_code == 403
    world.owned.refresh_from_db()
    assert world.owned.status == "submitted"
    assert world.owned.events.count() == 1
    assert not FaqEntry.objects.exists()


@pytest.mark.parametrize("action", [*sorted(ACTIONS), "message", "withdraw"])
def test_nobody_but_the_pmu_acts_on_another_members_request(sign_in, world, action):
    for persona in ("member", "focal_sn", "outsider", "banned"):
        response = sign_in(persona).post(url(action, world.referred.pk), {"body": "x"})
        assert response.status_code == 404, persona
        assert SECRET_OTHER not in response.content.decode()
    world.referred.refresh_from_db()
    assert world.referred.status == "referred"


def test_a_focal_point_of_senegal_cannot_open_or_answer_a_moroccan_referral(sign_in, world):
    client = sign_in("focal_sn")
    assert client.get(url("request", world.referred.pk)).status_code == 404
    assert client.post(url("answer", world.referred.pk), {"body": "x"}).status_code == 404
    assert client.post(url("resolve", world.referred.pk), {}).status_code == 404


def test_a_referral_to_a_focal_point_of_another_country_stays_closed_to_them(sign_in, world):
    """Written past the services (a role moved, a forged row): Senegal's focal point still
    cannot open, list or answer a Moroccan request."""
    from jmdi.accounts.models import User

    focal_sn = User.objects.get(email="focal.sn@example.org")
    SupportRequest.objects.filter(pk=world.referred.pk).update(referred_to_focal_point=focal_sn)
    client = sign_in("focal_sn")
    assert client.get(url("request", world.referred.pk)).status_code == 404
    assert SECRET_OTHER not in client.get(url("referrals")).content.decode()
    assert client.post(url("answer", world.referred.pk), {"body": "x"}).status_code == 404


def test_the_moroccan_focal_point_answers_and_resolves_but_does_not_triage(sign_in, world):
    client = sign_in("focal_ma")
    assert client.post(url("triage", world.referred.pk), ACTIONS["triage"]).status_code == 403
    assert client.post(url("answer", world.referred.pk), {"body": "Let us meet"}).status_code == 302
    assert client.post(url("resolve", world.referred.pk), {"note": ""}).status_code == 302
    world.referred.refresh_from_db()
    assert world.referred.status == "resolved"
    assert world.referred.first_response_at is not None


def test_the_pmu_triages_refers_and_closes_through_the_pages(sign_in, world, focal_ma):
    client = sign_in("pmu")
    item = world.owned
    assert client.post(url("triage", item.pk), ACTIONS["triage"]).status_code == 302
    response = client.post(url("refer", item.pk), {"focal_point": focal_ma.pk})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == "referred"
    assert item.referred_to_focal_point == focal_ma
    bad = client.post(url("close", item.pk), {"reason": ""})
    assert bad.status_code == 400
    assert client.post(url("close", item.pk), {"reason": "Duplicate"}).status_code == 302
    item.refresh_from_db()
    assert item.status == "closed"


def test_the_requester_messages_and_withdraws(sign_in, world):
    client = sign_in("member")
    response = client.post(url("message", world.owned.pk), {"body": "More", "attachments": [pdf()]})
    assert response.status_code == 302
    assert client.post(url("withdraw", world.owned.pk)).status_code == 302
    world.owned.refresh_from_db()
    assert world.owned.status == "withdrawn"
    assert client.post(url("message", world.owned.pk), {"body": "Again"}).status_code == 403


# --- Submitting -------------------------------------------------------------------------------


FORM = {
    "subject": "Council vote next week",
    "topic": "financing",
    "country": "MA",
    "urgency": "urgent",
    "description": "How do we budget the co-financing?",
}


def test_a_member_submits_with_a_file_and_follows_it(sign_in):
    client = sign_in("member")
    response = client.post(url("ask"), {**FORM, "attachments": [pdf()]})
    assert response.status_code == 302
    item = SupportRequest.objects.get()
    assert response["Location"] == url("request", item.pk)
    assert item.attachments.count() == 1
    attachment = item.attachments.get()
    assert client.get(url("attachment", attachment.pk)).status_code == 200


def test_a_file_not_what_its_name_says_is_refused(sign_in):
    response = sign_in("member").post(url("ask"), {**FORM, "attachments": [fake_pdf()]})
    assert response.status_code == 200
    assert "virus.pdf" in response.content.decode()
    assert not SupportRequest.objects.exists()


def test_another_persons_attachment_is_not_found(sign_in, owner, other_member):
    item = make_request(other_member, uploads=[pdf()])
    response = sign_in("member").get(url("attachment", item.attachments.get().pk))
    assert response.status_code == 404


def test_the_honeypot_stops_a_robot(sign_in):
    response = sign_in("member").post(url("ask"), {**FORM, "website": "http://spam.example"})
    assert response.status_code == 200
    assert not SupportRequest.objects.exists()


def test_submissions_are_rate_limited_per_person(sign_in):
    client = sign_in("member")
    for _n in range(5):
        assert client.post(url("ask"), FORM).status_code == 302
    assert client.post(url("ask"), FORM).status_code == 429
    assert SupportRequest.objects.count() == 5


@pytest.mark.parametrize("persona", ["anonymous", "banned", "outsider", "pmu"])
def test_who_is_not_a_posting_member_cannot_submit(sign_in, persona):
    response = sign_in(persona).post(url("ask"), FORM)
    assert response.status_code == 200
    assert not SupportRequest.objects.exists()


# --- The queue ----------------------------------------------------------------------------------


def _requests(owner, count: int, **overrides):
    return [make_request(owner, subject=f"Queued {n}", **overrides) for n in range(count)]


def test_the_queue_puts_urgent_first_then_the_oldest(sign_in, owner, pmu):
    now = timezone.now()
    old = make_request(owner, subject="Old normal", at=now - dt.timedelta(days=3))
    new_urgent = make_request(owner, subject="New urgent", urgency="urgent", at=now)
    newer = make_request(owner, subject="New normal", at=now - dt.timedelta(hours=1))
    done = make_request(owner, subject="Finished-one")
    services.close(actor=pmu, request=done, reason="Duplicate")
    body = sign_in("pmu").get(url("queue")).content.decode()
    positions = [body.index(item.subject) for item in (new_urgent, old, newer)]
    assert positions == sorted(positions)
    assert "Finished-one" not in body


def test_the_queue_filters(sign_in, owner, pmu):
    now = timezone.now()
    late = make_request(owner, subject="Late-one", country="SN", at=now - dt.timedelta(days=5))
    make_request(owner, subject="Fresh-one", country="MA", topic="diaspora")
    client = sign_in("pmu")
    body = client.get(url("queue"), {"overdue": "1"}).content.decode()
    assert "Late-one" in body
    assert "Fresh-one" not in body
    body = client.get(url("queue"), {"country": "MA"}).content.decode()
    assert "Fresh-one" in body
    assert "Late-one" not in body
    body = client.get(url("queue"), {"topic": "diaspora", "urgency": "normal"}).content.decode()
    assert "Fresh-one" in body
    assert "Late-one" not in body
    services.answer(actor=pmu, request=late, body="Done")
    body = client.get(url("queue"), {"status": "answered"}).content.decode()
    assert "Late-one" in body
    assert "Fresh-one" not in body


def _queries(client, address: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["queue", "mine", "referrals", "faq", "report"])
def test_the_lists_cost_the_same_with_more_data(
    client, owner, pmu, focal_ma, name, django_assert_max_num_queries
):
    viewer = {"mine": owner, "referrals": focal_ma}.get(name, pmu)
    client.force_login(viewer)

    def more(count: int) -> None:
        for item in _requests(owner, count, urgency="urgent"):
            services.refer(actor=pmu, request=item, focal_point=focal_ma)
            services.answer(actor=focal_ma, request=item, body="Answer")
        for n in range(count):
            services.save_faq(
                actor=pmu, question=f"Q{n}?", answer="A.", topic="other", published=True
            )

    more(2)
    before = _queries(client, url(name))
    more(6)
    with django_assert_max_num_queries(before):
        assert client.get(url(name)).status_code == 200


def test_the_request_page_costs_the_same_with_more_messages(
    client, owner, pmu, django_assert_max_num_queries
):
    item = make_request(owner)
    services.answer(actor=pmu, request=item, body="One", uploads=[pdf()])
    client.force_login(pmu)
    before = _queries(client, url("request", item.pk))
    for n in range(5):
        services.add_message(actor=owner, request=item, body=f"More {n}", uploads=[pdf()])
        services.answer(actor=pmu, request=item, body=f"Answer {n}")
    with django_assert_max_num_queries(before):
        assert client.get(url("request", item.pk)).status_code == 200


def test_the_report_gives_medians_and_shares_within_target(sign_in, owner, pmu):
    now = timezone.now()
    fast = make_request(owner, country="MA", at=now - dt.timedelta(days=10))
    services.answer(actor=pmu, request=fast, body="A", at=now - dt.timedelta(days=10, hours=-10))
    services.resolve(actor=pmu, request=fast, at=now - dt.timedelta(days=8))
    slow = make_request(owner, country="MA", at=now - dt.timedelta(days=9))
    services.answer(actor=pmu, request=slow, body="A", at=now - dt.timedelta(days=9, hours=-100))
    make_request(owner, country="SN")
    from jmdi.support import selectors

    report = selectors.report(selectors.current_targets(), timezone.localdate())
    morocco = next(row for row in report.countries if row.label == "Morocco")
    assert morocco.received == 2
    assert morocco.median_response_hours == 55.0
    assert morocco.response_share == 50
    assert morocco.resolution_share == 100
    assert report.total.received == 3
    body = sign_in("pmu").get(url("report")).content.decode()
    assert "Morocco" in body
    assert "55.0" in body


def test_a_resolved_request_becomes_a_public_faq_entry(sign_in, world, pmu, client):
    services.answer(actor=pmu, request=world.owned, body="Answer")
    services.resolve(actor=pmu, request=world.owned)
    pmu_client = sign_in("pmu")
    page = pmu_client.get(url("request", world.owned.pk)).content.decode()
    assert url("make-faq", world.owned.pk) in page
    response = pmu_client.post(
        url("make-faq", world.owned.pk),
        {
            "question": "How to plan?",
            "answer": "Start small.",
            "topic": "planning",
            "published": "on",
        },
    )
    assert response.status_code == 302
    pmu_client.logout()
    body = client.get(url("faq")).content.decode()
    assert "How to plan?" in body
    assert SECRET_OWNED not in body
    assert SECRET_SN not in body
