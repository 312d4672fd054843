"""Background rendering of reports: a thin task around the service."""

from __future__ import annotations

from django.tasks import task
from django.urls import reverse

from jmdi.core.jobs import running
from jmdi.reporting import services


@task
def render_report(job_id: str, report_id: int) -> int:
    with running(job_id) as job:
        report = services.render_files(report_id=report_id, step=job.step)
        job.link(reverse("reporting:report", args=[report.programme.code, report.pk]))
    return report_id
