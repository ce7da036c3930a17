"""Who gets the weekly practice nudge: opt-outs, reviews due per member, and a group's members
with the names the group knows them by (migration 0007's tables; bot.core.practice_nudge)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from bot.storage.db import Database
from bot.storage.names import NameRepository
from bot.storage.timeutil import to_db


class NudgeRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def set_nudge(self, member_id: int, wanted: bool, now: datetime) -> None:
        if wanted:
            sql, args = "DELETE FROM practice_nudge_optout WHERE member_id = ?", (member_id,)
        else:
            sql = (
                "INSERT INTO practice_nudge_optout (member_id, since) VALUES (?, ?)"
                " ON CONFLICT DO NOTHING"
            )
            args = (member_id, to_db(now))
        await self.db.execute(sql, args)

    async def due_counts(self, member_ids: Iterable[int], now: datetime) -> dict[int, int]:
        """member id -> reviews due at `now`, for members who have not opted out of the nudge."""
        ids = sorted(set(member_ids))
        if not ids:
            return {}
        marks = ", ".join("?" * len(ids))
        rows = await self.db.fetchall(
            f"SELECT member_id, COUNT(*) FROM review_cards WHERE member_id IN ({marks})"
            " AND due <= ? AND member_id NOT IN (SELECT member_id FROM practice_nudge_optout)"
            " GROUP BY member_id",
            (*ids, to_db(now)),
        )
        return {int(r[0]): int(r[1]) for r in rows}

    async def nudge_wanted(self, member_id: int) -> bool:
        row = await self.db.fetchone(
            "SELECT 1 FROM practice_nudge_optout WHERE member_id = ?", (member_id,)
        )
        return row is None

    async def group_member_ids(self, group_id: int) -> list[int]:
        """Members who have an entry in any of the group's rounds."""
        rows = await self.db.fetchall(
            "SELECT DISTINCT member_id FROM round_scores WHERE group_id = ?", (group_id,)
        )
        return [int(r[0]) for r in rows]

    async def names(self, group_id: int, member_ids: Iterable[int]) -> dict[int, str]:
        """member id -> name as the group knows them (its own name, else the global one)."""
        ids = sorted(set(member_ids))
        if not ids:
            return {}
        marks = ", ".join("?" * len(ids))
        rows = await self.db.fetchall(
            f"SELECT id, display_name FROM members WHERE id IN ({marks})", ids
        )
        known = {int(r[0]): str(r[1]) for r in rows}
        known.update(await NameRepository(self.db).for_group(group_id, ids))
        return known
