from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from jmdi.community.models import Activity
from jmdi.support import services
from jmdi.support.models import Event, Message, Status
from jmdi.support.targets import targets
from jmdi.support.tests.factories import fake_pdf, make_member, make_request, pdf

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("programme_once_per_module")]


def test_submit_records_the_request_its_event_and_the_activity(owner):
    item = make_request(owner, uploads=[pdf()])
    assert item.status == Status.SUBMITTED
    assert item.submitted_on == timezone.localdate(item.submitted_at)
    assert [e.action for e in item.events.all()] == ["submitted"]
    assert item.attachments.get().kind == "PDF"
    assert Activity.objects.filter(kind="support_request", country="MA").count() == 1
    assert item.history.count() == 1


def test_submit_refuses_a_banned_member_and_a_person_without_profile(banned, outsider):
    with pytest.raises(PermissionDenied):
        make_request(banned)
    with pytest.raises(PermissionDenied):
        make_request(outsider)


def test_submit_refuses_a_file_whose_content_is_not_its_type(owner):
    with pytest.raises(ValidationError) as caught:
        make_request(owner, uploads=[fake_pdf()])
    assert "attachments" in caught.value.message_dict


def test_submit_names_each_missing_field(owner):
    with pytest.raises(ValidationError) as caught:
        make_request(owner, subject=" ", description="", topic="weather", country="XX")
    assert set(caught.value.message_dict) == {"subject", "description", "topic", "country"}


def test_the_whole_way_to_resolved_is_logged_and_dated(owner, pmu):
    item = make_request(owner)
    services.triage(actor=pmu, request=item, topic="financing", urgency="urgent", note="Desk MA")
    item.refresh_from_db()
    assert (item.status, item.topic, item.urgency) == ("triaged", "financing", "urgent")
    assert "Desk MA" in item.triage_note
    services.answer(actor=pmu, request=item, body="Here is what others did.")
    item.refresh_from_db()
    assert item.status == "answered"
    assert item.first_response_at is not None
    first = item.first_response_at
    services.answer(actor=pmu, request=item, body="And one more thing.")
    item.refresh_from_db()
    assert item.first_response_at == first  # the first response stays the first
    services.resolve(actor=pmu, request=item)
    item.refresh_from_db()
    assert item.status == "resolved"
    assert item.resolved_at
    assert item.resolved_within_target
    log = [(e.action, e.from_status, e.to_status, e.actor_id) for e in item.events.all()]
    assert log == [
        ("submitted", "", "submitted", owner.pk),
        ("triaged", "submitted", "triaged", pmu.pk),
        ("answered", "triaged", "answered", pmu.pk),
        ("answered", "answered", "answered", pmu.pk),
        ("resolved", "answered", "resolved", pmu.pk),
    ]
    assert item.history.count() == 5


def test_resolution_after_the_target_is_not_within_it(owner, pmu):
    past = timezone.now() - dt.timedelta(days=40)
    item = make_request(owner, at=past)
    services.answer(actor=pmu, request=item, body="Late.", at=past + dt.timedelta(days=1))
    services.resolve(actor=pmu, request=item)
    item.refresh_from_db()
    assert item.status == "resolved"
    assert not item.resolved_within_target


def test_a_member_cannot_triage_answer_or_resolve_their_own_request(owner):
    item = make_request(owner)
    for call in (
        lambda: services.triage(actor=owner, request=item, topic="other", urgency="normal"),
        lambda: services.answer(actor=owner, request=item, body="Self-answer"),
        lambda: services.close(actor=owner, request=item, reason="x"),
    ):
        with pytest.raises(PermissionDenied):
            call()
    item.refresh_from_db()
    assert item.status == "submitted"
    assert item.events.count() == 1


def test_only_the_referred_focal_point_of_the_country_answers_and_resolves(
    owner, pmu, focal_ma, focal_sn
):
    item = make_request(owner, country="MA")
    with pytest.raises(ValidationError):  # not a focal point of Morocco
        services.refer(actor=pmu, request=item, focal_point=focal_sn)
    services.refer(actor=pmu, request=item, focal_point=focal_ma, note="Regional office")
    with pytest.raises(PermissionDenied):
        services.answer(actor=focal_sn, request=item, body="Not mine")
    services.answer(actor=focal_ma, request=item, body="Let us meet.")
    services.resolve(actor=focal_ma, request=item)
    item.refresh_from_db()
    assert item.status == "resolved"
    assert item.events.filter(action="referred", detail__contains="Regional office").exists()


