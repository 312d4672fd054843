"""An editable Word document (python-docx), right-to-left for Arabic.

python-docx has no switch for right-to-left text: Word reads it from `w:bidi` on each
paragraph, `w:rtl` on each run and `w:bidiVisual` on each table, set here. Fonts are named
for both scripts (Noto Sans for Latin, Noto Sans Arabic for Arabic, as the complex-script
font), so Word shapes Arabic with a font that has it.
"""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from jmdi.core.reports import BarChart, Facts, Heading, Paragraph, Section, Table
from jmdi.reporting.render import Cover

LATIN, ARABIC = "Noto Sans", "Noto Sans Arabic"
BLUE = RGBColor(0x00, 0x4F, 0x86)
#: Centimetres: the text width of an A4 page in Word's default margins, and a figure's column.
TEXT_WIDTH, NUMBER_WIDTH = 16.0, 3.8


def column_widths(columns: int) -> tuple[float, float]:
    """(words, each figure) in centimetres: figures get their usual width while the words
    keep at least two fifths of the line; wider tables share the rest among the figures."""
    figures = columns - 1
    if figures <= 0:
        return TEXT_WIDTH, 0.0
    number_width = min(NUMBER_WIDTH, TEXT_WIDTH * 0.6 / figures)
    return TEXT_WIDTH - number_width * figures, number_width


def _fonts(element: Any, size: float | None = None) -> None:
    """Name the Latin and the complex-script (Arabic) fonts on a style or a run."""
    properties = element.get_or_add_rPr()
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        properties.append(fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia"):
        fonts.set(qn(attribute), LATIN)
    fonts.set(qn("w:cs"), ARABIC)
    if size:
        for tag in ("w:sz", "w:szCs"):
            node = OxmlElement(tag)
            node.set(qn("w:val"), str(int(size * 2)))
            properties.append(node)


class Writer:
    def __init__(self, rtl: bool) -> None:
        self.rtl = rtl
        self.document = Document()
        for name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "Caption"):
            style = self.document.styles[name]
            _fonts(style.element)
        self.document.styles["Normal"].font.size = Pt(10)
        if rtl:
            # The whole document reads right to left: sections and the default paragraph.
            section_properties = self.document.sections[0]._sectPr
            section_properties.append(OxmlElement("w:bidi"))
            normal = self.document.styles["Normal"].element.get_or_add_pPr()
            normal.append(OxmlElement("w:bidi"))

    def _direction(self, paragraph: Any) -> Any:
        if self.rtl:
            paragraph._p.get_or_add_pPr().append(OxmlElement("w:bidi"))
            for run in paragraph.runs:
                run._r.get_or_add_rPr().append(OxmlElement("w:rtl"))
        return paragraph

    def heading(self, text: str, level: int) -> None:
        paragraph = self.document.add_heading(text, level=level)
        for run in paragraph.runs:
            run.font.color.rgb = BLUE
        self._direction(paragraph)

    def paragraph(self, text: str, *, bold: bool = False) -> Any:
        paragraph = self.document.add_paragraph()
        run = paragraph.add_run(text)
        run.bold = bold
        return self._direction(paragraph)

    def table(
        self,
        caption: str,
        headers: list[tuple[str, bool]],
        rows: list[list[tuple[str, bool]]],
        total: list[tuple[str, bool]] | None = None,
    ) -> None:
        self.paragraph(caption, bold=True)
        table = self.document.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        if self.rtl:
            table._tbl.tblPr.append(OxmlElement("w:bidiVisual"))
        for cell, (label, numeric) in zip(table.rows[0].cells, headers, strict=True):
            self._cell(cell, label, numeric, bold=True)
        for values in [*rows, *([total] if total else [])]:
            cells = table.add_row().cells
            for cell, (text, numeric) in zip(cells, values, strict=True):
                self._cell(cell, text, numeric, bold=values is total)
        # The first column holds the words, the others the figures: give the words room.
        text_width, number_width = column_widths(len(headers))
        for index, column in enumerate(table.columns):
            width = Cm(text_width if index == 0 else number_width)
            column.width = width  # the grid, which LibreOffice reads
            for cell in column.cells:
                cell.width = width  # each cell, which Word reads
        for cell in table.rows[0].cells:
            shading = OxmlElement("w:shd")
            shading.set(qn("w:val"), "clear")
            shading.set(qn("w:fill"), "E6F0F8")
            cell._tc.get_or_add_tcPr().append(shading)
        self.document.add_paragraph()

    def _cell(self, cell: Any, text: str, numeric: bool, *, bold: bool = False) -> None:
        paragraph = cell.paragraphs[0]
        run = paragraph.add_run(text)
        run.bold = bold
        if numeric:
            paragraph.alignment = (
                WD_ALIGN_PARAGRAPH.RIGHT if not self.rtl else WD_ALIGN_PARAGRAPH.LEFT
            )
        self._direction(paragraph)

    def save(self) -> bytes:
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()


def render_docx(cover: Cover, sections: list[Section], labels: dict[str, str]) -> bytes:
    writer = Writer(cover.rtl)
    writer.heading(cover.title, 0)
    writer.paragraph(cover.programme)
    for label, value in (
        (labels["period"], cover.period),
        (labels["as_of"], cover.as_of),
        (labels["status"], cover.status),
    ):
        writer.paragraph(f"{label}: {value}")
    for section in sections:
        writer.heading(section.title, 1)
        for block in section.blocks:
            if isinstance(block, Heading):
                writer.heading(block.text, 2)
            elif isinstance(block, Paragraph):
                writer.paragraph(block.text)
            elif isinstance(block, Facts):
                for label, value in block.items:
                    writer.paragraph(f"{label}: {value}")
            elif isinstance(block, Table):
                if not block.rows:
                    writer.paragraph(f"{block.caption}: {block.empty}")
                    continue
                writer.table(
                    block.caption,
                    [(c.label, c.numeric) for c in block.columns],
                    [[(c.text, c.value is not None) for c in row] for row in block.rows],
                    [(c.text, c.value is not None) for c in block.total] if block.total else None,
                )
            elif isinstance(block, BarChart):
                # A chart in an editable document is its figures: a table the reader can edit.
                writer.table(
                    block.title,
                    [(labels["item"], False), (labels["value"], True)],
                    [[(bar.label, False), (bar.text, True)] for bar in block.bars],
                )
    return writer.save()
