"""Discussion messages of a round, numbered 1, 2, 3 ... per round (migration 0004).

The number is given inside the write transaction (SQLite: BEGIN IMMEDIATE; PostgreSQL:
SERIALIZABLE, retried), so two processes on one database never hand out the same number, and a
vote for "#3" finds the same message from any process, before or after a restart.
"""

from __future__ import annotations

from datetime import datetime

from bot.core.models import DiscussionMessage
from bot.storage.db import Database, Row, Transaction
from bot.storage.groups import member_from_row
from bot.storage.timeutil import from_db, to_db

_SELECT = (
    "SELECT d.round_id, d.number, d.message_ref, d.body, d.submission_id, d.created_at,"
    " m.id, m.platform, m.external_id, m.display_name"
    " FROM discussion d JOIN members m ON m.id = d.author_id"
)


def _message(row: Row) -> DiscussionMessage:
    return DiscussionMessage(
        round_id=row["round_id"],
        number=row["number"],
        author=member_from_row(row),
        message_ref=row["message_ref"],
        body=row["body"],
        created_at=from_db(row["created_at"]),
        submission_id=row["submission_id"],
    )


class DiscussionRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def add(
        self,
        round_id: int,
        author_id: int,
        body: str,
        now: datetime,
        *,
        message_ref: str | None = None,
        submission_id: int | None = None,
    ) -> DiscussionMessage:
        """Store a message as the round's next number. Without `message_ref` (a platform
        reference), the message is referred to as `discussion-ROUND-NUMBER`."""

        async def work(tx: Transaction) -> int:
            number = int(
                await tx.fetchval(
                    "SELECT COALESCE(MAX(number), 0) + 1 FROM discussion WHERE round_id = ?",
                    (round_id,),
                )
            )
            ref = message_ref or f"discussion-{round_id}-{number}"
            await tx.execute(
                "INSERT INTO discussion (round_id, number, author_id, message_ref, body,"
                " submission_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (round_id, number, author_id, ref, body, submission_id, to_db(now)),
            )
            return number

        number = await self.db.write(work)
        found = await self.get(round_id, number)
        assert found is not None
        return found

    async def get(self, round_id: int, number: int) -> DiscussionMessage | None:
        row = await self.db.fetchone(
            _SELECT + " WHERE d.round_id = ? AND d.number = ?", (round_id, number)
        )
        return _message(row) if row else None

    async def for_round(self, round_id: int) -> list[DiscussionMessage]:
        rows = await self.db.fetchall(
            _SELECT + " WHERE d.round_id = ? ORDER BY d.number", (round_id,)
        )
        return [_message(row) for row in rows]
