"""What the monitoring app adds: its pages in the navigation of those who read the logs,
a home panel for the PMU (next monitoring events, delayed items), the measure of lessons
recorded, its report sections, its demo and synthetic data, and benchmark pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jmdi.core.measures import QuerysetMeasure
from jmdi.core.plugins import BenchmarkPage, DemoStep, GeneratorStep, HomePanel, NavEntry, Plugin
from jmdi.core.scopes import scopes_of
from jmdi.monitoring import demo, permissions, selectors
from jmdi.monitoring.models import Lesson, WorkPlanStatus
from jmdi.monitoring.reports import REPORT_SECTIONS


def _page(name: str, query: str = "") -> Callable[[], str]:
    return lambda: reverse(f"monitoring:{name}", args=[settings.JMDI_DEFAULT_PROGRAMME]) + query


def _lessons() -> Any:
    return Lesson.objects.all()


LESSONS_RECORDED = QuerysetMeasure(
    name="monitoring.lessons_recorded",
    label=_("Lessons learnt recorded"),
    needs=_("Computed once lessons are recorded in the lessons-learned log."),
    queryset=_lessons,
    date_field="recorded_on",
    country_field="countries__code",
    programme_field="programme__code",
    # A lesson of two countries counts once in the whole-programme row.
    distinct_field="pk",
)


def _pmu_panel(request: HttpRequest) -> dict[str, Any] | None:
    """Two queries: the next events and the latest delayed items."""
    if not scopes_of(request.user).is_pmu:
        return None
    code = settings.JMDI_DEFAULT_PROGRAMME
    today = timezone.localdate()
    events = selectors.next_events(code)
    delayed = WorkPlanStatus.objects.filter(
        programme__code=code, status=WorkPlanStatus.Status.DELAYED
    )
    return {
        "programme_code": code,
        "today": today,
        "events": [(e, e.status_on(today), e.status_label_on(today)) for e in events],
        "delayed": list(
            delayed.select_related("sub_activity", "semester", "country").order_by("-set_at")[:5]
        ),
    }


PLUGIN = Plugin(
    nav=[
        NavEntry(
            _("Monitoring"),
            _page("tracking"),
            permissions.can_view_logs,
            order=55,
            section=lambda: [
                _page(name)() for name in ("risk-log", "issues", "lessons", "schedule", "quality")
            ],
        )
    ],
    home_panels=[HomePanel("monitoring", "monitoring/panels/pmu.html", _pmu_panel, order=15)],
    measures=[LESSONS_RECORDED],
    report_sections=REPORT_SECTIONS,
    demo_steps=[DemoStep("monitoring", demo.demo_step)],
    generator_steps=[GeneratorStep("monitoring", demo.generator_step, sizes=demo.SIZES)],
    benchmark_pages=[
        BenchmarkPage("tracking", _page("tracking"), default=True),
        BenchmarkPage("tracking-country", _page("tracking", "?country=MA")),
        BenchmarkPage("risk-log", _page("risk-log"), default=True),
        BenchmarkPage("risk-log-as-of", _page("risk-log", "?as_of=2014-06-30")),
        BenchmarkPage("issue-log", _page("issues"), default=True),
        BenchmarkPage("issue-log-filtered", _page("issues", "?status=open&priority=high")),
        BenchmarkPage("lessons", _page("lessons")),
        BenchmarkPage("monitoring-schedule", _page("schedule")),
    ],
)
