from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from jmdi.directory.models import Contact, Country, Organisation, SubnationalArea, WorldRegion


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "kind", "country"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "code", "acronym"]
    list_select_related = ["country"]


@admin.register(Contact)
class ContactAdmin(SimpleHistoryAdmin):
    list_display = ["full_name", "organisation", "position", "email"]
    search_fields = ["full_name", "email"]
    raw_id_fields = ["organisation"]


admin.site.register(Country, SimpleHistoryAdmin)
admin.site.register(WorldRegion, SimpleHistoryAdmin)
admin.site.register(SubnationalArea, SimpleHistoryAdmin)
