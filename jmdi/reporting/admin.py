from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from jmdi.reporting.models import Report


@admin.register(Report)
class ReportAdmin(SimpleHistoryAdmin):
    """Read-only: reports are written and submitted through the platform's services, and a
    submitted report is frozen by any way in, this one included."""

    list_display = ["programme", "kind", "period_code", "language", "status", "generated_at"]
    list_filter = ["kind", "status", "language"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