def test_refer_to_an_organisation_needs_a_contact(owner, pmu):
    from jmdi.directory.tests.factories import OrganisationFactory

    un = OrganisationFactory(country__code="MA", name="UN country team", kind="un_agency")
    item = make_request(owner)
    with pytest.raises(ValidationError) as caught:
        services.refer(actor=pmu, request=item, organisation=un)
    assert "contact" in caught.value.message_dict
    services.refer(actor=pmu, request=item, organisation=un, contact="rco@un.example.org")
    item.refresh_from_db()
    assert item.status == "referred"
    assert item.referral_contact == "rco@un.example.org"


def test_assign_only_to_a_pmu_officer(owner, pmu, focal_ma):
    item = make_request(owner)
    with pytest.raises(ValidationError):
        services.assign(actor=pmu, request=item, assignee=focal_ma)
    services.assign(actor=pmu, request=item, assignee=pmu)
    item.refresh_from_db()
    assert item.status == "assigned"
    assert item.assigned_to == pmu


def test_requester_adds_a_message_and_withdraws(owner, other_member):
    item = make_request(owner)
    with pytest.raises(PermissionDenied):
        services.add_message(actor=other_member, request=item, body="Hi")
    with pytest.raises(PermissionDenied):
        services.withdraw(actor=other_member, request=item)
    services.add_message(actor=owner, request=item, body="More detail", uploads=[pdf()])
    services.withdraw(actor=owner, request=item)
    item.refresh_from_db()
    assert item.status == "withdrawn"
    assert item.closed_at is not None
    assert Message.objects.get(request=item).attachments.count() == 1
    with pytest.raises(PermissionDenied):  # nothing more once withdrawn
        services.add_message(actor=owner, request=item, body="Again")


def test_close_without_answer_needs_a_reason(owner, pmu):
    item = make_request(owner)
    with pytest.raises(ValidationError):
        services.close(actor=pmu, request=item, reason="  ")
    services.close(actor=pmu, request=item, reason="A duplicate")
    item.refresh_from_db()
    assert item.status == "closed"
    with pytest.raises(PermissionDenied):
        services.resolve(actor=pmu, request=item)


def test_each_status_change_is_mailed_in_the_requesters_language(programme, pmu):
    requester = make_member(None, "SN", email="awa@example.org", language="fr")
    item = make_request(requester, country="SN")
    assert mail.outbox == []  # the submission itself is acknowledged on the page
    services.triage(actor=pmu, request=item, topic="planning", urgency="normal")
    services.answer(actor=pmu, request=item, body="Voici la réponse détaillée.")
    services.answer(actor=pmu, request=item, body="Un complément.")  # no change: no mail
    services.resolve(actor=pmu, request=item)
    assert len(mail.outbox) == 3
    assert all(message.to == ["awa@example.org"] for message in mail.outbox)
    assert "Voici la réponse détaillée." in mail.outbox[1].body
    assert f"/net/support/requests/{item.pk}/" in mail.outbox[2].body
    assert all(message.body.startswith("Bonjour Awa,") for message in mail.outbox)


def test_a_message_from_the_requester_sends_no_mail(owner):
    item = make_request(owner)
    services.add_message(actor=owner, request=item, body="Something")
    assert mail.outbox == []
    assert Event.objects.filter(request=item, action="message").count() == 1


def test_faq_from_a_resolved_request_only(owner, pmu):
    item = make_request(owner)
    with pytest.raises(PermissionDenied):
        services.make_faq(actor=pmu, request=item, question="Q?", answer="A.", topic="other")
    services.answer(actor=pmu, request=item, body="A.")
    services.resolve(actor=pmu, request=item)
    with pytest.raises(PermissionDenied):
        services.make_faq(actor=owner, request=item, question="Q?", answer="A.", topic="other")
    entry = services.make_faq(
        actor=pmu, request=item, question="How?", answer="Like this.", topic="planning",
        published=True,
    )  # fmt: skip
    assert entry.source_request == item
    assert entry.published
    assert item.events.filter(action="faq").exists()


def test_targets_default_and_from_the_programme():
    assert targets(None) == targets(SimpleNamespace())
    default = targets(None)
    assert (default.first_response_hours, default.resolution_days) == (72, 30)
    custom = targets(
        SimpleNamespace(service_targets={"first_response_hours": 24, "resolution_days": "10"})
    )
    assert (custom.first_response_hours, custom.resolution_days) == (24, 10)
    partial = targets(SimpleNamespace(service_targets={"resolution_days": 0}))
    assert (partial.first_response_hours, partial.resolution_days) == (72, 30)
