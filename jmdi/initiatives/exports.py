"""The registry's exports: exactly the filtered list, as XLSX or CSV, in the columns the
import reads back (so an exported file, corrected, can be imported again).

One row per initiative, one column per field, headers in the first row:

| column | what it holds |
|---|---|
| reference | the mapping's own code (e.g. MA-017): the import's key |
| title | as written, in the initiative's language |
| summary | as written |
| language | two-letter code of the language the title and summary are written in |
| lead_authority | the lead local authority's name, as the directory writes it |
| lead_country | the lead local authority's country, ISO 3166 alpha-2 code |
| partners | `name (role); name (role)`, role codes: co_lead, implementing, funding, technical, associate |
| origin_countries | ISO codes separated by `; ` |
| destination_countries | ISO codes separated by `; ` |
| south_south | `yes` or `no` |
| migration_contexts | codes separated by `; `: emigration, immigration, transit, return, refugees |
| themes | theme codes separated by `; ` (e.g. `remittances; integration`) |
| gender_dimension | targeted, mainstreamed, none, or empty (not recorded) |
| target_groups | target-group codes separated by `; ` |
| setting | urban, rural, both, or empty (not recorded) |
| start_date, end_date | ISO dates, YYYY-MM-DD, or empty |
| budget | amount with two decimals (a number in XLSX), or empty |
| currency | three-letter code |
| results | results so far |
| sources | where the information comes from |
| status | status code (mapped, candidate, selected, reserve, not_selected, funded, completed, withdrawn) |
| published | `yes` or `no` |

XLSX is written with openpyxl in write-only mode (constant memory); CSV is UTF-8 with a
byte-order mark, so that Excel opens accents and Arabic correctly. A text starting
with "=" is written as text in XLSX, never as a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from jmdi.initiatives.models import Initiative

CONTEXT_CODES = (
    ("emigration", "emigration"),
    ("immigration", "immigration"),
    ("transit", "transit"),
    ("return", "return_migration"),
    ("refugees", "refugees"),
)

COLUMNS = (
    "reference",
    "title",
    "summary",
    "language",
    "lead_authority",
    "lead_country",
    "partners",
    "origin_countries",
    "destination_countries",
    "south_south",
    "migration_contexts",
    "themes",
    "gender_dimension",
    "target_groups",
    "setting",
    "start_date",
    "end_date",
    "budget",
    "currency",
    "results",
    "sources",
    "status",
    "published",
)
SEPARATOR = "; "
#: Rows read from the database at a time (each chunk brings its own prefetches).
CHUNK = 1_000


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def _codes(countries: Iterable[Any]) -> str:
    return SEPARATOR.join(sorted(str(country.code) for country in countries))


def row_of(initiative: Initiative) -> dict[str, Any]:
    """One initiative as the export writes it (from prefetched relations: no query)."""
    return {
        "reference": initiative.reference,
        "title": initiative.title,
        "summary": initiative.summary,
        "language": initiative.language,
        "lead_authority": initiative.lead_authority.name,
        "lead_country": str(initiative.country.code),
        "partners": SEPARATOR.join(
            f"{partner.organisation.name} ({partner.role})" for partner in initiative.partners.all()
        ),
        "origin_countries": _codes(initiative.origin_countries.all()),
        "destination_countries": _codes(initiative.destination_countries.all()),
        "south_south": _yes_no(initiative.south_south),
        "migration_contexts": SEPARATOR.join(
            code for code, field in CONTEXT_CODES if getattr(initiative, field)
        ),
        "themes": SEPARATOR.join(sorted(theme.code for theme in initiative.themes.all())),
        "gender_dimension": initiative.gender_dimension,
        "target_groups": SEPARATOR.join(initiative.target_groups or []),
        "setting": initiative.setting,
        "start_date": initiative.start_date.isoformat() if initiative.start_date else "",
        "end_date": initiative.end_date.isoformat() if initiative.end_date else "",
        "budget": initiative.budget,
        "currency": initiative.budget_currency,
        "results": initiative.results,
        "sources": initiative.sources,
        "status": initiative.status,
        "published": _yes_no(initiative.published),
    }


def _rows(initiatives: Any) -> Iterator[dict[str, Any]]:
    for initiative in initiatives.iterator(chunk_size=CHUNK):
        yield row_of(initiative)


def write_xlsx(initiatives: Any) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("initiatives")
    sheet.append(list(COLUMNS))
    for row in _rows(initiatives):
        cells = []
        for name in COLUMNS:
            value = row[name]
            cell = WriteOnlyCell(sheet, value=None if value == "" else value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # text, never a formula
            elif name == "budget" and value is not None:
                cell.number_format = "0.00"
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_csv(initiatives: Any) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for row in _rows(initiatives):
        writer.writerow(["" if row[name] is None else str(row[name]) for name in COLUMNS])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
