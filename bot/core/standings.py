"""Scores as members see them: leaderboards, personal stats and the weekly chart.

Names are the ones each group knows its members by (bot.core.guards.Guards.remember_name), so a
Discord server nickname never shows on another server's board. The chart is drawn in a worker
thread (asyncio.to_thread), once per change of the board it shows (`ChartCache`), so repeated
clicks never redraw it and never block the event loop.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from bot.core import chart, periods
from bot.core.guards import renamed
from bot.core.models import Leaderboard, LeaderboardEntry, Member, MemberStats, Period

if TYPE_CHECKING:
    from bot.core.service import StudyService


async def leaderboard(
    service: StudyService,
    group_id: int,
    period: Period,
    member: Member | None,
    top: int,
    on_date: date | None,
) -> Leaderboard:
    group = await service.get_group(group_id)
    start = periods.period_start(period, on_date or service.local_today(group))
    entries = tuple(await service.standings.top(group_id, period, start, top))
    caller = None
    if member is not None:
        caller = next((e for e in entries if e.member.id == member.id), None)
        caller = caller or await service.standings.entry(group_id, period, start, member.id)
    everyone = [e.member for e in entries] + ([caller.member] if caller else [])
    names = await service.guards.name_map(group_id, everyone)
    if names:
        entries = tuple(
            sorted(  # ties are listed by the name shown
                (replace(e, member=renamed(e.member, names)) for e in entries),
                key=lambda e: (e.rank, e.member.display_name, e.member.id),
            )
        )
        caller = replace(caller, member=renamed(caller.member, names)) if caller else None
    return Leaderboard(group_id, period, entries, caller)


async def member_stats(service: StudyService, group_id: int, member: Member) -> MemberStats:
    found = await service.standings.member_totals(group_id, member.id)
    entry, correct = found if found else (None, 0)
    names = await service.guards.name_map(group_id, [member])
    return MemberStats(
        member=renamed(member, names),
        points=entry.points if entry else 0,
        rounds=entry.rounds if entry else 0,
        correct=correct,
        rank=entry.rank if entry else None,
        current_streak=entry.current_streak if entry else 0,
        longest_streak=entry.longest_streak if entry else 0,
    )


class ChartCache:
    """PNG bytes per chart key, redrawn only when what the chart shows changed. Concurrent
    requests for one key wait for a single drawing."""

    def __init__(self, size: int = 64) -> None:
        self._size = size
        self._items: OrderedDict[Hashable, tuple[Hashable, bytes]] = OrderedDict()
        self._locks: dict[Hashable, asyncio.Lock] = {}
        self.drawn = 0  # drawings made (for tests and metrics)

    async def get(self, key: Hashable, content: Hashable, draw: Callable[[], bytes]) -> bytes:
        lock = self._locks.setdefault(key, asyncio.Lock())
        async with lock:
            cached = self._items.get(key)
            if cached is not None and cached[0] == content:
                self._items.move_to_end(key)
                return cached[1]
            png = await asyncio.to_thread(draw)
            self.drawn += 1
            self._items[key] = (content, png)
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                old, _ = self._items.popitem(last=False)
                self._locks.pop(old, None)
            return png


async def weekly_chart(
    service: StudyService, group_id: int, top: int, on_date: date | None
) -> bytes | None:
    group = await service.get_group(group_id)
    day = on_date or service.local_today(group)
    board = await leaderboard(service, group_id, Period.WEEK, None, top, day)
    if not board.entries:
        return None
    start = periods.period_start(Period.WEEK, day)
    title = f"Leaderboard: week of {start:%d %b %Y}"
    subtitle = group.name or group.external_id
    entries: tuple[LeaderboardEntry, ...] = board.entries
    return await service.charts.get(
        (group_id, start, top),
        (title, subtitle, entries),
        lambda: chart.leaderboard_png(title, entries, subtitle),
    )
