from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from jmdi.discussions.models import Topic


@admin.register(Topic)
class TopicAdmin(SimpleHistoryAdmin):
    list_display = ["slug", "order", "private"]
    search_fields = ["slug"]
    filter_horizontal = ["members", "moderators"]
