"""Background jobs a person starts and follows: one service to start one, one context
manager a task runs inside to report its progress and its result.

    job = start_job(actor=user, kind="reporting.render", title=..., task=render_report,
                    report_id=report.pk)

    @task
    def render_report(job_id: str, report_id: int) -> None:
        with running(job_id) as job:
            job.step(20, _("Reading the figures"))
            ...
            job.attach("report.pdf", pdf_bytes, url=report_url)

The task receives the job's id as `job_id`; the record is updated in the task's own
transactions, so the person following the job sees each step as it happens.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import structlog
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation

from jmdi.core.models import Job
from jmdi.core.scopes import scopes_of

logger = structlog.get_logger(__name__)


def start_job(*, actor: Any, kind: str, title: str, task: Any, **arguments: Any) -> Job:
    """Record the job and queue its task (after the current transaction commits)."""
    with transaction.atomic():
        job = Job.objects.create(kind=kind, title=title[:300], started_by=actor)
    task.enqueue(job_id=str(job.pk), **arguments)
    return Job.objects.get(pk=job.pk)


class Progress:
    def __init__(self, job: Job) -> None:
        self.job = job

    def step(self, percent: int, message: str) -> None:
        self.job.progress = max(0, min(100, int(percent)))
        self.job.message = str(message)[:300]
        self.job.save(update_fields=["progress", "message"])

    def attach(self, name: str, content: bytes, *, url: str = "") -> None:
        """The file the person downloads when the job is done (kept in the file storage)."""
        self.job.result_name = name[:200]
        self.job.result_url = url[:300]
        self.job.result_file.save(name, ContentFile(content), save=False)
        self.job.save(update_fields=["result_file", "result_name", "result_url"])

    def link(self, url: str) -> None:
        self.job.result_url = url[:300]
        self.job.save(update_fields=["result_url"])


@contextlib.contextmanager
def running(job_id: str) -> Iterator[Progress]:
    """Mark the job running; done when the block ends, failed (with why) if it raises.

    Messages are written in the language of the person who started the job.
    """
    job = Job.objects.select_related("started_by").get(pk=job_id)
    job.status, job.started_at = Job.Status.RUNNING, timezone.now()
    job.save(update_fields=["status", "started_at"])
    language = getattr(job.started_by, "preferred_language", "") or None
    try:
        with translation.override(language) if language else contextlib.nullcontext():
            yield Progress(job)
    except Exception as exc:
        job.status, job.finished_at = Job.Status.FAILED, timezone.now()
        job.error = f"{exc.__class__.__name__}: {exc}"[:2000]
        job.save(update_fields=["status", "finished_at", "error"])
        logger.exception("job_failed", job=str(job.pk), kind=job.kind)
        raise
    job.status, job.finished_at, job.progress = Job.Status.SUCCEEDED, timezone.now(), 100
    job.save(update_fields=["status", "finished_at", "progress"])


def can_view_job(user: Any, job: Job) -> bool:
    """The person who started it, and the PMU (who may need to help)."""
    if not user.is_authenticated:
        return False
    return job.started_by_id == user.pk or scopes_of(user).is_pmu


def jobs_of(user: Any) -> Any:
    return Job.objects.filter(started_by=user).order_by("-created_at")
