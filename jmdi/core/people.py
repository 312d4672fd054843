"""Facts about a person that several apps record: the words live here, in the bottom layer.

The programme's gender lens (the needs assessment of its grantees) and the
disaggregation of its trainees' attendance both count people by sex, so every record of
a person (a directory contact, a platform account, a trainee) uses the same choices and
the same default. It is personal data: each app shows it only to those who may see the
person's other details.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    """As recorded for disaggregation; "not recorded" until the person tells."""

    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    ANOTHER = "another", _("Another answer")
    NOT_RECORDED = "not_recorded", _("Not recorded")


def sex_field(**options: Any) -> models.CharField[str, str]:
    """The `sex` column of a model that records a person: same choices and default everywhere."""
    defaults: dict[str, Any] = {
        "verbose_name": _("sex"),
        "max_length": 20,
        "choices": Sex.choices,
        "default": Sex.NOT_RECORDED,
        "help_text": _(
            "Used to count women and men in the programme's figures. "
            "Leave “Not recorded” unless the person has told you."
        ),
    }
    return models.CharField(**{**defaults, **options})
