"""The report's figures as a spreadsheet (XlsxWriter): a cover sheet, then one sheet per
section with its tables; numbers stay numbers (summable), charts are native Excel charts
over the same cells, and sheets read right to left in Arabic."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from typing import Any

import xlsxwriter

from jmdi.core.reports import BarChart, Block, Facts, Heading, Paragraph, Section, Table
from jmdi.reporting.render import Cover

_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _sheet_name(title: str, used: set[str]) -> str:
    """Excel: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    base = _FORBIDDEN.sub(" ", title).strip()[:28] or "Sheet"
    name, n = base, 2
    while name.lower() in used:
        name = f"{base[:26]} {n}"
        n += 1
    used.add(name.lower())
    return name


def render_xlsx(cover: Cover, sections: list[Section], labels: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    font = "Noto Sans Arabic" if cover.rtl else "Noto Sans"
    formats = {
        "title": workbook.add_format({"bold": True, "font_size": 16, "font_name": font}),
        "bold": workbook.add_format({"bold": True, "font_name": font, "valign": "top"}),
        "text": workbook.add_format({"font_name": font, "text_wrap": True, "valign": "top"}),
        "head": workbook.add_format(
            {"bold": True, "bottom": 2, "font_name": font, "text_wrap": True}
        ),
        "number": workbook.add_format({"num_format": "#,##0.##", "font_name": font}),
        "total": workbook.add_format({"bold": True, "top": 1, "bottom": 6, "font_name": font}),
        "total_number": workbook.add_format(
            {"bold": True, "top": 1, "bottom": 6, "num_format": "#,##0.##", "font_name": font}
        ),
    }
    used: set[str] = set()
    sheet = workbook.add_worksheet(_sheet_name(labels["cover"], used))
    if cover.rtl:
        sheet.right_to_left()
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, 1, 60)
    sheet.write(0, 0, cover.title, formats["title"])
    sheet.write(1, 0, cover.programme, formats["text"])
    for row, (label, value) in enumerate(
        (
            (labels["period"], cover.period),
            (labels["as_of"], cover.as_of),
            (labels["status"], cover.status),
        ),
        start=3,
    ):
        sheet.write(row, 0, label, formats["bold"])
        sheet.write(row, 1, value, formats["text"])

    for section in sections:
        sheet = workbook.add_worksheet(_sheet_name(section.title, used))
        if cover.rtl:
            sheet.right_to_left()
        # Printed: one page wide, as many long as needed.
        sheet.set_landscape()
        sheet.fit_to_pages(1, 0)
        sheet.set_column(0, 0, 48)
        sheet.set_column(1, 8, 16)
        sheet.write(0, 0, section.title, formats["title"])
        row = 2
        for block in section.blocks:
            row = _write_block(workbook, sheet, formats, labels, block, row)
    workbook.close()
    return buffer.getvalue()


def _height(text: str, characters_per_line: int) -> int:
    """Row height in points for wrapped text (spreadsheets do not size rows themselves)."""
    lines = max(1, -(-len(text) // characters_per_line))
    return 15 * lines


def _write_block(
    workbook: Any,
    sheet: Any,
    formats: dict[str, Any],
    labels: dict[str, str],
    block: Block,
    row: int,
) -> int:
    """Write one block from `row`; return the next free row."""
    if isinstance(block, Heading):
        sheet.write(row, 0, block.text, formats["bold"])
        return row + 1
    if isinstance(block, Paragraph):
        # Across the table's width, wrapped, tall enough for its lines.
        sheet.merge_range(row, 0, row, 3, block.text, formats["text"])
        sheet.set_row(row, _height(block.text, 95))
        return row + 1
    if isinstance(block, Facts):
        for label, value in block.items:
            sheet.write(row, 0, label, formats["bold"])
            sheet.merge_range(row, 1, row, 3, value, formats["text"])
            sheet.set_row(row, _height(value, 48))
            row += 1
        return row
    if isinstance(block, Table):
        sheet.write(row, 0, block.caption, formats["bold"])
        row += 1
        if not block.rows:
            sheet.write(row, 0, block.empty, formats["text"])
            return row + 2
        for col, column in enumerate(block.columns):
            sheet.write(row, col, column.label, formats["head"])
        row += 1
        lines = [(cells, False) for cells in block.rows]
        if block.total:
            lines.append((block.total, True))
        for cells, is_total in lines:
            sheet.set_row(row, _height(cells[0].text, 48))
            for col, cell in enumerate(cells):
                if cell.value is not None:
                    number = "total_number" if is_total else "number"
                    sheet.write_number(row, col, float(Decimal(cell.value)), formats[number])
                else:
                    sheet.write(row, col, cell.text, formats["total" if is_total else "text"])
            row += 1
        return row + 1
    if isinstance(block, BarChart):
        sheet.write(row, 0, block.title, formats["bold"])
        row += 1
        for col, key in enumerate(("item", "value", "target")):
            sheet.write(row, col, labels[key], formats["head"])
        first = row + 1
        for bar in block.bars:
            row += 1
            sheet.write(row, 0, bar.label, formats["text"])
            sheet.write_number(row, 1, float(Decimal(bar.value)), formats["number"])
            if bar.target is not None:
                sheet.write_number(row, 2, float(Decimal(bar.target)), formats["number"])
        chart = workbook.add_chart({"type": "bar"})
        chart.add_series(
            {
                "name": labels["value"],
                "categories": [sheet.name, first, 0, row, 0],
                "values": [sheet.name, first, 1, row, 1],
            }
        )
        chart.set_title({"name": block.title})
        chart.set_legend({"none": True})
        sheet.insert_chart(first, 4, chart)
        return row + 16
    return row
