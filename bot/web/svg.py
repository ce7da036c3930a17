"""Charts as inline SVG, drawn on the server (no JavaScript, nothing fetched).

Each chart is an <svg role="img"> with a <title> and <desc> (read by screen readers), sized by
its viewBox so it scales to a phone's width; every chart on a page also has the same figures
in a table next to it. Colours have at least 4.5:1 contrast on white for text, 3:1 for marks.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from markupsafe import Markup, escape

TEXT, MUTED, AXIS = "#1f1f1f", "#595959", "#767676"
BAR, LINE = "#1d5fa8", "#1d5fa8"
MEDALS = ("#8a6d00", "#5b5b66", "#8a4b1f")  # dark gold, silver, bronze: 3:1 on white at least
GOOD, FAIR, WEAK = "#2e7d32", "#8a6d00", "#b3261e"


def _head(width: int, height: int, title: str, desc: str, css_class: str) -> str:
    return (
        f'<svg class="{css_class}" viewBox="0 0 {width} {height}" role="img"'
        f' aria-labelledby="t-{css_class} d-{css_class}" xmlns="http://www.w3.org/2000/svg"'
        f' font-family="system-ui, sans-serif">'
        f'<title id="t-{css_class}">{escape(title)}</title>'
        f'<desc id="d-{css_class}">{escape(desc)}</desc>'
    )


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bar_chart(
    rows: Sequence[tuple[str, float, str]],
    title: str,
    desc: str,
    *,
    css_class: str = "bars",
    colours: Sequence[str] | None = None,
    maximum: float | None = None,
) -> Markup:
    """Horizontal bars: (label, value, value text) per row, longest = `maximum` (default: the
    largest value)."""
    width, row_h, label_w, bar_w = 440, 28, 132, 220
    height = max(1, len(rows)) * row_h + 8
    top = maximum if maximum is not None else max((v for _, v, _ in rows), default=0)
    top = top or 1
    parts = [_head(width, height, title, desc, css_class)]
    if not rows:
        parts.append(f'<text x="8" y="20" fill="{MUTED}" font-size="15">No data yet.</text>')
    for i, (label, value, shown) in enumerate(rows):
        y = 4 + i * row_h
        length = max(2.0, bar_w * max(value, 0) / top)
        colour = colours[i] if colours else BAR
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 19}" text-anchor="end" fill="{TEXT}"'
            f' font-size="15">{escape(_short(label, 16))}</text>'
            f'<rect x="{label_w}" y="{y + 5}" width="{length:.1f}" height="{row_h - 10}"'
            f' fill="{colour}" rx="2"/>'
            f'<text x="{label_w + length + 6:.1f}" y="{y + 19}" fill="{TEXT}"'
            f' font-size="14">{escape(shown)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def line_chart(
    points: Sequence[tuple[date, float]], title: str, desc: str, *, css_class: str = "line"
) -> Markup:
    """One series over time (dates on x, values on y), with the first and last dates and the
    top value marked on the axes."""
    width, height = 440, 220
    left, right, top_pad, bottom = 48, 12, 14, 32
    plot_w, plot_h = width - left - right, height - top_pad - bottom
    parts = [_head(width, height, title, desc, css_class)]
    parts.append(
        f'<line x1="{left}" y1="{top_pad + plot_h}" x2="{left + plot_w}" y2="{top_pad + plot_h}"'
        f' stroke="{AXIS}"/><line x1="{left}" y1="{top_pad}" x2="{left}"'
        f' y2="{top_pad + plot_h}" stroke="{AXIS}"/>'
    )
    if not points:
        parts.append(
            f'<text x="{left + 10}" y="{top_pad + plot_h / 2}" fill="{MUTED}" font-size="15">'
            "No revealed rounds yet.</text></svg>"
        )
        return Markup("".join(parts))
    first, last = points[0][0], points[-1][0]
    span = max((last - first).days, 1)
    low = min(0.0, min(v for _, v in points))
    high = max(v for _, v in points)
    if high <= low:
        high = low + 1
    coords = []
    for day, value in points:
        x = left + plot_w * ((day - first).days / span if len(points) > 1 else 0.5)
        y = top_pad + plot_h * (1 - (value - low) / (high - low))
        coords.append(f"{x:.1f},{y:.1f}")
    parts.append(
        f'<polyline points="{" ".join(coords)}" fill="none" stroke="{LINE}" stroke-width="2.5"'
        ' stroke-linejoin="round"/>'
    )
    end_x, end_y = coords[-1].split(",")
    parts.append(f'<circle cx="{end_x}" cy="{end_y}" r="4" fill="{LINE}"/>')
    parts.append(
        f'<text x="{left - 6}" y="{top_pad + 5}" text-anchor="end" fill="{MUTED}"'
        f' font-size="13">{high:g}</text>'
        f'<text x="{left - 6}" y="{top_pad + plot_h}" text-anchor="end" fill="{MUTED}"'
        f' font-size="13">{low:g}</text>'
        f'<text x="{left}" y="{height - 12}" fill="{MUTED}" font-size="13">{first:%d %b %Y}</text>'
        f'<text x="{left + plot_w}" y="{height - 12}" text-anchor="end" fill="{MUTED}"'
        f' font-size="13">{last:%d %b %Y}</text>'
    )
    parts.append("</svg>")
    return Markup("".join(parts))


def accuracy_colour(accuracy: float) -> str:
    return GOOD if accuracy >= 0.8 else FAIR if accuracy >= 0.5 else WEAK
