"""The rules of the monitoring logs, as the services enforce them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from jmdi.monitoring import selectors, services
from jmdi.monitoring.models import (
    Issue,
    QualityAssessment,
    ReminderSent,
    RiskReview,
    ScheduledEvent,
    WorkPlanStatus,
)
from jmdi.monitoring.tests import factories as f
from jmdi.programmes.models import Output

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("programme_once_per_module")]


# --- Work plan ------------------------------------------------------------------------------


def test_a_delay_needs_its_reason_and_the_refusal_names_the_comment(pmu):
    with pytest.raises(ValidationError) as refused:
        f.status(pmu, "MA", "delayed", "   ")
    assert "comment" in refused.value.message_dict
    assert not WorkPlanStatus.objects.exists()
    row = f.status(pmu, "MA", "delayed", "The venue was not available.")
    assert row.comment == "The venue was not available."


def test_a_focal_point_sets_their_country_only(focal_ma):
    f.status(focal_ma, "MA", "on_track")
    with pytest.raises(PermissionDenied):
        f.status(focal_ma, "SN", "on_track")
    with pytest.raises(PermissionDenied):
        f.status(focal_ma, None, "on_track")  # the programme-wide status is the PMU's
    assert WorkPlanStatus.objects.count() == 1


def test_a_status_changed_keeps_its_dated_history(pmu):
    f.status(pmu, None, "planned", at=f.at(dt.date(2013, 12, 10)))
    f.status(pmu, None, "delayed", "Waiting for the call.", at=f.at(dt.date(2014, 2, 1)))
    row = WorkPlanStatus.objects.get()
    assert row.status == "delayed"
    history = list(row.history.order_by("history_date").values_list("status", "history_date"))
    assert [h[0] for h in history] == ["planned", "delayed"]
    assert history[0][1].date() == dt.date(2013, 12, 10)


def test_statuses_of_a_country_and_of_the_programme_are_kept_apart(pmu):
    f.status(pmu, None, "on_track")
    f.status(pmu, "MA", "delayed", "Elections")
    f.status(pmu, "MA", "done")  # the same cell again: updated, not duplicated
    assert WorkPlanStatus.objects.count() == 2
    assert WorkPlanStatus.objects.get(country__isnull=True).status == "on_track"


# --- Risks ------------------------------------------------------------------------------------


def test_the_risk_log_as_of_a_date_reads_the_review_of_that_day(pmu):
    risk = f.risk(1)
    day = max(risk.date_identified, dt.date(2013, 1, 1))
    services.record_risk_review(
        actor=pmu, risk=risk, status="increasing", probability=4, impact=4,
        reviewed_on=day + dt.timedelta(days=30), at=f.at(day),
    )  # fmt: skip
    services.record_risk_review(
        actor=pmu, risk=risk, status="reducing", probability=2, impact=3,
        reviewed_on=day + dt.timedelta(days=200), at=f.at(day),
    )  # fmt: skip
    now = {r.risk.number: r for r in selectors.logged_risks(f.jmdi(), None)}
    assert (now[1].status, now[1].probability, now[1].impact) == ("reducing", 2, 3)
    then = {r.risk.number: r for r in selectors.logged_risks(f.jmdi(), day + dt.timedelta(days=60))}
    assert (then[1].status, then[1].probability) == ("increasing", 4)
    before = {r.risk.number: r for r in selectors.logged_risks(f.jmdi(), day)}
    assert before[1].review is None  # as the document assessed it
    assert before[1].probability == risk.probability


def test_the_risk_log_costs_the_same_queries_whatever_the_reviews(pmu, django_assert_num_queries):
    risk = f.risk(1)
    day = max(risk.date_identified, dt.date(2013, 1, 1))
    for i in range(30):
        services.record_risk_review(
            actor=pmu, risk=risk, status="no_change", probability=3, impact=3,
            reviewed_on=day + dt.timedelta(days=i), at=f.at(day),
        )  # fmt: skip
    with django_assert_num_queries(3):
        selectors.get_risk_log("jmdi-2", None, None)


def test_a_review_outside_the_scale_is_refused_naming_the_field(pmu):
    with pytest.raises(ValidationError) as refused:
        services.record_risk_review(
            actor=pmu, risk=f.risk(1), status="reducing", probability=6, impact=3
        )
    assert "probability" in refused.value.message_dict
    assert not RiskReview.objects.exists()


def test_only_the_pmu_reviews_risks(focal_ma, steering):
    for person in (focal_ma, steering):
        with pytest.raises(PermissionDenied):
            services.record_risk_review(
                actor=person, risk=f.risk(1), status="reducing", probability=2, impact=2
            )


# --- Issues ------------------------------------------------------------------------------------


def test_an_issue_is_resolved_only_with_its_resolution(pmu):
    issue = f.issue(pmu, "MA")
    with pytest.raises(ValidationError) as refused:
        services.resolve_issue(actor=pmu, issue=issue, resolution=" ")
    assert "resolution" in refused.value.message_dict
    assert Issue.objects.get().status == "open"
    done = services.resolve_issue(actor=pmu, issue=issue, resolution="Agreed a new date.")
    assert (done.status, done.resolution) == ("resolved", "Agreed a new date.")
    assert done.settled_on is not None
    assert done.history.count() == 2


def test_a_focal_point_raises_issues_for_their_country_only(focal_ma, pmu):
    issue = f.issue(focal_ma, "MA")
    assert issue.raised_by == focal_ma
    with pytest.raises(ValidationError) as refused:
        f.issue(focal_ma, "SN")
    assert "country" in refused.value.message_dict
    with pytest.raises(ValidationError):
        f.issue(focal_ma, None)
    other = f.issue(pmu, "SN")
    with pytest.raises(PermissionDenied):
        services.update_issue(actor=focal_ma, issue=other, priority="high")


def test_issues_are_numbered_in_turn(pmu):
    assert [f.issue(pmu, None).number for _ in range(3)] == [1, 2, 3]


# --- Lessons -----------------------------------------------------------------------------------


def test_lessons_recorded_are_counted_by_their_measure(pmu):
    from jmdi.core.measures import Cell, Period, Scope
    from jmdi.monitoring.plugin import LESSONS_RECORDED

    f.lesson(pmu, ["MA", "SN"], recorded_on=dt.date(2014, 2, 1))
    f.lesson(pmu, ["MA"], recorded_on=dt.date(2014, 5, 1))
    f.lesson(pmu, ["SN"], recorded_on=dt.date(2014, 8, 1))
    q1 = Period("2014-Q1", "quarter", dt.date(2014, 1, 1), dt.date(2014, 3, 31))
    q2 = Period("2014-Q2", "quarter", dt.date(2014, 4, 1), dt.date(2014, 6, 30))
    scope = Scope("jmdi-2", (q1, q2), ("MA", "SN"))
    values = LESSONS_RECORDED.values(scope)
    assert values[Cell("MA", "2014-Q1")] == 1
    assert values[Cell("MA", "2014-Q2")] == 1
    assert values[Cell("SN", "2014-Q2")] == 0
    assert values[Cell(None, "2014-Q1")] == 1  # one lesson of two countries counts once
    cumulative = LESSONS_RECORDED.values(Scope("jmdi-2", (q1, q2), ("MA", "SN"), cumulative=True))
    assert cumulative[Cell(None, "2014-Q2")] == 2


def test_a_lesson_needs_its_text_and_a_focal_point_their_own_country(pmu, focal_ma):
    with pytest.raises(ValidationError) as refused:
        f.lesson(pmu, ["MA"], text="")
    assert "text" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        f.lesson(focal_ma, ["SN"])
    assert "countries" in refused.value.message_dict


# --- Schedule and reminders --------------------------------------------------------------------


def test_the_schedule_has_one_event_per_due_date_and_is_built_once(pmu):
    made = services.sync_schedule(programme=f.jmdi())
    assert made > 0
    assert services.sync_schedule(programme=f.jmdi()) == 0
    codes = set(ScheduledEvent.objects.values_list("item__code", flat=True))
    assert {"quality_assessment", "progress_report"} <= codes
    # quarterly, 2012-Q4 to 2017-Q2: 19 quarters
    assert ScheduledEvent.objects.filter(item__code="quality_assessment").count() == 19


def test_reminders_go_out_once_in_the_recipients_language(pmu, focal_ma, settings):
    from jmdi.monitoring.tasks import send_monitoring_reminders

    pmu.preferred_language = "fr"
    pmu.save(update_fields=["preferred_language"])
    services.sync_schedule(programme=f.jmdi())
    event = ScheduledEvent.objects.filter(item__code="progress_report").order_by("due")[2]
    event.responsible = focal_ma
    event.save()
    # Everything before this event is done; it is due in 10 days.
    ScheduledEvent.objects.filter(due__lt=event.due).update(done_at=f.at(event.due))
    today = event.due - dt.timedelta(days=10)
    ScheduledEvent.objects.filter(due=event.due).exclude(pk=event.pk).update(
        done_at=f.at(event.due)
    )
    sent = services.send_reminders(today=today)
    assert sent == 2
    by_person = {m.to[0]: m for m in mail.outbox}
    assert set(by_person) == {pmu.email, focal_ma.email}
    assert "Rapport d'avancement du projet" in by_person[pmu.email].subject  # French
    assert by_person[pmu.email].body.startswith("Bonjour")
    assert "Reminder" in by_person[focal_ma.email].subject
    assert services.send_reminders(today=today) == 0  # each once
    # Overdue: a new reminder, once.
    assert services.send_reminders(today=event.due + dt.timedelta(days=3)) == 2
    assert ReminderSent.objects.filter(event=event).count() == 4
    # The periodic task runs the same service (at once, in tests).
    mail.outbox.clear()
    send_monitoring_reminders()
    assert ReminderSent.objects.filter(event=event).count() == 4


def test_a_done_event_sends_no_reminder(pmu):
    services.sync_schedule(programme=f.jmdi())
    ScheduledEvent.objects.update(done_at=f.at(dt.date(2013, 1, 1)))
    assert services.send_reminders(today=dt.date(2014, 6, 25)) == 0
    assert not mail.outbox


# --- Quality assessment -----------------------------------------------------------------------


def test_one_assessment_per_output_per_quarter_and_the_last_marks_the_event_done(pmu):
    services.sync_schedule(programme=f.jmdi())
    outputs = list(Output.objects.filter(programme__code="jmdi-2").order_by("order"))
    event = ScheduledEvent.objects.get(item__code="quality_assessment", due=dt.date(2014, 6, 30))
    for output in outputs[:-1]:
        services.record_quality_assessment(
            actor=pmu, output=output, quarter="2014-Q2", rating="satisfactory", findings="On track."
        )
    event.refresh_from_db()
    assert event.done_at is None
    with pytest.raises(ValidationError) as refused:
        services.record_quality_assessment(
            actor=pmu, output=outputs[0], quarter="2014-Q2", rating="partly", findings="Again."
        )
    assert "quarter" in refused.value.message_dict
    services.record_quality_assessment(
        actor=pmu, output=outputs[-1], quarter="2014-Q2", rating="partly", findings="Late."
    )
    event.refresh_from_db()
    assert event.done_at is not None
    assert event.done_by == pmu


def test_an_assessment_of_a_quarter_outside_the_programme_is_refused(pmu):
    output = Output.objects.filter(programme__code="jmdi-2").first()
    with pytest.raises(ValidationError) as refused:
        services.record_quality_assessment(
            actor=pmu, output=output, quarter="2019-Q1", rating="partly", findings="x"
        )
    assert "quarter" in refused.value.message_dict
    assert not QualityAssessment.objects.exists()


def test_the_periodic_task_builds_the_schedule_and_sends_the_overdue_reminder(pmu):
    from jmdi.monitoring.tasks import send_monitoring_reminders

    pmu.preferred_language = "es"
    pmu.save(update_fields=["preferred_language"])
    send_monitoring_reminders.call_local()  # builds the schedule; today is after the programme
    sent = len(mail.outbox)
    assert sent == ScheduledEvent.objects.count()  # every event overdue, one PMU officer
    mail.outbox.clear()
    ScheduledEvent.objects.create(
        programme=f.jmdi(),
        item=ScheduledEvent.objects.first().item,
        due=dt.date(2017, 4, 29),
    )
    send_monitoring_reminders()  # through huey, at once in tests
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [pmu.email]
    assert mail.outbox[0].body.startswith("Hola")  # in her language
