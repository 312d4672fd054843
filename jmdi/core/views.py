from __future__ import annotations

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from jmdi.accounts.selectors import active_roles_of, scopes_of
from jmdi.programmes.selectors import programme_summary


def home(request: HttpRequest) -> HttpResponse:
    summary = programme_summary(settings.JMDI_DEFAULT_PROGRAMME)
    role_labels = (
        [str(a) for a in active_roles_of(request.user)] if request.user.is_authenticated else []
    )
    return render(
        request,
        "core/home.html",
        {
            "summary": summary,
            "scopes": scopes_of(request.user),
            "role_labels": role_labels,
        },
    )


@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """For load balancers: 200 when the database answers and every migration is applied."""
    checks: dict[str, str] = {}
    status = 200
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        checks["migrations"] = "ok" if not pending else f"{len(pending)} pending"
        if pending:
            status = 503
    except DatabaseError as exc:
        checks["database"] = f"error: {exc.__class__.__name__}"
        status = 503
    return JsonResponse(
        {"status": "ok" if status == 200 else "error", "checks": checks}, status=status
    )
