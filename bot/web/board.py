"""The leaderboard web page's rows: the top of a period, each with the places it gained or lost
since the group's latest reveal, and your own row when you are not among them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from bot.core import periods
from bot.core.models import Group, LeaderboardEntry, Member, Period
from bot.storage.history import HistoryRepository

if TYPE_CHECKING:
    from bot.core.service import StudyService

BOARD_ROWS = 100  # rows of a leaderboard page (plus your own)


@dataclass(frozen=True)
class BoardRow:
    entry: LeaderboardEntry
    change: int | None  # places gained (+) or lost (-) since the last reveal; None: new
    me: bool = False


async def board(
    service: StudyService, group: Group, period: Period, me: Member
) -> tuple[list[BoardRow], BoardRow | None, date | None]:
    """The top BOARD_ROWS of the period with each row's change since the last reveal, and your
    own row when you are not among them."""
    today = service.local_today(group)
    start = periods.period_start(period, today)
    shown = await service.leaderboard(group.id, period, member=me, top=BOARD_ROWS)
    before = await _ranks_before(service, group.id, period, start)
    rows = [BoardRow(e, _change(e, before), e.member.id == me.id) for e in shown.entries]
    mine = None
    if shown.caller is not None and not any(r.me for r in rows):
        mine = BoardRow(shown.caller, _change(shown.caller, before), True)
    return rows, mine, start


def _change(entry: LeaderboardEntry, before: dict[int, int] | None) -> int | None:
    if before is None:
        return 0
    old = before.get(entry.member.id)
    return None if old is None else old - entry.rank


async def _ranks_before(
    service: StudyService, group_id: int, period: Period, start: date | None
) -> dict[int, int] | None:
    """member -> rank on this board before the group's latest revealed round; None when that
    round is not in the period (nothing moved)."""
    history = HistoryRepository(service.db)
    latest = await history.latest_revealed(group_id)
    if latest is None or (start is not None and latest[1] < start):
        return None
    return await history.ranks_before(group_id, latest[0], period, start)
