"""What goes into a report: every app's sections, in the report's language, as of its date."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import translation

from jmdi.core.measures import Period
from jmdi.core.plugins import report_sections
from jmdi.core.reports import ReportContext, Section, section_from_dict, section_to_dict


def collect(
    *, programme: str, kind: str, period: Period, as_of: date, language: str
) -> list[Section]:
    context = ReportContext(
        programme=programme, kind=kind, period=period, as_of=as_of, language=language
    )
    sections: list[Section] = []
    with translation.override(language):
        for provider in report_sections():
            if kind not in provider.kinds:
                continue
            section = provider.collect(context)
            if section is not None:
                sections.append(section)
    return sections


def to_snapshot(sections: list[Section]) -> list[dict[str, Any]]:
    return [section_to_dict(section) for section in sections]


def from_snapshot(snapshot: list[dict[str, Any]]) -> list[Section]:
    return [section_from_dict(data) for data in snapshot]
