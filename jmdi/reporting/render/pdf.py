"""PDF through WeasyPrint, from an HTML template with the platform's Noto fonts.

Bar charts are SVG rectangles with no text in them: WeasyPrint draws Arabic inside SVG
`<text>` disconnected and reversed, so every label and value is set in HTML beside the
bar, where the text engine shapes it.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

from jmdi.core.charts import BAR_WIDTH, bar_geometry
from jmdi.core.reports import BarChart, Section
from jmdi.reporting.render import Cover

FONTS = Path(settings.BASE_DIR) / "node_modules" / "@fontsource"


def _font_faces() -> str:
    faces = []
    for family, package, subset, weights in (
        ("Noto Sans", "noto-sans", "latin", ("400", "700")),
        ("Noto Sans", "noto-sans", "latin-ext", ("400", "700")),
        ("Noto Sans Arabic", "noto-sans-arabic", "arabic", ("400", "700")),
    ):
        for weight in weights:
            path = FONTS / package / "files" / f"{package}-{subset}-{weight}-normal.woff2"
            if path.exists():
                faces.append(
                    f'@font-face {{ font-family: "{family}"; font-weight: {weight}; '
                    f'src: url("{path.as_uri()}") format("woff2"); }}'
                )
    return "\n".join(faces)


def bar_widths(
    section_bars: list[tuple[Decimal, Decimal | None]],
) -> tuple[int, list[tuple[int, int | None]]]:
    """Pixel widths of each bar and target mark, on one scale for the chart (the same
    geometry as the dashboard's charts)."""
    return bar_geometry(section_bars, BAR_WIDTH)


def render_pdf(cover: Cover, sections: list[Section]) -> bytes:
    from weasyprint import HTML

    prepared = []
    for section in sections:
        blocks = []
        for block in section.blocks:
            rows = None
            if isinstance(block, BarChart):
                bars = list(block.bars)
                _width, widths = bar_widths(
                    [(Decimal(b.value), Decimal(b.target) if b.target else None) for b in bars]
                )
                # Right to left, a bar grows from the right: the rectangles are placed
                # from that edge (no SVG transform, which WeasyPrint drew off the canvas).
                rows = [
                    {
                        "bar": bar,
                        "width": width,
                        "x": BAR_WIDTH - width if cover.rtl else 0,
                        "target": None
                        if target is None
                        else (BAR_WIDTH - target - 2 if cover.rtl else target),
                    }
                    for bar, (width, target) in zip(bars, widths, strict=True)
                ]
            blocks.append({"block": block, "bars": rows})
        prepared.append({"section": section, "blocks": blocks})
    html = render_to_string(
        "reporting/report_print.html",
        {
            "cover": cover,
            "sections": prepared,
            "font_faces": _font_faces(),
            "bar_width": BAR_WIDTH,
        },
    )
    document: bytes = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
    return document
