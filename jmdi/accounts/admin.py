from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from jmdi.accounts.models import RoleAssignment, User


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    fk_name = "user"
    extra = 0
    fields = ["role", "country", "organisation", "granted_at", "revoked_at"]
    readonly_fields = ["granted_at"]
    raw_id_fields = ["organisation"]


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin):
    list_display = ["email", "full_name", "is_active", "is_staff"]
    search_fields = ["email", "full_name"]
    fields = [
        "email",
        "full_name",
        "preferred_language",
        "is_active",
        "is_staff",
        "is_superuser",
        "last_login",
        "date_joined",
    ]
    readonly_fields = ["last_login", "date_joined"]
    inlines = [RoleInline]
