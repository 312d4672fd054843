from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from jmdi.directory.models import Contact, Country, Organisation, SubnationalArea, WorldRegion


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "kind", "tier", "country", "merged_into"]
    list_filter = ["kind", "tier", "setting", "country"]
    readonly_fields = ["name_key", "merged_into", "merged_at"]
    search_fields = ["name", "code", "acronym"]
    list_select_related = ["country", "merged_into"]


@admin.register(Contact)
class ContactAdmin(SimpleHistoryAdmin):
    list_display = ["full_name", "organisation", "position", "email"]
    search_fields = ["full_name", "email"]
    raw_id_fields = ["organisation"]


admin.site.register(Country, SimpleHistoryAdmin)
admin.site.register(WorldRegion, SimpleHistoryAdmin)
admin.site.register(SubnationalArea, SimpleHistoryAdmin)
