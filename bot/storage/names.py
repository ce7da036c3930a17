"""Members' names as each group sees them (migration 0005): a Discord server nickname is shown
on that server's boards only; elsewhere the member's global name (members.display_name) is."""

from __future__ import annotations

from collections.abc import Iterable

from bot.storage.db import Database


class NameRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def remember(self, group_id: int, member_id: int, name: str) -> None:
        """Store the member's name in this group (written only when it changed)."""
        await self.db.execute(
            "INSERT INTO member_names (group_id, member_id, display_name) VALUES (?, ?, ?)"
            " ON CONFLICT (group_id, member_id) DO UPDATE SET display_name = excluded.display_name"
            " WHERE member_names.display_name <> excluded.display_name",
            (group_id, member_id, name),
        )

    async def for_group(self, group_id: int, member_ids: Iterable[int]) -> dict[int, str]:
        """member id -> the name this group knows them by, for those that have one."""
        ids = sorted(set(member_ids))
        if not ids:
            return {}
        marks = ", ".join("?" * len(ids))
        rows = await self.db.fetchall(
            "SELECT member_id, display_name FROM member_names"
            f" WHERE group_id = ? AND member_id IN ({marks})",
            (group_id, *ids),
        )
        return {int(row["member_id"]): str(row["display_name"]) for row in rows}
