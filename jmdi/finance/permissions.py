"""Who may read and record the budget at work. One rule per action.

- The PMU records commitments and expenditures ("manage programme resources as per
  UN/UNDP rules and regulations") and reads everything.
- The steering and technical committees read the execution and each line's ledger.
- Focal points read the execution (the aggregate figures), not the ledgers.
- Everyone else is refused.
"""

from __future__ import annotations

from typing import Any

from jmdi.core.roles import Role
from jmdi.core.scopes import scopes_of


def can_view_execution(user: Any) -> bool:
    return scopes_of(user).has(Role.PMU_OFFICER, Role.STEERING, Role.TECHNICAL, Role.FOCAL_POINT)


def can_view_ledger(user: Any) -> bool:
    return scopes_of(user).has(Role.PMU_OFFICER, Role.STEERING, Role.TECHNICAL)


def can_record_finance(user: Any) -> bool:
    return scopes_of(user).is_pmu
