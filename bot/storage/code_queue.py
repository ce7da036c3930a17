"""The durable queue of code answers waiting to be graded (migration 0006)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.core.errors import AlreadyHandled
from bot.storage.db import Database, Transaction
from bot.storage.requests import claim_in
from bot.storage.submissions import StoredSubmission
from bot.storage.timeutil import from_db, to_db


@dataclass(frozen=True)
class QueuedAnswer:
    id: int
    round_id: int
    member_id: int
    answer: str
    received_at: datetime


class CodeQueueRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def add(
        self, round_id: int, member_id: int, answer: str, now: datetime, once: Sequence[str] = ()
    ) -> int:
        """Store a code answer as received (committed when this returns), with the keys `once`
        of the request carrying it (AlreadyHandled, nothing stored, if they were claimed)."""

        async def work(tx: Transaction) -> int:
            if once and not await claim_in(tx, once, now):
                raise AlreadyHandled()
            return int(
                await tx.fetchval(
                    "INSERT INTO code_queue (round_id, member_id, answer, received_at)"
                    " VALUES (?, ?, ?, ?) RETURNING id",
                    (round_id, member_id, answer, to_db(now)),
                )
            )

        return await self.db.write(work)

    async def pending(self) -> list[QueuedAnswer]:
        """Answers not graded yet, oldest first."""
        rows = await self.db.fetchall(
            "SELECT id, round_id, member_id, answer, received_at FROM code_queue"
            " WHERE state = 'pending' ORDER BY id"
        )
        return [QueuedAnswer(r[0], r[1], r[2], r[3], from_db(r[4])) for r in rows]

    async def get(self, queue_id: int) -> QueuedAnswer | None:
        row = await self.db.fetchone(
            "SELECT id, round_id, member_id, answer, received_at FROM code_queue"
            " WHERE id = ? AND state = 'pending'",
            (queue_id,),
        )
        return QueuedAnswer(row[0], row[1], row[2], row[3], from_db(row[4])) if row else None

    async def count_pending(self, round_id: int | None = None) -> int:
        if round_id is None:
            row = await self.db.fetchone("SELECT COUNT(*) FROM code_queue WHERE state = 'pending'")
        else:
            row = await self.db.fetchone(
                "SELECT COUNT(*) FROM code_queue WHERE state = 'pending' AND round_id = ?",
                (round_id,),
            )
        return int(row[0]) if row else 0

    async def finish(
        self,
        queue_id: int,
        record: Callable[[Transaction], Awaitable[StoredSubmission]],
        now: datetime,
    ) -> StoredSubmission | None:
        """Store the graded submission (`record(tx)`, an async work such as
        SubmissionRepository._record) and mark the row graded in one transaction; None (nothing
        stored) when it was graded already."""

        async def work(tx: Transaction) -> StoredSubmission | None:
            claimed = await tx.execute(
                "UPDATE code_queue SET state = 'graded', graded_at = ?"
                " WHERE id = ? AND state = 'pending'",
                (to_db(now), queue_id),
            )
            if claimed != 1:
                return None
            stored = await record(tx)
            await tx.execute(
                "UPDATE code_queue SET submission_id = ? WHERE id = ?", (stored.id, queue_id)
            )
            return stored

        return await self.db.write(work)
