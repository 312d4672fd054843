from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscussionsConfig(AppConfig):
    """The M4D Net's discussions: topics, threads and replies, moderated e-discussions with their summaries, and private spaces for trainees."""

    name = "jmdi.discussions"
    label = "discussions"
    verbose_name = _("Discussions")
