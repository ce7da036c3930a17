"""Streaks: runs of consecutive scheduled rounds a member answered.

Kept on the member's all-time row of score_totals (streak_last, streak_current, streak_longest)
by the insert trigger on round_scores (migration 0002): a member's first scoring entry
from a submission in a round extends their run when no non-skipped round lies between their
previous answered round and this one; otherwise a new run starts. Rounds are ordered by their
local date in the group's timezone. Skipped rounds are not part of the sequence, so they never
break a run; days without a round (weekends off) are not either. Extra rounds (posted on a day
the schedule does not post: an admin's /post on a day off) extend a run when answered and are
not part of the sequence otherwise, so missing one never breaks a run (migration 0004).

A stored run is only the *current* streak while it is alive: nothing after it has been revealed
without the member answering. A round still open does not break it yet.
"""

from __future__ import annotations

from datetime import date

from bot.storage.db import Transaction

# The run length the member would have after answering the round of :day (their streak counting
# that round): the stored run + 1 when it reaches the previous non-skipped round, else 1.
_LENGTH_WITH = """
SELECT CASE
    WHEN s.streak_last >= :day THEN s.streak_current
    WHEN s.streak_last >= COALESCE((SELECT round_date FROM rounds WHERE group_id = :g
        AND round_date < :day AND state <> 'skipped' AND scheduled = 1
        ORDER BY round_date DESC LIMIT 1), '')
        THEN s.streak_current + 1
    ELSE 1 END
FROM score_totals s
WHERE s.group_id = :g AND s.member_id = :m AND s.period = 'all' AND s.period_start = ''
"""

# The latest revealed scheduled round: a run ending before it is broken. `k` is the all-time row.
FRONTIER = (
    "(SELECT MAX(round_date) FROM rounds WHERE group_id = :g AND state = 'revealed'"
    " AND scheduled = 1)"
)
CURRENT_SQL = (
    f"CASE WHEN k.streak_last >= COALESCE({FRONTIER}, '') THEN k.streak_current ELSE 0 END"
)


async def length_with(tx: Transaction, group_id: int, member_id: int, round_date: date) -> int:
    """The member's streak counting an answer to the round of `round_date` (>= 1); for use
    inside a write (SubmissionRepository.record prices the streak bonus with it)."""
    length = await tx.fetchval(
        _LENGTH_WITH, {"g": group_id, "m": member_id, "day": round_date.isoformat()}
    )
    return 1 if length is None else int(length)
