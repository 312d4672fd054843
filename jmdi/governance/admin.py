from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from jmdi.governance.models import Decision, Meeting


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    """Read-only: meetings are recorded through the platform's services."""

    list_display = ["body", "date", "place", "minutes_status"]
    list_filter = ["body", "minutes_status"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Decision)
class DecisionAdmin(SimpleHistoryAdmin):
    """A decision of draft minutes can be corrected here; once the minutes are approved it
    is read-only (and `Decision.save()` refuses any change however it arrives)."""

    list_display = ["number", "body", "meeting", "supersedes"]
    list_filter = ["body", "year"]
    search_fields = ["number", "text"]
    fields = ["number", "body", "meeting", "text", "supersedes"]
    readonly_fields = ["number", "body", "meeting", "supersedes"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.is_locked():
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
