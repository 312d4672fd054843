"""The discussions' measures, per country through the author's M4D Net profile:

- `discussions.posts`: discussions started (threads), dated by their creation;
- `discussions.replies`: replies posted, dated by their creation.

Hidden posts count (they were written); the drill-down shows only what its viewer may
open. The M4D Net is not a programme's: no programme filter.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jmdi.core.measures import QuerysetMeasure
from jmdi.discussions import permissions
from jmdi.discussions.models import Reply, Thread

POSTS = QuerysetMeasure(
    name="discussions.posts",
    label=_("Discussions started on the M4D Net"),
    needs=_("Computed once members start discussions on the M4D Net."),
    queryset=lambda: Thread.objects.all(),
    date_field="created_at__date",
    country_field="author__member__country",
    visible=permissions.threads_visible_q,
)

REPLIES = QuerysetMeasure(
    name="discussions.replies",
    label=_("Replies posted in M4D Net discussions"),
    needs=_("Computed once members reply in M4D Net discussions."),
    queryset=lambda: Reply.objects.all(),
    date_field="created_at__date",
    country_field="author__member__country",
    visible=lambda viewer: permissions.threads_visible_q(viewer, "thread__"),
)

MEASURES = [POSTS, REPLIES]
