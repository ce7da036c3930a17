"""Scores as members see them: leaderboards, personal stats and the weekly chart."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from bot.core import chart, periods
from bot.core.models import Leaderboard, Member, MemberStats, Period

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
    return Leaderboard(group_id, period, entries, caller)


async def member_stats(service: StudyService, group_id: int, member: Member) -> MemberStats:
    found = await service.standings.member_totals(group_id, member.id)
    entry, correct = found if found else (None, 0)
    return MemberStats(
        member=member,
        points=entry.points if entry else 0,
        rounds=entry.rounds if entry else 0,
        correct=correct,
        rank=entry.rank if entry else None,
        current_streak=entry.current_streak if entry else 0,
        longest_streak=entry.longest_streak if entry else 0,
    )


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
    return chart.leaderboard_png(title, board.entries, group.name or group.external_id)
