from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    """The calendar of international and regional events for local authorities, with the programme's participation and the outcomes."""

    name = "jmdi.events"
    label = "events"
    verbose_name = _("Events")
