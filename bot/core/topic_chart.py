"""A member's topic mastery as a PNG, in the weekly leaderboard chart's style (bot.core.chart).

One row per topic: the topic, a bar as long as the accuracy (100 % = the full bar), then
"accuracy · answered · due". Bars are green from 80 %, amber from 50 %, red below.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from PIL import Image, ImageDraw

from bot.core.chart import (
    _BACKGROUND,
    _BAR_MAX,
    _BAR_X,
    _MUTED,
    _TEXT,
    HEADER,
    ROW,
    WIDTH,
    _fit,
    _font,
    chart_size,
)
from bot.storage.reviews import TopicCounts

_GOOD, _FAIR, _WEAK = (74, 150, 90), (212, 160, 23), (190, 80, 70)


def bar_colour(accuracy: float) -> tuple[int, int, int]:
    return _GOOD if accuracy >= 0.8 else _FAIR if accuracy >= 0.5 else _WEAK


def mastery_png(title: str, topics: Sequence[TopicCounts], subtitle: str = "") -> bytes:
    image = Image.new("RGB", chart_size(len(topics)), _BACKGROUND)
    draw = ImageDraw.Draw(image)
    big, normal, small = _font(26), _font(18), _font(14)
    draw.text((20, 14), _fit(draw, title, big, WIDTH - 40), fill=_TEXT, font=big)
    if subtitle:
        draw.text((20, 46), _fit(draw, subtitle, small, WIDTH - 40), fill=_MUTED, font=small)
    if not topics:
        draw.text((20, HEADER + 10), "Nothing answered yet.", fill=_MUTED, font=normal)
    for i, topic in enumerate(topics):
        y = HEADER + i * ROW
        middle = y + ROW // 2
        name = _fit(draw, topic.topic, normal, _BAR_X - 30)
        draw.text((20, middle), name, fill=_TEXT, font=normal, anchor="lm")
        length = max(2, round(_BAR_MAX * 0.8 * topic.accuracy))
        draw.rectangle(
            (_BAR_X, y + 8, _BAR_X + length, y + ROW - 8), fill=bar_colour(topic.accuracy)
        )
        label = f"{topic.accuracy:.0%} · {topic.answered} answered"
        if topic.due:
            label += f" · {topic.due} due"
        draw.text((_BAR_X + length + 8, middle), label, fill=_TEXT, font=small, anchor="lm")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
