"""Rounds: one per (group, local date); the durable truth the scheduler rebuilds from."""

from __future__ import annotations

from datetime import date, datetime

from bot.core.models import PostedRefs, Round, RoundState
from bot.storage.db import Database, Row, Transaction
from bot.storage.timeutil import date_from_db, from_db, to_db


def _round(row: Row) -> Round:
    return Round(
        id=row["id"],
        group_id=row["group_id"],
        round_date=date_from_db(row["round_date"]),
        question_id=row["question_id"],
        state=RoundState(row["state"]),
        opened_at=from_db(row["opened_at"]),
        reveal_due=from_db(row["reveal_due"]),
        revealed_at=from_db(row["revealed_at"]),
        message_ref=row["message_ref"],
        thread_ref=row["thread_ref"],
        reminded_at=from_db(row["reminded_at"]),
        scheduled=bool(row["scheduled"]),
    )


_UNSEAL = """
UPDATE round_scores SET
    verdict = (SELECT verdict FROM submissions WHERE id = round_scores.submission_id),
    score = (SELECT score FROM submissions WHERE id = round_scores.submission_id),
    points = (SELECT points FROM submissions WHERE id = round_scores.submission_id)
WHERE round_id = ? AND submission_id IS NOT NULL AND verdict = 'pending'
"""

_FIRST_BONUS = """
UPDATE round_scores SET points = points + ?
WHERE round_id = ? AND member_id = (
    SELECT member_id FROM round_scores
    WHERE round_id = ? AND submission_id IS NOT NULL AND score >= 1.0
    ORDER BY submitted_at, submission_id LIMIT 1
)
"""


# At the reveal, entries still 'pending' (open questions' answers) are scored by votes.
_VOTED = "UPDATE round_scores SET verdict = 'voted' WHERE round_id = ? AND verdict = 'pending'"


class RoundRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def claim(
        self,
        group_id: int,
        round_date: date,
        question_id: str,
        opened_at: datetime,
        reveal_due: datetime | None,
        state: RoundState = RoundState.POSTING,
        *,
        scheduled: bool = True,
    ) -> tuple[Round, bool]:
        """Record the intent to post (group, date). Returns (round, created): exactly one caller
        gets created=True for a given (group, date), across coroutines and processes.
        `scheduled` is False for an extra round, on a day the schedule does not post."""
        params = (
            group_id,
            round_date.isoformat(),
            question_id,
            state.value,
            to_db(opened_at),
            to_db(reveal_due),
            int(scheduled),
        )
        inserted = await self.db.execute(
            "INSERT INTO rounds (group_id, round_date, question_id, state, opened_at,"
            " reveal_due, scheduled) VALUES (?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (group_id, round_date) DO NOTHING",
            params,
        )
        found = await self.for_date(group_id, round_date)
        assert found is not None
        return found, inserted == 1

    async def mark_posted(self, round_id: int, refs: PostedRefs) -> None:
        await self.db.execute(
            "UPDATE rounds SET state = CASE WHEN state = 'posting' THEN 'posted' ELSE state END,"
            " message_ref = ?, thread_ref = ? WHERE id = ?",
            (refs.message_ref, refs.thread_ref, round_id),
        )

    async def take_over_posting(self, round_: Round, now: datetime) -> bool:
        """Claim a round stuck in 'posting' for this process: a compare-and-swap on opened_at,
        True for exactly one caller per observed opened_at (across processes)."""
        changed = await self.db.execute(
            "UPDATE rounds SET opened_at = ? WHERE id = ? AND state = 'posting' AND opened_at = ?",
            (to_db(now), round_.id, to_db(round_.opened_at)),
        )
        return changed == 1

    async def claim_reminder(self, round_id: int, now: datetime) -> bool:
        """Record that the reminder goes out now; True for exactly one caller per round."""
        changed = await self.db.execute(
            "UPDATE rounds SET reminded_at = ?"
            " WHERE id = ? AND state = 'posted' AND reminded_at IS NULL",
            (to_db(now), round_id),
        )
        return changed == 1

    async def mark_revealed(
        self, round_id: int, now: datetime, *, unseal: bool = False, first_bonus: int = 0
    ) -> bool:
        """Close a round for scoring; False if it was already revealed or skipped.
        `unseal` copies the price of each sealed entry's submission into it and gives
        `first_bonus` to the earliest fully correct counted answer, in the same transaction
        (choice and short answers: see SubmissionRepository.record)."""

        async def work(tx: Transaction) -> bool:
            changed = await tx.execute(
                "UPDATE rounds SET state = 'revealed', revealed_at = ?"
                " WHERE id = ? AND state IN ('posting', 'posted')",
                (to_db(now), round_id),
            )
            if changed != 1:
                return False
            if unseal:
                await tx.execute(_UNSEAL, (round_id,))
                await tx.execute(_FIRST_BONUS, (first_bonus, round_id, round_id))
            await tx.execute(_VOTED, (round_id,))
            return True

        return await self.db.write(work)

    async def reopen(self, round_id: int, *, reseal: bool = False) -> None:
        """Undo mark_revealed when the reveal could not be published: back to 'posted', vote
        points of the attempt undone (votes may still change), sealed entries sealed again."""

        async def work(tx: Transaction) -> None:
            changed = await tx.execute(
                "UPDATE rounds SET state = 'posted', revealed_at = NULL"
                " WHERE id = ? AND state = 'revealed'",
                (round_id,),
            )
            if changed != 1:
                return
            await tx.execute(
                "DELETE FROM round_scores WHERE round_id = ? AND submission_id IS NULL",
                (round_id,),
            )  # vote-only entries: the retry creates them again from the votes then
            await tx.execute(
                "UPDATE round_scores SET vote_points = 0 WHERE round_id = ? AND vote_points <> 0",
                (round_id,),
            )
            if reseal:
                await tx.execute(
                    "UPDATE round_scores SET verdict = 'pending', score = 0, points = 0"
                    " WHERE round_id = ? AND submission_id IS NOT NULL",
                    (round_id,),
                )
            await tx.execute(
                "UPDATE round_scores SET verdict = 'pending' WHERE round_id = ? AND verdict = 'voted'",
                (round_id,),
            )

        await self.db.write(work)

    async def mark_skipped(self, round_id: int, *, unseal: bool = False) -> bool:
        """Skip a round; answers already given keep counting (`unseal`: see mark_revealed)."""

        async def work(tx: Transaction) -> bool:
            changed = await tx.execute(
                "UPDATE rounds SET state = 'skipped' WHERE id = ? AND state IN ('posting', 'posted')",
                (round_id,),
            )
            if changed == 1 and unseal:
                await tx.execute(_UNSEAL, (round_id,))
            return changed == 1

        return await self.db.write(work)

    async def get(self, round_id: int) -> Round | None:
        row = await self.db.fetchone("SELECT * FROM rounds WHERE id = ?", (round_id,))
        return _round(row) if row else None

    async def for_date(self, group_id: int, round_date: date) -> Round | None:
        row = await self.db.fetchone(
            "SELECT * FROM rounds WHERE group_id = ? AND round_date = ?",
            (group_id, round_date.isoformat()),
        )
        return _round(row) if row else None

    async def latest(self, group_id: int, *, include_skipped: bool = False) -> Round | None:
        skip = "" if include_skipped else " AND state <> 'skipped'"
        row = await self.db.fetchone(
            f"SELECT * FROM rounds WHERE group_id = ?{skip} ORDER BY round_date DESC LIMIT 1",
            (group_id,),
        )
        return _round(row) if row else None

    async def question_history(self, group_id: int) -> list[str]:
        """Question ids asked in this group, oldest first (skipped rounds included: they were seen)."""
        rows = await self.db.fetchall(
            "SELECT question_id FROM rounds WHERE group_id = ? ORDER BY round_date", (group_id,)
        )
        return [row["question_id"] for row in rows]

    async def unfinished(self) -> list[Round]:
        """Rounds not yet revealed or skipped, across all groups (for start-up reconciliation)."""
        rows = await self.db.fetchall(
            "SELECT * FROM rounds WHERE state IN ('posting', 'posted') ORDER BY group_id, round_date"
        )
        return [_round(row) for row in rows]

    async def dates(self, group_id: int) -> list[date]:
        rows = await self.db.fetchall(
            "SELECT round_date FROM rounds WHERE group_id = ? AND state <> 'skipped'"
            " ORDER BY round_date",
            (group_id,),
        )
        return [date_from_db(row["round_date"]) for row in rows]
