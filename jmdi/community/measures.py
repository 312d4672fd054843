"""The M4D Net's usage figures as measures of the results framework (Output 3), counted
from the first-party activity records (`Activity`), which hold no personal data, and
from the member profiles.

- `community.messages_exchanged` (3.I2, intensity of communication): discussion posts
  and replies, support requests and messages to projects' teams, per period;
- `community.active_local_authorities` (3.I3): verified local-authority members who used
  a dedicated functionality (posted, replied, asked for support, suggested or contacted
  a project, contributed a resource, registered for an event), each counted once;
- `community.new_content` (3.I4): discussions started, resources contributed, projects
  suggested, per period;
- `community.members` and `community.active_members`: registered members (by stakeholder
  type) and distinct members active in the period.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jmdi.community.models import Activity, ActivityKind, Member
from jmdi.core.measures import QuerysetMeasure

MESSAGES = [
    ActivityKind.POST,
    ActivityKind.REPLY,
    ActivityKind.SUPPORT_REQUEST,
    ActivityKind.PROJECT_CONTACT,
]
#: What local authorities do with the M4D Net's dedicated functionalities (3.T1).
DEDICATED = [
    *MESSAGES,
    ActivityKind.PROJECT_SUGGESTION,
    ActivityKind.RESOURCE_CONTRIBUTION,
    ActivityKind.EVENT_INTEREST,
]
CONTENT = [ActivityKind.POST, ActivityKind.RESOURCE_CONTRIBUTION, ActivityKind.PROJECT_SUGGESTION]
SPLITS = {"stakeholder_type": "stakeholder_type"}

MESSAGES_EXCHANGED = QuerysetMeasure(
    name="community.messages_exchanged",
    label=_("Messages on the M4D Net"),
    needs=_("Computed once members post, reply or ask for support on the M4D Net."),
    queryset=lambda: Activity.objects.filter(kind__in=MESSAGES),
    date_field="day",
    split_fields=SPLITS,
)

ACTIVE_LOCAL_AUTHORITIES = QuerysetMeasure(
    name="community.active_local_authorities",
    label=_("Registered and active local authorities on the M4D Net"),
    needs=_("Computed once verified local authorities use the M4D Net."),
    queryset=lambda: Activity.objects.filter(kind__in=DEDICATED, verified_authority=True),
    date_field="day",
    distinct_field="actor",
)

NEW_CONTENT = QuerysetMeasure(
    name="community.new_content",
    label=_("New content posted on the M4D Net"),
    needs=_("Computed once members start discussions, contribute resources or suggest projects."),
    queryset=lambda: Activity.objects.filter(kind__in=CONTENT),
    date_field="day",
    split_fields=SPLITS,
)

MEMBERS = QuerysetMeasure(
    name="community.members",
    label=_("Registered members of the M4D Net"),
    needs=_("Computed once people join the M4D Net."),
    queryset=lambda: Member.objects.filter(left_at__isnull=True),
    date_field="joined_at__date",
    split_fields=SPLITS,
)

ACTIVE_MEMBERS = QuerysetMeasure(
    name="community.active_members",
    label=_("Active members of the M4D Net"),
    needs=_("Computed once members use the M4D Net."),
    queryset=lambda: Activity.objects.exclude(actor=""),
    date_field="day",
    distinct_field="actor",
    split_fields=SPLITS,
)

MEASURES = [MESSAGES_EXCHANGED, ACTIVE_LOCAL_AUTHORITIES, NEW_CONTENT, MEMBERS, ACTIVE_MEMBERS]
