from __future__ import annotations

import structlog
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.views.decorators.cache import never_cache

from jmdi.core.jobs import can_view_job, jobs_of
from jmdi.core.models import Job
from jmdi.core.plugins import home_panels

logger = structlog.get_logger(__name__)


def home(request: HttpRequest) -> HttpResponse:
    """A home page per person: each app's panels that have something for this reader."""
    panels = []
    for panel in home_panels():
        context = panel.context(request)
        if context is not None:
            panels.append(render_to_string(panel.template, context, request=request))
    return render(request, "core/home.html", {"panels": panels})


@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """For load balancers: 200 when the database answers and every migration is applied.

    The answer says only which check failed; what went wrong is logged, not told to
    whoever asks (the error class or a count of migrations is a fingerprint).
    """
    checks: dict[str, str] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        checks["migrations"] = "ok" if not pending else "failing"
        if pending:
            logger.error("health_check_failed", check="migrations", pending=len(pending))
    except DatabaseError as exc:
        checks["database"] = "failing"
        logger.error("health_check_failed", check="database", error=repr(exc))
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks},
        status=200 if healthy else 503,
    )


def _job_for(request: HttpRequest, pk: str) -> Job:
    job = Job.objects.filter(pk=pk).select_related("started_by").first()
    if job is None or not can_view_job(request.user, job):
        raise Http404("No such job")  # not visible is the same as not there
    return job


@login_required
def job(request: HttpRequest, pk: str) -> HttpResponse:
    """A background job's progress. htmx polls the status panel on the same URL while
    the job runs; without JavaScript the page refreshes itself."""
    found = _job_for(request, pk)
    template = "core/job_detail.html"
    if request.headers.get("HX-Request") == "true":
        template += "#job-status"
    response = render(request, template, {"job": found})
    patch_vary_headers(response, ["HX-Request"])
    add_never_cache_headers(response)
    return response


@login_required
def job_download(request: HttpRequest, pk: str) -> FileResponse:
    found = _job_for(request, pk)
    if found.status != Job.Status.SUCCEEDED or not found.result_file:
        raise Http404("Nothing to download yet")
    response = FileResponse(
        found.result_file.open("rb"), as_attachment=True, filename=found.result_name
    )
    response["X-Content-Type-Options"] = "nosniff"
    add_never_cache_headers(response)
    return response


@login_required
def jobs(request: HttpRequest) -> HttpResponse:
    page = Paginator(jobs_of(request.user), 25).get_page(request.GET.get("page"))
    return render(request, "core/job_list.html", {"page_obj": page})


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """What is waiting for me: every app's tasks for this person, most urgent first."""
    from jmdi.core.inbox import waiting_for

    response = render(request, "core/inbox.html", {"waiting": waiting_for(request.user)})
    add_never_cache_headers(response)
    return response


@login_required
def inbox_count(request: HttpRequest) -> HttpResponse:
    """The navigation's badge: how many tasks wait for me (nothing when none do)."""
    from jmdi.core.inbox import total

    response = render(request, "core/inbox_count.html", {"count": total(request.user)})
    add_never_cache_headers(response)
    return response
