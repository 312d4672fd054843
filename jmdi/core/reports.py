"""The contract between the apps that know the figures and the reports that print them.

A report (the quarterly progress report, the annual review) is a list of sections; each
app contributes the sections it knows (`Plugin(report_sections=[...])`), as plain blocks
— headings, paragraphs, key facts, tables, bar charts — that the reporting app renders as
PDF, DOCX and XLSX alike, and keeps, frozen, as the figures of the report's date. Blocks
are plain data (`to_dict()` / `block_from_dict()`), so a frozen report is stored as JSON
and re-rendered identically later.

Texts in blocks are already in the report's language: `collect()` runs under
`translation.override(context.language)`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from jmdi.core.measures import Period


def isolated(text: str) -> str:
    """A left-to-right run (an amount, a code) kept whole inside right-to-left text:
    Unicode isolates, which survive into PDF, Word and spreadsheets alike."""
    return f"\u2066{text}\u2069"


def written(text: str) -> str:
    """Words as a person wrote them, in whatever language: a first-strong isolate, so an
    English sentence in an Arabic report (or the reverse) keeps its own direction and its
    full stop at its own end, in PDF, Word and spreadsheets alike."""
    return f"\u2068{text}\u2069" if text else ""


#: The reports the monitoring framework asks for.
QUARTERLY = "quarterly"
ANNUAL = "annual"


@dataclass(frozen=True)
class ReportContext:
    programme: str
    kind: str
    period: Period
    as_of: date
    language: str


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 3
    type: str = "heading"


@dataclass(frozen=True)
class Paragraph:
    text: str
    type: str = "paragraph"


@dataclass(frozen=True)
class Facts:
    """Label and value pairs ("Reporting period", "1 April to 30 June 2014")."""

    items: Sequence[tuple[str, str]]
    type: str = "facts"


@dataclass(frozen=True)
class Column:
    label: str
    numeric: bool = False


@dataclass(frozen=True)
class TableCell:
    """What a cell shows (`text`, formatted for the report's language) and, for numbers,
    the value itself (`value`, a decimal string), which the spreadsheet keeps as a number."""

    text: str
    value: str | None = None

    @classmethod
    def number(cls, value: Decimal | int | None, text: str) -> TableCell:
        return cls(text=text, value=None if value is None else str(value))


@dataclass(frozen=True)
class Table:
    caption: str
    columns: Sequence[Column]
    rows: Sequence[Sequence[TableCell]]
    #: A totals row, shown apart.
    total: Sequence[TableCell] | None = None
    #: Said when there are no rows.
    empty: str = ""
    type: str = "table"


@dataclass(frozen=True)
class Bar:
    label: str
    value: str  # a decimal string
    text: str  # the value as shown
    target: str | None = None


@dataclass(frozen=True)
class BarChart:
    """Horizontal bars, one per label, against a target where there is one. Rendered as
    SVG without text (labels are set beside it, in the document's own text, so Arabic
    shapes correctly) with the same figures as a table for readers who cannot see it."""

    title: str
    bars: Sequence[Bar]
    type: str = "bar_chart"


Block = Heading | Paragraph | Facts | Table | BarChart


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    blocks: Sequence[Block] = field(default_factory=tuple)


@dataclass(frozen=True)
class SectionProvider:
    """An app's section of the reports: `collect(context)` returns it, or None when the
    app has nothing for this report (e.g. no records yet)."""

    key: str
    order: int
    collect: Callable[[ReportContext], Section | None]
    kinds: frozenset[str] = frozenset({QUARTERLY, ANNUAL})


def section_to_dict(section: Section) -> dict[str, Any]:
    return asdict(section)


_BLOCKS: dict[str, Any] = {
    "heading": Heading,
    "paragraph": Paragraph,
    "facts": Facts,
    "table": Table,
    "bar_chart": BarChart,
}


def block_from_dict(data: dict[str, Any]) -> Block:
    kind = data["type"]
    values = dict(data)
    if kind == "facts":
        values["items"] = [tuple(item) for item in values["items"]]
    elif kind == "table":
        values["columns"] = [Column(**c) for c in values["columns"]]
        values["rows"] = [[TableCell(**c) for c in row] for row in values["rows"]]
        if values.get("total") is not None:
            values["total"] = [TableCell(**c) for c in values["total"]]
    elif kind == "bar_chart":
        values["bars"] = [Bar(**b) for b in values["bars"]]
    block: Block = _BLOCKS[kind](**values)
    return block


def section_from_dict(data: dict[str, Any]) -> Section:
    return Section(
        key=data["key"],
        title=data["title"],
        blocks=tuple(block_from_dict(b) for b in data["blocks"]),
    )
