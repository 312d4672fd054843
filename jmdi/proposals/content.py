"""The sections of a project document and the shape of its content.

The content is a dict: text sections hold a string; list sections hold rows, each a
dict of strings (dates as ISO `YYYY-MM-DD`, amounts as decimal strings to the cent, so
that JSON keeps them exact). Everything reading or writing content goes through here.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext_lazy as _

TEXT = "text"
ROWS = "rows"

#: (key, label, kind), in the order the document reads.
SECTIONS: list[tuple[str, Any, str]] = [
    ("summary", _("Summary"), TEXT),
    ("general_objective", _("General objective"), TEXT),
    ("specific_objectives", _("Specific objectives"), TEXT),
    ("expected_results", _("Expected results"), TEXT),
    ("activities", _("Activities"), ROWS),
    ("budget", _("Budget"), ROWS),
    ("monitoring", _("Monitoring plan"), ROWS),
    ("partners", _("Partners and their roles"), ROWS),
    ("risks", _("Risks"), TEXT),
    ("sustainability", _("Sustainability"), TEXT),
]
SECTION_LABELS = {key: label for key, label, _kind in SECTIONS}
TEXT_SECTIONS = [key for key, _label, kind in SECTIONS if kind == TEXT]
ROW_SECTIONS = [key for key, _label, kind in SECTIONS if kind == ROWS]

#: The fields of each list section's rows: (key, label).
ROW_FIELDS: dict[str, list[tuple[str, Any]]] = {
    "activities": [
        ("title", _("Activity")),
        ("description", _("Description")),
        ("start", _("Start")),
        ("end", _("End")),
        ("responsible", _("Responsible partner")),
    ],
    "budget": [
        ("heading", _("Budget heading")),
        ("description", _("Description")),
        ("amount", _("Amount requested (EUR)")),
        ("co_funding", _("Co-funding (EUR)")),
    ],
    "monitoring": [
        ("indicator", _("Indicator")),
        ("baseline", _("Baseline")),
        ("target", _("Target")),
        ("means", _("Means of verification")),
    ],
    "partners": [
        ("organisation", _("Organisation")),
        ("role", _("Role")),
        ("responsibilities", _("Responsibilities in the project")),
    ],
}

#: The sections a document needs before it can be submitted.
REQUIRED_TEXT = {
    "summary": _("Write the summary before submitting."),
    "general_objective": _("Write the general objective before submitting."),
    "specific_objectives": _("Write the specific objectives before submitting."),
    "expected_results": _("Write the expected results before submitting."),
}


def empty_content() -> dict[str, Any]:
    return {key: ([] if kind == ROWS else "") for key, _label, kind in SECTIONS}


def normalised(content: dict[str, Any] | None) -> dict[str, Any]:
    """Every section present, text stripped, rows as dicts of strings with every field."""
    source = content or {}
    result: dict[str, Any] = {}
    for key, _label, kind in SECTIONS:
        value = source.get(key)
        if kind == TEXT:
            result[key] = str(value or "").strip()
            continue
        fields = [name for name, _l in ROW_FIELDS[key]]
        rows = []
        for row in value or []:
            clean = {name: str(row.get(name) or "").strip() for name in fields}
            # The organisation's id travels with the names shown (partners, activities).
            if row.get("organisation_id"):
                clean["organisation_id"] = str(row["organisation_id"])
            if any(clean.get(name) for name in fields):
                rows.append(clean)
        result[key] = rows
    return result


def money(value: Any) -> Decimal:
    """A stored amount as Decimal to the cent; anything unreadable counts as zero."""
    try:
        return Decimal(str(value or "0")).quantize(Decimal("0.01"))
    except InvalidOperation:
        return Decimal("0.00")


@dataclass(frozen=True)
class BudgetTotals:
    requested: Decimal
    co_funding: Decimal

    @property
    def total(self) -> Decimal:
        return self.requested + self.co_funding


def budget_totals(content: dict[str, Any]) -> BudgetTotals:
    rows = content.get("budget") or []
    return BudgetTotals(
        requested=sum((money(row.get("amount")) for row in rows), Decimal("0.00")),
        co_funding=sum((money(row.get("co_funding")) for row in rows), Decimal("0.00")),
    )


def missing_sections(content: dict[str, Any]) -> dict[str, Any]:
    """{section: message} for each section a submission needs and does not have."""
    missing: dict[str, Any] = {}
    for key, message in REQUIRED_TEXT.items():
        if not str(content.get(key) or "").strip():
            missing[key] = message
    if not content.get("activities"):
        missing["activities"] = _("List at least one activity before submitting.")
    if not content.get("budget"):
        missing["budget"] = _("Enter at least one budget line before submitting.")
    elif budget_totals(content).requested <= 0:
        missing["budget"] = _("The amount requested must be more than zero.")
    return missing
