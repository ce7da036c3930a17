"""The weekly leaderboard picture: a valid PNG of the documented size."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from PIL import Image

from bot.core.chart import WIDTH, chart_size, leaderboard_png
from bot.core.models import Actor, LeaderboardEntry, Member

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def entry(rank: int, name: str, points: int, streak: int = 0) -> LeaderboardEntry:
    return LeaderboardEntry(rank, Member(rank, "test", name, name), points, 1, streak, streak)


def test_png_size_grows_with_the_rows_and_long_names_fit():
    rows = [entry(1, "Ann", 120, 4), entry(2, "B" * 80, 90), entry(2, "Cy", 90), entry(4, "D", 0)]
    data = leaderboard_png("Leaderboard: week of 02 Mar 2026", rows, "study group")
    assert data.startswith(PNG_SIGNATURE)
    image = Image.open(io.BytesIO(data))
    image.verify()
    assert Image.open(io.BytesIO(data)).size == chart_size(4) == (WIDTH, 72 + 4 * 40 + 16)
    empty = Image.open(io.BytesIO(leaderboard_png("Nobody yet", [])))
    assert empty.size == chart_size(0)


async def test_weekly_chart_through_the_service(service, clock):
    group = await service.ensure_group("test", "chart", "Chart group")
    admin = await service.ensure_member("test", "admin", "Admin")
    await service.update_settings(group.id, Actor(admin, is_admin=True), topics="short")
    assert await service.weekly_chart(group.id) is None  # nobody scored this week
    clock.current = datetime(2026, 3, 4, 9, tzinfo=UTC)
    await service.post_round(group.id)
    for name in ("Ann", "Bob", "Cy"):
        await service.submit(group.id, await service.ensure_member("test", name, name), "4")
    await service.reveal(group.id)
    data = await service.weekly_chart(group.id)
    assert data is not None and data.startswith(PNG_SIGNATURE)
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG" and image.size == chart_size(3)
    # The winner's bar is the longest: more non-background pixels on its row.
    pixels = image.convert("RGB").load()
    background = pixels[WIDTH - 1, 72 + 20]

    def bar_length(row: int) -> int:
        y = 72 + row * 40 + 20
        return sum(1 for x in range(260, 660) if pixels[x, y] != background)

    assert bar_length(0) > bar_length(1) > 0
