"""Who the load check's simulated people are: shared by mint_sessions.py and locustfile.py.

Plain data, importing neither Django nor locust, so both sides read the same mix.
"""

from __future__ import annotations

import math

#: Share of the simulated users per role, out of 100. The public and M4D Net members are
#: most of the traffic; the programme staff are few but open the heaviest pages.
ROLE_WEIGHTS: dict[str, int] = {
    "anonymous": 30,
    "member": 24,
    "training_staff": 3,
    "grantee": 5,
    "reviewer": 5,
    "focal_point": 16,
    "steering": 5,
    "technical": 4,
    "pmu_officer": 8,
}

#: The interface language of successive users of a role: mostly English, then the other
#: three, so every catalogue (and Arabic's right-to-left pages) is served under load.
LANGUAGES = ("en", "fr", "en", "ar", "es")


def sessions_needed(users: int) -> dict[str, int]:
    """How many sessions to mint per role so that each of `users` simulated users has one."""
    total = sum(ROLE_WEIGHTS.values())
    return {role: math.ceil(users * weight / total) for role, weight in ROLE_WEIGHTS.items()}
