"""Suggested questions (/suggest): stored as TOML text with the admin's decision."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.storage.db import Database, Row, Transaction
from bot.storage.timeutil import from_db, to_db

STATES = ("pending", "accepted", "rejected")


@dataclass(frozen=True)
class SuggestionRow:
    id: int
    group_id: int
    author_id: int
    author_name: str
    question_id: str
    body: str
    state: str
    created_at: datetime
    note: str = ""


def _row(row: Row) -> SuggestionRow:
    created = from_db(row["created_at"])
    assert created is not None
    return SuggestionRow(
        id=row["id"],
        group_id=row["group_id"],
        author_id=row["author_id"],
        author_name=row["display_name"],
        question_id=row["question_id"],
        body=row["body"],
        state=row["state"],
        created_at=created,
        note=row["note"],
    )


SELECT = "SELECT s.*, m.display_name FROM suggestions s JOIN members m ON m.id = s.author_id"


class SuggestionRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def add(
        self, group_id: int, author_id: int, question_id: str, body: str, now: datetime
    ) -> int:

        async def work(tx: Transaction) -> int:
            return int(
                await tx.fetchval(
                    "INSERT INTO suggestions (group_id, author_id, question_id, body, created_at)"
                    " VALUES (?, ?, ?, ?, ?) RETURNING id",
                    (group_id, author_id, question_id, body, to_db(now)),
                )
            )

        return await self.db.write(work)

    async def get(self, group_id: int, suggestion_id: int) -> SuggestionRow | None:
        row = await self.db.fetchone(
            f"{SELECT} WHERE s.group_id = ? AND s.id = ?", (group_id, suggestion_id)
        )
        return _row(row) if row else None

    async def in_state(self, state: str, group_id: int | None = None) -> list[SuggestionRow]:
        """Suggestions in `state` (of one group, or of all), oldest first."""
        if group_id is None:
            rows = await self.db.fetchall(f"{SELECT} WHERE s.state = ? ORDER BY s.id", (state,))
        else:
            rows = await self.db.fetchall(
                f"{SELECT} WHERE s.state = ? AND s.group_id = ? ORDER BY s.id", (state, group_id)
            )
        return [_row(r) for r in rows]

    async def edit(self, suggestion_id: int, question_id: str, body: str) -> bool:
        """Replace a pending suggestion's question; False when it is no longer pending."""
        changed = await self.db.execute(
            "UPDATE suggestions SET question_id = ?, body = ? WHERE id = ? AND state = 'pending'",
            (question_id, body, suggestion_id),
        )
        return changed == 1

    async def decide(
        self, suggestion_id: int, state: str, admin_id: int, now: datetime, note: str = ""
    ) -> bool:
        """Accept or reject a pending suggestion once; False when it was decided already."""
        assert state in ("accepted", "rejected")
        changed = await self.db.execute(
            "UPDATE suggestions SET state = ?, decided_at = ?, decided_by = ?, note = ?"
            " WHERE id = ? AND state = 'pending'",
            (state, to_db(now), admin_id, note, suggestion_id),
        )
        return changed == 1
