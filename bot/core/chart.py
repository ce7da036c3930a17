"""The weekly leaderboard as a PNG picture (Pillow), for adapters able to show images.

Layout: a title bar, then one row per entry (rank, name, a bar proportional to the points,
the points and the current streak). The size is fixed by the number of rows:
WIDTH x (HEADER + ROW * rows + FOOTER) pixels.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from PIL import Image, ImageDraw, ImageFont

from bot.core.models import LeaderboardEntry

WIDTH = 800
HEADER = 72
ROW = 40
FOOTER = 16
_BACKGROUND = (250, 250, 247)
_TEXT = (34, 34, 34)
_MUTED = (110, 110, 110)
_BARS = ((212, 160, 23), (150, 150, 160), (176, 110, 60))  # gold, silver, bronze
_BAR = (76, 120, 168)
_NAME_X, _BAR_X, _BAR_MAX = 60, 260, 400


def chart_size(rows: int) -> tuple[int, int]:
    return WIDTH, HEADER + ROW * max(rows, 1) + FOOTER


def _font(size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    try:
        return ImageFont.load_default(size=size)
    except (TypeError, OSError):  # Pillow without FreeType: the fixed bitmap font
        return ImageFont.load_default()


MAX_TEXT = 200  # characters measured at most: no name or title fits more in 800 px


def _fit(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> str:
    """`text`, or its longest prefix + "…" that fits in `width` px (a binary search over the
    length: O(log n) measurements, whatever the length of a member's name)."""
    if len(text) <= MAX_TEXT and draw.textlength(text, font=font) <= width:
        return text
    low, high = 0, min(len(text), MAX_TEXT)  # the prefix text[:low] + "…" fits
    while low < high:
        middle = (low + high + 1) // 2
        if draw.textlength(text[:middle] + "…", font=font) <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low] + "…"


def leaderboard_png(title: str, entries: Sequence[LeaderboardEntry], subtitle: str = "") -> bytes:
    """Render `entries` (already ranked) as a PNG and return its bytes."""
    image = Image.new("RGB", chart_size(len(entries)), _BACKGROUND)
    draw = ImageDraw.Draw(image)
    big, normal, small = _font(26), _font(18), _font(14)
    draw.text((20, 14), _fit(draw, title, big, WIDTH - 40), fill=_TEXT, font=big)
    if subtitle:
        draw.text((20, 46), _fit(draw, subtitle, small, WIDTH - 40), fill=_MUTED, font=small)
    if not entries:
        draw.text((20, HEADER + 10), "No points yet.", fill=_MUTED, font=normal)
    top = max((e.points for e in entries), default=0) or 1
    for i, entry in enumerate(entries):
        y = HEADER + i * ROW
        middle = y + ROW // 2
        draw.text((20, middle), f"{entry.rank}.", fill=_TEXT, font=normal, anchor="lm")
        name = _fit(draw, entry.member.display_name, normal, _BAR_X - _NAME_X - 10)
        draw.text((_NAME_X, middle), name, fill=_TEXT, font=normal, anchor="lm")
        length = max(2, round(_BAR_MAX * max(entry.points, 0) / top))
        colour = _BARS[entry.rank - 1] if entry.rank <= len(_BARS) else _BAR
        draw.rectangle((_BAR_X, y + 8, _BAR_X + length, y + ROW - 8), fill=colour)
        label = f"{entry.points}"
        if entry.current_streak > 1:
            label += f"  ({entry.current_streak} in a row)"
        draw.text((_BAR_X + length + 8, middle), label, fill=_TEXT, font=small, anchor="lm")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
