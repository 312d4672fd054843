"""The terms a member agrees to when joining, versioned: a consent records the version
and the text as the member read it (in their language)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

MEMBERSHIP = "membership"
VERSION = "2026-1"


@dataclass(frozen=True)
class Terms:
    version: str
    text: str


def current_text() -> Terms:
    return Terms(
        VERSION,
        _(
            "I agree that the M4D Net keeps my profile to let me take part in the community "
            "of practice. My name and what I choose to make public are shown to others as my "
            "privacy settings say; my e-mail address is never shown unless I ask for it. The "
            "programme counts the use of the M4D Net without naming anyone. I can download "
            "my data or delete my account at any time from my profile; what I posted then "
            "stays, signed “former member”."
        ),
    )
