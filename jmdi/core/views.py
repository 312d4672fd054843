from __future__ import annotations

import structlog
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache

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
