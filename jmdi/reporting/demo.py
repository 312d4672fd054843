"""The demo's reports: one quarterly progress report, written and submitted (frozen)."""

from __future__ import annotations

from django.conf import settings

from jmdi.core.plugins import DemoContext
from jmdi.core.roles import Role
from jmdi.programmes.models import Programme
from jmdi.reporting import services
from jmdi.reporting.models import Report

DEMO_PERIOD = "2014-Q2"


def demo_step(context: DemoContext) -> None:
    from jmdi.accounts.models import RoleAssignment  # the demo PMU officer, made before

    programme = Programme.objects.filter(code=settings.JMDI_DEFAULT_PROGRAMME).first()
    if (
        programme is None
        or Report.objects.filter(programme=programme, period_code=DEMO_PERIOD).exists()
    ):
        return
    officer = (
        RoleAssignment.objects.filter(role=Role.PMU_OFFICER, revoked_at__isnull=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if officer is None:
        return
    report = services.request_report(
        actor=officer.user,
        programme=programme,
        kind=Report.Kind.QUARTERLY,
        period_code=DEMO_PERIOD,
        language="en",
        in_background=False,
    )
    services.render_files(report_id=report.pk, step=lambda percent, message: None)
    services.submit_report(actor=officer.user, report=Report.objects.get(pk=report.pk))
    context.say(f"Demo report: the quarterly progress report {DEMO_PERIOD}, submitted (frozen).")
