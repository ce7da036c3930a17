"""Leaderboard queries: ranking is done by SQL (window functions), never by Python loops."""

from __future__ import annotations

from datetime import date

from bot.core.models import LeaderboardEntry
from bot.storage.db import Database
from bot.storage.groups import member_from_row

_RANKED = """
WITH totals AS (
    SELECT member_id, SUM(points + vote_points) AS points, COUNT(*) AS rounds
    FROM round_scores
    WHERE group_id = :group_id AND round_date >= :since
    GROUP BY member_id
), ranked AS (
    SELECT member_id, points, rounds, RANK() OVER (ORDER BY points DESC) AS rank
    FROM totals
)
SELECT ranked.rank, ranked.points, ranked.rounds, members.*
FROM ranked JOIN members ON members.id = ranked.member_id
"""


class LeaderboardRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def top(self, group_id: int, since: date | None, limit: int) -> list[LeaderboardEntry]:
        rows = await self.db.fetchall(
            _RANKED + " ORDER BY ranked.rank, members.display_name LIMIT :limit",
            {"group_id": group_id, "since": _since(since), "limit": limit},
        )
        return [_entry(row) for row in rows]

    async def entry(
        self, group_id: int, since: date | None, member_id: int
    ) -> LeaderboardEntry | None:
        row = await self.db.fetchone(
            _RANKED + " WHERE ranked.member_id = :member_id",
            {"group_id": group_id, "since": _since(since), "member_id": member_id},
        )
        return _entry(row) if row else None

    async def ranks(self, group_id: int) -> dict[int, int]:
        """member id -> all-time rank (for 'biggest movers' at reveal)."""
        rows = await self.db.fetchall(_RANKED, {"group_id": group_id, "since": _since(None)})
        return {row["id"]: row["rank"] for row in rows}


def _since(since: date | None) -> str:
    return since.isoformat() if since else "0000-00-00"


def _entry(row) -> LeaderboardEntry:
    return LeaderboardEntry(
        rank=row["rank"], member=member_from_row(row), points=row["points"], rounds=row["rounds"]
    )
