"""Records of the monitoring logs for tests, written through the services (so they obey
the same rules as the pages)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from jmdi.directory.models import Country
from jmdi.monitoring import services
from jmdi.monitoring.models import Issue, Lesson, WorkPlanStatus
from jmdi.programmes.models import Output, Programme, Risk, Semester, SubActivity

SECRET_SN_ISSUE = "Senegal-only issue: the regional council changed its mayor"
SECRET_MA_ISSUE = "Morocco-only issue: the Oujda partner association withdrew"
SECRET_SN_DELAY = "Senegal delay: the Thiès workshop room was flooded"


def jmdi() -> Programme:
    return Programme.objects.get(code="jmdi-2")


def country(code: str) -> Country:
    return Country.objects.get(code=code)


def first_sub() -> SubActivity:
    return (
        SubActivity.objects.filter(activity__output__programme__code="jmdi-2")
        .order_by("activity__output__order", "activity__order", "order")
        .first()
    )  # type: ignore[return-value]


def semester(code: str = "S3") -> Semester:
    return Semester.objects.get(programme__code="jmdi-2", code=code)


def at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10)))


def status(
    actor: Any, code: str | None, value: str, comment: str = "", **kw: Any
) -> WorkPlanStatus:
    return services.set_work_plan_status(
        actor=actor,
        sub_activity=kw.pop("sub", None) or first_sub(),
        semester=kw.pop("semester", None) or semester(),
        status=value,
        comment=comment,
        country=country(code) if code else None,
        **kw,
    )


def issue(actor: Any, code: str | None, title: str = "An issue", **kw: Any) -> Issue:
    defaults = {"type": Issue.Type.PROBLEM, "priority": Issue.Priority.MEDIUM}
    return services.record_issue(
        actor=actor,
        programme=jmdi(),
        title=title,
        country=country(code) if code else None,
        **(defaults | kw),
    )


def lesson(actor: Any, codes: list[str], title: str = "A lesson", **kw: Any) -> Lesson:
    return services.record_lesson(
        actor=actor,
        programme=jmdi(),
        title=title,
        text=kw.pop("text", "Local authorities learn best from peers."),
        countries=[country(c) for c in codes],
        outputs=kw.pop("outputs", list(Output.objects.filter(programme__code="jmdi-2")[:1])),
        **kw,
    )


def risk(number: int = 1) -> Risk:
    return Risk.objects.get(programme__code="jmdi-2", number=number)
