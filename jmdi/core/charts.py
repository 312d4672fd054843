"""Chart geometry shared by the pages and the PDF reports: numbers in, pixels out.

Charts are SVG shapes with no text inside: every label and figure is set as HTML beside
the shapes (WeasyPrint draws Arabic inside SVG `<text>` disconnected and reversed), and
the same figures are given as a table for readers who cannot see the chart. Mirroring for
right-to-left languages is the template's job (a horizontal flip of the shapes).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

#: Width of a bar chart's track, in pixels (viewBox units on the pages).
BAR_WIDTH = 240
#: The target mark's width: kept inside the track.
MARK = 2


def bar_geometry(
    pairs: Sequence[tuple[Decimal, Decimal | None]], width: int = BAR_WIDTH
) -> tuple[int, list[tuple[int, int | None]]]:
    """Pixel widths of each bar and x of its target mark, on one scale for the chart:
    the largest value or target fills the track."""
    largest = max([max(v, t or Decimal(0)) for v, t in pairs] + [Decimal(0)])
    if largest <= 0:
        return width, [(0, None) for _ in pairs]
    scale = Decimal(width) / largest
    return width, [
        (int(v * scale), None if t is None else min(int(t * scale), width - MARK)) for v, t in pairs
    ]


@dataclass(frozen=True)
class BarRow:
    label: str
    text: str  # the value as shown
    width: int
    target: int | None
    target_text: str = ""
    url: str = ""


def bars(
    items: Sequence[tuple[str, Decimal | None, Decimal | None, str, str, str]],
    width: int = BAR_WIDTH,
) -> list[BarRow]:
    """(label, value, target, value text, target text, link) → rows of a bar chart; an
    item without a value has an empty bar (its text says why)."""
    _w, geometry = bar_geometry(
        [(value or Decimal(0), target) for _l, value, target, _t, _tt, _u in items], width
    )
    return [
        BarRow(label, text, bar, mark, target_text, url)
        for (label, _v, _t, text, target_text, url), (bar, mark) in zip(
            items, geometry, strict=True
        )
    ]


@dataclass(frozen=True)
class Column:
    label: str
    text: str
    x: int
    y: int
    height: int


def columns(
    points: Sequence[tuple[str, Decimal | None, str]],
    height: int = 80,
    step: int = 24,
    gap: int = 6,
) -> tuple[int, int, list[Column]]:
    """A trend as columns, one per period: (width, height, columns). SVG's y runs down,
    so a column of height h starts at y = height - h."""
    largest = max([value or Decimal(0) for _l, value, _t in points] + [Decimal(0)])
    scale = Decimal(height) / largest if largest > 0 else Decimal(0)
    result = []
    for index, (label, value, text) in enumerate(points):
        h = int((value or Decimal(0)) * scale)
        result.append(Column(label, text, index * step, height - h, h))
    return max(len(points) * step - gap, step), height, result
