"""Charts as data for the SVG templates (``templates/dashboards/_chart_*.html``).

No chart library: two shapes (horizontal bars for a breakdown, columns for a monthly
series) are a few lines of arithmetic, and the templates draw them with SVG presentation
attributes only (the Content-Security-Policy allows no inline style). Every chart is
drawn next to the table that holds its numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

BAR_HEIGHT = 22
BAR_GAP = 8
LABEL_WIDTH = 220
BAR_AREA = 360
COLUMN_AREA_HEIGHT = 160
COLUMN_WIDTH = 28
COLUMN_GAP = 10
PALETTE = ("#1f5f8b", "#2a7f62", "#8a5a00", "#6b3fa0", "#a23b3b", "#3f6f3f", "#55606e")


@dataclass
class Bar:
    label: str
    value: float
    display: str
    y: int
    width: int
    fill: str


def bars(items: list[tuple[str, float, str]]) -> dict:
    """Horizontal bars: items are (label, value, formatted value)."""
    top = max((value for _label, value, _display in items), default=0) or 1
    rows = [
        Bar(
            label=label,
            value=value,
            display=display,
            y=i * (BAR_HEIGHT + BAR_GAP),
            width=max(1, round(BAR_AREA * value / top)) if value else 0,
            fill=PALETTE[i % len(PALETTE)],
        )
        for i, (label, value, display) in enumerate(items)
    ]
    height = max(1, len(rows)) * (BAR_HEIGHT + BAR_GAP)
    return {
        "bars": rows,
        "width": LABEL_WIDTH + BAR_AREA + 80,
        "height": height,
        "label_width": LABEL_WIDTH,
        "bar_height": BAR_HEIGHT,
        "text_offset": BAR_HEIGHT - 6,
    }


@dataclass
class Column:
    label: str
    display: str
    x: int
    y: int
    height: int


def columns(items: list[tuple[str, float | None, str]]) -> dict:
    """Vertical columns: items are (label, value or None, formatted value)."""
    top = max((value or 0 for _label, value, _display in items), default=0) or 1
    cols = []
    for i, (label, value, display) in enumerate(items):
        height = round(COLUMN_AREA_HEIGHT * (value or 0) / top)
        cols.append(
            Column(
                label=label,
                display=display,
                x=i * (COLUMN_WIDTH + COLUMN_GAP),
                y=COLUMN_AREA_HEIGHT - height,
                height=height,
            )
        )
    return {
        "columns": cols,
        "width": max(1, len(cols)) * (COLUMN_WIDTH + COLUMN_GAP),
        "height": COLUMN_AREA_HEIGHT + 40,
        "area": COLUMN_AREA_HEIGHT,
        "column_width": COLUMN_WIDTH,
        "label_y": COLUMN_AREA_HEIGHT + 16,
        "value_offset": COLUMN_WIDTH // 2,
    }
