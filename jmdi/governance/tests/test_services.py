"""Meetings, minutes and numbered decisions; a decision of approved minutes never changes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jmdi.directory.models import Organisation
from jmdi.governance import services
from jmdi.governance.models import Attendance, Decision, DecisionLocked, Meeting
from jmdi.governance.tests.helpers import approve, body, meeting

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("programme_once_per_module")]


def test_a_meeting_keeps_its_agenda_in_order(pmu):
    found = meeting(pmu)
    services.add_agenda_item(actor=pmu, meeting=found, title="Any other business")
    assert [i.title for i in found.agenda_items.all()] == [
        "Opening",
        "Selection of initiatives",
        "Any other business",
    ]
    assert [i.order for i in found.agenda_items.all()] == [1, 2, 3]


def test_a_meeting_outside_the_programme_or_without_a_place_names_the_field(pmu):
    with pytest.raises(ValidationError) as caught:
        services.create_meeting(actor=pmu, body=body(), date=dt.date(2011, 1, 1), place="")
    assert set(caught.value.error_dict) == {"date", "place"}
    assert not Meeting.objects.exists()


def test_only_the_secretariat_records_meetings(focal_ma, steering):
    for who in (focal_ma, steering):
        with pytest.raises(PermissionDenied):
            services.create_meeting(actor=who, body=body(), date=dt.date(2014, 1, 1), online=True)


def test_attendance_is_of_member_organisations_or_invited_observers(pmu):
    found = meeting(pmu)
    undp = Organisation.objects.get(acronym="UNDP")
    ec = Organisation.objects.get(acronym="EC")
    services.record_attendance(actor=pmu, meeting=found, organisation=undp, status="present")
    services.record_attendance(
        actor=pmu, meeting=found, organisation=ec, status="represented", person="A. Delegate"
    )
    services.record_attendance(
        actor=pmu, meeting=found, status="observer", person="M. Diallo", observer_affiliation="AIMF"
    )
    # recording UNDP again replaces its line
    services.record_attendance(actor=pmu, meeting=found, organisation=undp, status="absent")
    lines = {(a.organisation_id, a.status) for a in Attendance.objects.filter(meeting=found)}
    assert lines == {(undp.pk, "absent"), (ec.pk, "represented"), (None, "observer")}


def test_a_non_member_or_an_unnamed_representative_is_refused_naming_the_field(pmu):
    found = meeting(pmu, code="technical_committee")
    ec = Organisation.objects.get(acronym="EC")  # not on the technical committee
    with pytest.raises(ValidationError) as caught:
        services.record_attendance(actor=pmu, meeting=found, organisation=ec, status="present")
    assert "organisation" in caught.value.error_dict
    undp = Organisation.objects.get(acronym="UNDP")
    with pytest.raises(ValidationError) as caught:
        services.record_attendance(
            actor=pmu, meeting=found, organisation=undp, status="represented"
        )
    assert "person" in caught.value.error_dict
    assert not Attendance.objects.exists()


def test_decisions_are_numbered_per_committee_and_year_without_gaps(pmu):
    first = meeting(pmu, date=dt.date(2014, 3, 27))
    one = services.record_decision(actor=pmu, meeting=first, text="Approve the work plan.")
    two = services.record_decision(actor=pmu, meeting=first, text="Adopt the criteria.")
    technical = meeting(pmu, code="technical_committee", date=dt.date(2014, 4, 2))
    other = services.record_decision(actor=pmu, meeting=technical, text="Advise on Morocco.")
    next_year = meeting(pmu, date=dt.date(2015, 1, 20))
    three = services.record_decision(actor=pmu, meeting=next_year, text="Select initiatives.")
    assert [one.number, two.number, other.number, three.number] == [
        "SC-2014-01",
        "SC-2014-02",
        "TC-2014-01",
        "SC-2015-01",
    ]


def test_a_refused_decision_does_not_use_up_a_number(pmu):
    found = meeting(pmu)
    with pytest.raises(ValidationError) as caught:
        services.record_decision(actor=pmu, meeting=found, text="  ")
    assert "text" in caught.value.error_dict
    assert services.record_decision(actor=pmu, meeting=found, text="Ok.").number == "SC-2014-01"


def test_approving_minutes_records_who_and_when(pmu):
    found = approve(pmu, meeting(pmu))
    assert found.approved
    assert found.minutes_approved_by == pmu
    assert found.minutes_approved_at is not None
    assert found.history.first().history_change_reason == "minutes approved"


def test_minutes_cannot_be_approved_empty(pmu):
    with pytest.raises(ValidationError) as caught:
        services.approve_minutes(actor=pmu, meeting=meeting(pmu))
    assert "minutes" in caught.value.error_dict


@pytest.fixture
def locked_decision(pmu):
    found = meeting(pmu)
    decision = services.record_decision(actor=pmu, meeting=found, text="Approve the work plan.")
    approve(pmu, found)
    return Decision.objects.get(pk=decision.pk)


def test_a_decision_of_approved_minutes_cannot_be_edited_through_the_service(pmu, locked_decision):
    with pytest.raises(ValidationError) as caught:
        services.edit_decision(actor=pmu, decision=locked_decision, text="Something else.")
    assert "text" in caught.value.error_dict
    assert Decision.objects.get(pk=locked_decision.pk).text == "Approve the work plan."


def test_a_decision_of_approved_minutes_refuses_a_direct_save(locked_decision):
    locked_decision.text = "Rewritten in the shell."
    with pytest.raises(DecisionLocked):
        locked_decision.save()
    with pytest.raises(DecisionLocked):
        Decision.objects.filter(pk=locked_decision.pk).update(text="Bulk rewrite")
    with pytest.raises(DecisionLocked):
        locked_decision.delete()
    assert Decision.objects.get(pk=locked_decision.pk).text == "Approve the work plan."


def test_no_decision_is_added_to_approved_minutes(pmu, locked_decision):
    with pytest.raises(ValidationError):
        services.record_decision(actor=pmu, meeting=locked_decision.meeting, text="Late addition.")


def test_a_draft_decision_can_be_corrected(pmu):
    found = meeting(pmu)
    decision = services.record_decision(actor=pmu, meeting=found, text="Aprove.")
    assert services.edit_decision(actor=pmu, decision=decision, text="Approve.").text == "Approve."


def test_a_later_decision_supersedes_an_approved_one(pmu, locked_decision):
    later = meeting(pmu, date=dt.date(2015, 1, 20))
    new = services.record_decision(
        actor=pmu, meeting=later, text="Revised work plan.", supersedes=locked_decision
    )
    assert new.number == "SC-2015-01"
    assert Decision.objects.get(pk=locked_decision.pk).superseded_by == new
    with pytest.raises(ValidationError) as caught:
        services.record_decision(
            actor=pmu, meeting=later, text="Again.", supersedes=locked_decision
        )
    assert "supersedes" in caught.value.error_dict


def test_a_decision_links_to_what_it_decides(pmu):
    found = meeting(pmu)
    target = body("technical_committee")
    decision = services.record_decision(actor=pmu, meeting=found, text="Mandate.", target=target)
    assert Decision.objects.get(pk=decision.pk).target == target
