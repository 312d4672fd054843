"""The follow-up's rules, checked on the services: who may do what in the report
workflow, what a refusal leaves unchanged, the schedule, the computed targets, lessons,
reminders and evidence."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from jmdi.followup import selectors, services
from jmdi.followup.models import (
    Evidence,
    ExpenditureLine,
    IndicatorValue,
    MonitoringPlan,
    PlanIndicator,
    ProgressReport,
    ReminderSent,
    ReportingPeriod,
)
from jmdi.followup.tests.factories import filled, followed_initiative, submitted
from jmdi.monitoring.models import Lesson

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("programme_once_per_module")]

ACTORS = ["outsider", "member", "reviewer_ma", "steering", "technical", "grantee", "focal_ma", "focal_sn", "pmu"]  # fmt: skip


# --- Schedule ------------------------------------------------------------------------------


def test_the_schedule_is_made_semester_by_semester_from_the_initiatives_dates():
    assert services.schedule_for(dt.date(2013, 7, 1), dt.date(2014, 12, 31)) == [
        (dt.date(2013, 7, 1), dt.date(2013, 12, 31), dt.date(2014, 1, 30)),
        (dt.date(2014, 1, 1), dt.date(2014, 6, 30), dt.date(2014, 7, 30)),
        (dt.date(2014, 7, 1), dt.date(2014, 12, 31), dt.date(2015, 1, 30)),
    ]
    # A last period shorter than a semester.
    assert services.schedule_for(dt.date(2013, 1, 31), dt.date(2013, 9, 15))[-1][:2] == (
        dt.date(2013, 7, 31),
        dt.date(2013, 9, 15),
    )


def test_generating_the_schedule_twice_adds_nothing(world, pmu):
    before = ReportingPeriod.objects.count()
    services.generate_periods(actor=pmu, initiative=world.ours)
    assert ReportingPeriod.objects.count() == before == 9
    assert ProgressReport.objects.filter(initiative=world.ours).count() == 3


@pytest.mark.parametrize("persona", ["grantee", "focal_ma", "steering"])
def test_only_the_pmu_makes_or_changes_the_schedule(request, world, persona, programme):
    initiative = followed_initiative()
    with pytest.raises(PermissionDenied):
        services.generate_periods(actor=request.getfixturevalue(persona), initiative=initiative)
    period = world.reports["ours"][0].period
    with pytest.raises(PermissionDenied):
        services.update_period(
            actor=request.getfixturevalue(persona), period=period,
            start=period.start, end=period.end, due=period.due + dt.timedelta(days=5),
        )  # fmt: skip
    assert not ReportingPeriod.objects.filter(initiative=initiative).exists()
    period.refresh_from_db()
    assert period.due == dt.date(2014, 1, 30)


def test_a_mapped_initiative_or_one_without_dates_gets_no_schedule(pmu, programme):
    with pytest.raises(ValidationError) as mapped:
        services.generate_periods(actor=pmu, initiative=followed_initiative(status="mapped"))
    assert "initiative" in mapped.value.error_dict
    undated = followed_initiative()
    undated.start_date = None
    undated.save()
    with pytest.raises(ValidationError, match="start and end dates"):
        services.generate_periods(actor=pmu, initiative=undated)


def test_the_pmu_moves_a_due_date_but_not_before_the_period_ends(world, pmu):
    period = world.reports["ours"][0].period
    with pytest.raises(ValidationError) as bad:
        services.update_period(
            actor=pmu, period=period, start=period.start, end=period.end, due=period.end - dt.timedelta(days=1)
        )  # fmt: skip
    assert "due" in bad.value.error_dict
    services.update_period(
        actor=pmu, period=period, start=period.start, end=period.end, due=dt.date(2014, 2, 15)
    )
    period.refresh_from_db()
    assert period.due == dt.date(2014, 2, 15)


# --- Workflow matrix -----------------------------------------------------------------------


@pytest.mark.parametrize("persona", ACTORS)
def test_only_the_grantee_of_the_initiative_edits_and_submits_its_report(request, world, persona):
    actor = request.getfixturevalue(persona)
    report = world.reports["ours"][0]
    if persona == "grantee":
        submitted(report, actor)
        report.refresh_from_db()
        assert report.status == "submitted"
        assert report.submitted_by == actor
        return
    with pytest.raises(PermissionDenied):
        filled(report, actor, "Someone else's words")
    with pytest.raises(PermissionDenied):
        services.submit_report(actor=actor, report=report)
    report.refresh_from_db()
    assert (report.status, report.achievements) == ("draft", "")
    assert not ExpenditureLine.objects.filter(report=report).exists()


def test_a_grantee_cannot_touch_another_grantees_report(world, grantee):
    report = world.reports["other_ma"][1]
    with pytest.raises(PermissionDenied):
        filled(report, grantee)
    report.refresh_from_db()
    assert report.achievements == ""


@pytest.mark.parametrize("persona", ACTORS)
def test_the_first_review_is_the_focal_point_of_the_country_s(request, world, persona, grantee):
    report = submitted(world.reports["ours"][0], grantee)
    actor = request.getfixturevalue(persona)
    if persona == "focal_ma":
        services.review_report(actor=actor, report=report, decision="approve")
        report.refresh_from_db()
        assert report.status == "focal_approved"
        return
    with pytest.raises(PermissionDenied):
        services.review_report(actor=actor, report=report, decision="approve")
    report.refresh_from_db()
    assert report.status == "submitted"
    assert not report.reviews.exists()


@pytest.mark.parametrize("persona", ACTORS)
def test_the_final_review_is_the_pmus(request, world, persona, grantee, focal_ma):
    report = submitted(world.reports["ours"][0], grantee)
    services.review_report(actor=focal_ma, report=report, decision="approve")
    actor = request.getfixturevalue(persona)
    if persona == "pmu":
        services.review_report(actor=actor, report=report, decision="approve")
        report.refresh_from_db()
        assert report.status == "approved"
        assert report.approved_on is not None
        return
    with pytest.raises(PermissionDenied):
        services.review_report(actor=actor, report=report, decision="approve")
    report.refresh_from_db()
    assert report.status == "focal_approved"
    assert report.reviews.count() == 1


def test_a_return_needs_a_comment_and_sends_the_report_back_to_the_grantee(
    world, grantee, focal_ma, pmu
):
    report = submitted(world.reports["ours"][0], grantee)
    with pytest.raises(ValidationError) as bare:
        services.review_report(actor=focal_ma, report=report, decision="return")
    assert "comment" in bare.value.error_dict
    report.refresh_from_db()
    assert report.status == "submitted"
    services.review_report(
        actor=focal_ma, report=report, decision="return", comment="Add the lists."
    )
    report.refresh_from_db()
    assert report.status == "returned"
    # The grantee corrects and submits again; the PMU may return too.
    filled(report, grantee, "Opened the shop; attendance lists attached.")
    services.submit_report(actor=grantee, report=report)
    services.review_report(actor=focal_ma, report=report, decision="approve")
    services.review_report(
        actor=pmu, report=report, decision="return", comment="Spending by heading?"
    )
    report.refresh_from_db()
    assert report.status == "returned"
    assert [r.decision for r in report.reviews.order_by("pk")] == ["return", "approve", "return"]


def test_a_report_cannot_be_submitted_empty(world, grantee):
    report = world.reports["ours"][0]
    with pytest.raises(ValidationError) as empty:
        services.submit_report(actor=grantee, report=report)
    assert "achievements" in empty.value.error_dict


def test_spending_is_in_euros_to_the_cent_and_not_negative(world, grantee):
    report = world.reports["ours"][0]
    for bad in (Decimal("-1.00"), Decimal("10.005")):
        with pytest.raises(ValidationError) as error:
            services.save_report(
                actor=grantee, report=report, achievements="x", difficulties="", next_steps="",
                amounts={"travel": bad},
            )  # fmt: skip
        assert "travel" in error.value.error_dict
    report.refresh_from_db()
    assert report.achievements == ""
    assert not report.lines.exists()


def test_spending_shows_the_period_and_the_cumulative_totals(world, grantee, focal_ma, pmu):
    first, second = world.reports["ours"][:2]
    filled(first, grantee)  # personnel 1000.00, travel 250.50
    services.save_report(
        actor=grantee, report=second, achievements="Second", difficulties="", next_steps="",
        amounts={"personnel": Decimal("499.99"), "equipment": Decimal("0.01")},
    )  # fmt: skip
    rows, period_total, cumulative_total = selectors.spending_of(second)
    by = {r.heading: r for r in rows}
    assert by["personnel"].period == Decimal("499.99")
    assert by["personnel"].cumulative == Decimal("1499.99")
    assert by["travel"].cumulative == Decimal("250.50")
    assert by["travel"].period == Decimal("0.00")
    assert period_total == Decimal("500.00")
    assert cumulative_total == Decimal("1750.50")


# --- Meeting targets, computed -------------------------------------------------------------


def _plan(initiative, pmu, specs):
    return [
        services.add_indicator(
            actor=pmu,
            initiative=initiative,
            name=name,
            unit="people",
            baseline=Decimal(baseline),
            target=Decimal(target),
            direction=direction,
        )
        for name, baseline, target, direction in specs
    ]


def test_an_indicator_meets_its_target_the_way_its_direction_says():
    up = PlanIndicator(target=Decimal("100"), direction="increase")
    down = PlanIndicator(target=Decimal("20"), direction="decrease")
    assert up.is_met_by(Decimal("100"))
    assert up.is_met_by(Decimal("101"))
    assert not up.is_met_by(Decimal("99.99"))
    assert not up.is_met_by(None)
    assert down.is_met_by(Decimal("20"))
    assert down.is_met_by(Decimal("3"))
    assert not down.is_met_by(Decimal("20.01"))


def test_a_project_meets_its_targets_when_every_indicator_s_latest_value_does(
    world, grantee, focal_ma, pmu
):
    advised, days = _plan(
        world.ours,
        pmu,
        [("Advised", "0", "100", "increase"), ("Days to answer", "45", "20", "decrease")],
    )
    first, second = world.reports["ours"][:2]
    services.save_report(
        actor=grantee, report=first, achievements="a", difficulties="", next_steps="", amounts={},
        values={advised.pk: Decimal("120"), days.pk: Decimal("30")},
    )  # fmt: skip
    plan = MonitoringPlan.objects.get(initiative=world.ours)
    # A draft's values do not count.
    assert selectors.plan_progress(plan).met_count == 0
    services.submit_report(actor=grantee, report=first)
    progress = selectors.plan_progress(plan)
    assert [i.met for i in progress.indicators] == [True, False]
    assert not progress.meets_targets
    # The latest value counts, not the best: advised drops below target, days reaches it.
    services.save_report(
        actor=grantee, report=second, achievements="b", difficulties="", next_steps="", amounts={},
        values={advised.pk: Decimal("90"), days.pk: Decimal("20")},
    )  # fmt: skip
    services.submit_report(actor=grantee, report=second)
    assert [i.met for i in selectors.plan_progress(plan).indicators] == [False, True]
    # A visit a month later finds 105 advised: now both meet.
    services.record_visit(
        actor=focal_ma, initiative=world.ours, visited_on=dt.date(2014, 8, 1),
        participants="Mayor", findings="Busy shop", values={advised.pk: Decimal("105")},
    )  # fmt: skip
    assert selectors.plan_progress(plan).meets_targets
    # As of before the visit, it did not.
    assert not selectors.plan_progress(plan, as_of=dt.date(2014, 7, 31)).meets_targets


def test_a_plan_without_indicators_or_values_does_not_meet_its_targets(world, pmu):
    assert not selectors.meets_targets([])
    _plan(world.ours, pmu, [("Advised", "0", "10", "increase")])
    assert not selectors.plan_progress(
        MonitoringPlan.objects.get(initiative=world.ours)
    ).meets_targets


@pytest.mark.parametrize("persona", ["grantee", "focal_sn", "steering", "outsider"])
def test_only_the_pmu_and_the_country_s_focal_point_keep_the_plan(request, world, persona):
    with pytest.raises(PermissionDenied):
        _plan(world.ours, request.getfixturevalue(persona), [("X", "0", "1", "increase")])
    assert not PlanIndicator.objects.exists()


def test_an_indicator_without_a_target_is_refused_with_the_field_named(world, focal_ma):
    with pytest.raises(ValidationError) as error:
        services.add_indicator(
            actor=focal_ma, initiative=world.ours, name="Advised", unit="people",
            baseline=Decimal("0"), target=None,
        )  # fmt: skip
    assert "target" in error.value.error_dict
    assert not MonitoringPlan.objects.exists()


# --- Visits, assessments, lessons ----------------------------------------------------------


@pytest.mark.parametrize("persona", ["pmu", "focal_sn", "grantee", "steering"])
def test_only_the_country_s_focal_point_records_visits_and_assessments(request, world, persona):
    actor = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        services.record_visit(
            actor=actor, initiative=world.ours, visited_on=dt.date(2014, 5, 1),
            participants="x", findings="y",
        )  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.record_assessment(
            actor=actor, initiative=world.ours, assessed_on=dt.date(2014, 5, 1),
            ratings=dict.fromkeys(("relevance", "effectiveness", "efficiency", "sustainability"), 3),
            justifications=dict.fromkeys(("relevance", "effectiveness", "efficiency", "sustainability"), "ok"),
        )  # fmt: skip


def test_an_assessment_rates_each_criterion_on_its_scale_with_a_reason(world, focal_ma):
    with pytest.raises(ValidationError) as error:
        services.record_assessment(
            actor=focal_ma, initiative=world.ours, assessed_on=dt.date(2014, 5, 1),
            ratings={"relevance": 5, "effectiveness": 3, "efficiency": 3, "sustainability": 3},
            justifications={"relevance": "Good", "effectiveness": "", "efficiency": "ok", "sustainability": "ok"},
        )  # fmt: skip
    assert {"relevance", "effectiveness_why"} <= set(error.value.error_dict)


def test_a_lesson_is_captured_from_a_report_and_a_visit_with_its_source(
    world, grantee, focal_ma, focal_sn
):
    report = submitted(world.reports["ours"][0], grantee)
    lesson = services.capture_lesson(
        actor=focal_ma, source=report, title="Town hall builds trust", text="Returnees came."
    )
    assert lesson.subject == f"followup.progressreport:{report.pk}"
    assert [c.code for c in lesson.countries.all()] == ["MA"]
    visit = services.record_visit(
        actor=focal_ma, initiative=world.ours, visited_on=dt.date(2014, 5, 1),
        participants="Mayor", findings="Open three days a week",
    )  # fmt: skip
    from_visit = services.capture_lesson(
        actor=focal_ma, source=visit, title="Registers", text="Help."
    )
    assert from_visit.subject == f"followup.visit:{visit.pk}"
    assert [lesson.title for lesson in selectors.lessons_about(from_visit.subject)] == ["Registers"]
    with pytest.raises(PermissionDenied):
        services.capture_lesson(actor=focal_sn, source=report, title="t", text="x")
    with pytest.raises(PermissionDenied):
        services.capture_lesson(actor=grantee, source=report, title="t", text="x")
    assert Lesson.objects.count() == 2


# --- Overdue and reminders ---------------------------------------------------------------


def test_overdue_reports_are_past_due_and_not_submitted(world, grantee, pmu, focal_ma):
    day = dt.date(2014, 8, 15)  # the first two periods are due (30 January, 30 July)
    submitted(world.reports["ours"][0], grantee)
    overdue = list(selectors.overdue_reports(pmu, today=day))
    assert world.reports["ours"][1] in overdue
    assert world.reports["ours"][0] not in overdue
    assert world.reports["ours"][2] not in overdue  # due 30 January 2015
    assert {r.initiative.country.code for r in selectors.overdue_reports(focal_ma, today=day)} == {
        "MA"
    }
    assert set(selectors.overdue_reports_of(grantee, today=day)) == {world.reports["ours"][1]}


def test_the_reminder_goes_to_the_grantee_once_a_week_per_overdue_report(world, grantee, pmu):
    day = dt.date(2014, 2, 10)  # only the first period is overdue, in three initiatives
    submitted(world.reports["ours"][0], grantee)
    assert services.send_overdue_reminders(today=day) == 0  # the grantee's report is in
    world.reports["ours"][0].status = "returned"
    world.reports["ours"][0].save()
    assert services.send_overdue_reminders(today=day) == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["grantee@example.org"]
    assert "Oujda one-stop shop" in mail.outbox[0].subject
    assert services.send_overdue_reminders(today=day) == 0
    assert services.send_overdue_reminders(today=day + dt.timedelta(days=6)) == 0
    assert len(mail.outbox) == 1
    assert services.send_overdue_reminders(today=day + dt.timedelta(days=7)) == 1
    assert ReminderSent.objects.count() == 2


def test_the_periodic_task_sends_the_reminders(world, grantee):
    from jmdi.followup.tasks import send_overdue_report_reminders

    send_overdue_report_reminders.call_local()
    send_overdue_report_reminders.call_local()
    # Every period of the grantee's report is overdue today: one e-mail each, once.
    assert len(mail.outbox) == 3


# --- Evidence ------------------------------------------------------------------------------


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _office(kind: str) -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if kind == "odt":
            archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
            archive.writestr("content.xml", "<x/>")
        else:
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr("word/document.xml" if kind == "docx" else "xl/workbook.xml", "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("report.pdf", PDF, "PDF"),
        ("photo.PNG", PNG, "PNG"),
        ("photo.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 20, "JPEG"),
        ("lists.docx", _office("docx"), "DOCX"),
        ("budget.xlsx", _office("xlsx"), "XLSX"),
        ("notes.odt", _office("odt"), "ODT"),
    ],
)
def test_evidence_of_an_allowed_type_is_stored_under_a_random_name(
    world, grantee, name, content, kind
):
    report = world.reports["ours"][0]
    evidence = services.add_evidence(
        actor=grantee, report=report, upload=SimpleUploadedFile(name, content)
    )
    assert evidence.kind == kind
    assert evidence.original_name == name
    assert name.rsplit(".", 1)[0] not in evidence.file.name
    assert len(evidence.file.name.rsplit("/", 1)[-1].split(".")[0]) == 32


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("virus.pdf", b"MZ\x90\x00 this is a program"),  # an executable renamed
        ("budget.xlsx", _office("docx")),  # a Word file called a spreadsheet
        ("photo.png", PDF),  # a PDF called a picture
        ("script.html", b"<script>alert(1)</script>"),
        ("archive.zip", _office("docx")),
    ],
)
def test_evidence_whose_content_is_not_its_type_is_refused_naming_the_file(
    world, grantee, name, content
):
    report = world.reports["ours"][0]
    with pytest.raises(ValidationError) as error:
        services.add_evidence(
            actor=grantee, report=report, upload=SimpleUploadedFile(name, content)
        )
    assert name in error.value.message_dict["file"][0]
    assert not Evidence.objects.exists()


def test_evidence_over_the_size_limit_is_refused(world, grantee, settings):
    settings.JMDI_EVIDENCE_MAX_BYTES = 1000
    report = world.reports["ours"][0]
    with pytest.raises(ValidationError) as error:
        services.add_evidence(
            actor=grantee, report=report, upload=SimpleUploadedFile("big.pdf", PDF + b"0" * 1000)
        )
    assert "big.pdf" in error.value.message_dict["file"][0]
    assert not Evidence.objects.exists()


def test_only_the_grantee_adds_evidence_while_the_report_is_with_it(world, grantee, focal_ma):
    report = world.reports["ours"][0]
    with pytest.raises(PermissionDenied):
        services.add_evidence(
            actor=focal_ma, report=report, upload=SimpleUploadedFile("a.pdf", PDF)
        )
    submitted(report, grantee)
    with pytest.raises(PermissionDenied):
        services.add_evidence(actor=grantee, report=report, upload=SimpleUploadedFile("a.pdf", PDF))
    assert not Evidence.objects.exists()
    assert not IndicatorValue.objects.exists()
