"""The roles the programme gives people: the vocabulary every app's permissions use.

Who holds which role is recorded by `accounts`; what a role may do is decided by each
app's `permissions.py`. The words live here, in the bottom layer, so that an app's
permissions can name a role without importing the app that stores the assignments.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PMU_OFFICER = "pmu_officer", _("PMU officer")
    FOCAL_POINT = "focal_point", _("Country focal point")
    REVIEWER = "reviewer", _("Country reviewer")
    STEERING = "steering", _("Steering committee member")
    TECHNICAL = "technical", _("Technical committee member")
    GRANTEE = "grantee", _("Grantee")
    TRAINING_STAFF = "training_staff", _("Training staff")
    MEMBER = "member", _("M4D Net member")


#: Roles that only make sense within one country.
COUNTRY_SCOPED_ROLES = frozenset({Role.FOCAL_POINT, Role.REVIEWER})
#: Roles that only make sense within one organisation.
ORGANISATION_SCOPED_ROLES = frozenset({Role.GRANTEE})
