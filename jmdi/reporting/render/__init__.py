"""A report's sections rendered as PDF (WeasyPrint), DOCX (python-docx) and XLSX
(XlsxWriter), all from the same blocks, in any of the four languages."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Cover:
    """What the first page says."""

    title: str
    programme: str
    period: str
    as_of: str
    status: str
    language: str
    rtl: bool
