"""Streaks: runs of consecutive scheduled rounds a member answered.

Kept on the member's all-time row of score_totals (streak_last, streak_current, streak_longest)
by the insert trigger on round_scores (migration 0002): a member's first scoring entry
from a submission in a round extends their run when no non-skipped round lies between their
previous answered round and this one; otherwise a new run starts. Rounds are ordered by their
local date in the group's timezone. Skipped rounds are not part of the sequence, so they never
break a run; days without a round (weekends off) are not either.

A stored run is only the *current* streak while it is alive: nothing after it has been revealed
without the member answering. A round still open does not break it yet.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from bot.storage.db import Database

# The run length the member would have after answering the round of :day (their streak counting
# that round): the stored run + 1 when it reaches the previous non-skipped round, else 1.
_LENGTH_WITH = """
SELECT CASE
    WHEN s.streak_last >= :day THEN s.streak_current
    WHEN s.streak_last >= COALESCE((SELECT round_date FROM rounds WHERE group_id = :g
        AND round_date < :day AND state <> 'skipped' ORDER BY round_date DESC LIMIT 1), '')
        THEN s.streak_current + 1
    ELSE 1 END
FROM score_totals s
WHERE s.group_id = :g AND s.member_id = :m AND s.period = 'all' AND s.period_start = ''
"""

# The latest revealed round: a run ending before it is broken. `k` is the all-time row.
FRONTIER = "(SELECT MAX(round_date) FROM rounds WHERE group_id = :g AND state = 'revealed')"
CURRENT_SQL = (
    f"CASE WHEN k.streak_last >= COALESCE({FRONTIER}, '') THEN k.streak_current ELSE 0 END"
)


@dataclass(frozen=True)
class Streak:
    current: int
    longest: int


class StreakRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def length_with(self, group_id: int, member_id: int, round_date: date) -> int:
        """The member's streak counting an answer to the round of `round_date` (>= 1)."""
        return await self.db.conn._execute(
            length_with, self.db.conn._conn, group_id, member_id, round_date
        )

    async def for_members(self, group_id: int, member_ids: Iterable[int]) -> dict[int, Streak]:
        """Current (0 when broken) and longest streak of each given member who has one."""
        ids = sorted(set(member_ids))
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = await self.db.conn.execute_fetchall(
            f"SELECT k.member_id, {CURRENT_SQL.replace(':g', '?')}, k.streak_longest"
            " FROM score_totals k WHERE k.group_id = ? AND k.period = 'all'"
            f" AND k.period_start = '' AND k.member_id IN ({marks})",
            (group_id, group_id, *ids),
        )
        return {int(row[0]): Streak(int(row[1]), int(row[2])) for row in rows}


def length_with(conn: sqlite3.Connection, group_id: int, member_id: int, round_date: date) -> int:
    """The member's streak counting an answer to the round of `round_date` (>= 1); for use
    inside a write transaction (SubmissionRepository.record prices the streak bonus with it)."""
    row = conn.execute(
        _LENGTH_WITH, {"g": group_id, "m": member_id, "day": round_date.isoformat()}
    ).fetchone()
    return int(row[0]) if row else 1
