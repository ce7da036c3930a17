"""Submissions, the per-round scoring entry of each member, and peer votes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.core.errors import AlreadyHandled
from bot.core.models import Member, MemberResult, Round, Verdict
from bot.storage.db import Database, Transaction
from bot.storage.groups import member_from_row
from bot.storage.requests import claim_in
from bot.storage.streaks import length_with
from bot.storage.timeutil import from_db, to_db


@dataclass(frozen=True)
class StoredSubmission:
    id: int
    points: int
    resubmission: bool  # the member had submitted to this round before
    counted: bool  # this submission is now the member's scoring entry for the round
    late: bool = False  # the round was revealed before this was stored: practice, no points


class SubmissionRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def record(
        self,
        round_: Round,
        member_id: int,
        answer: str,
        verdict: Verdict,
        score: float,
        detail: str,
        now: datetime,
        points_for: Callable[[bool, int], int],
        keep: str = "best",
        sealed: bool = False,
        once: Sequence[str] = (),
    ) -> StoredSubmission:
        """Store a submission and, before the reveal, keep the member's best as their scoring
        entry. `points_for(first_correct, streak)` prices it; both are decided inside the write
        transaction, so concurrent submissions cannot both get the first-correct bonus. `streak` is
        the member's run of consecutive rounds counting this one (bot.storage.streaks).
        `keep` is "best" (the best-priced submission is the scoring entry) or "latest".
        `sealed` (choice and short answers before the reveal) keeps the entry at 0 points with
        verdict 'pending', so no board or stat shows the verdict; the submission row holds the
        real price, which `RoundRepository.mark_revealed(..., unseal=True)` copies in; the
        first-correct bonus of a sealed answer is decided at the reveal, so `points_for` gets
        first_correct=False for it (not looked up).

        On PostgreSQL, answers to one round are written one at a time (`serial`): they all update
        the round's answered counter and read its entries, so concurrent ones would fail each
        other's serializable transactions and retry (bot.storage.postgres).
        `once`: the keys of the platform request carrying the answer, claimed in the same
        transaction (AlreadyHandled, nothing stored, if they were claimed before)."""
        if keep not in ("best", "latest"):
            raise ValueError(f"keep must be 'best' or 'latest', not {keep!r}")
        args = (round_, member_id, answer, verdict, score, detail, now, points_for, keep, sealed)

        async def work(tx: Transaction) -> StoredSubmission:
            if once and not await claim_in(tx, once, now):
                raise AlreadyHandled()
            return await self._record(tx, *args)

        return await self.db.write(work, serial=f"round:{round_.id}")

    @staticmethod
    async def _record(
        tx: Transaction,
        round_: Round,
        member_id: int,
        answer: str,
        verdict: Verdict,
        score: float,
        detail: str,
        now: datetime,
        points_for: Callable[[bool, int], int],
        keep: str,
        sealed: bool = False,
    ) -> StoredSubmission:
        """The body of `record`, a write's work (Database.write): it only awaits `tx`."""
        row = await tx.fetchone(  # one statement: fewer per answer
            "SELECT state, (SELECT COUNT(*) FROM submissions WHERE round_id = :r"
            " AND member_id = :m) FROM rounds WHERE id = :r",
            {"r": round_.id, "m": member_id},
        )
        state, earlier = row if row is not None else (None, 0)
        late = state == "revealed"
        if late:  # revealed while this answer was being graded
            verdict = Verdict.PRACTICE
        scoring = verdict is not Verdict.PRACTICE
        first_correct = False
        if scoring and score >= 1.0 and not sealed:
            first_correct = (
                await tx.fetchval(  # someone else's counted answer is already fully correct?
                    "SELECT 1 FROM round_scores r JOIN submissions s ON s.id = r.submission_id"
                    " WHERE r.round_id = ? AND r.member_id <> ? AND s.score >= 1.0 LIMIT 1",
                    (round_.id, member_id),
                )
                is None
            )
        streak = (
            await length_with(tx, round_.group_id, member_id, round_.round_date) if scoring else 0
        )
        points = points_for(first_correct, streak) if scoring else 0
        submission_id = await tx.fetchval(
            "INSERT INTO submissions"
            " (round_id, member_id, answer, verdict, score, points, detail, submitted_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (round_.id, member_id, answer, verdict.value, score, points, detail, to_db(now)),
        )
        counted = False
        entry = (Verdict.PENDING.value, 0.0, 0) if sealed else (verdict.value, score, points)
        if sealed:
            keep = "latest"
        if scoring:
            changed = await tx.execute(
                "INSERT INTO round_scores (round_id, member_id, group_id, round_date,"
                " submission_id, verdict, score, points, submitted_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (round_id, member_id) DO UPDATE SET"
                " submission_id = excluded.submission_id, verdict = excluded.verdict,"
                " score = excluded.score, points = excluded.points,"
                " submitted_at = excluded.submitted_at"
                + (
                    " WHERE excluded.points > round_scores.points OR (excluded.points"
                    " = round_scores.points AND excluded.score > round_scores.score)"
                    if keep == "best"
                    else ""
                ),
                (
                    round_.id,
                    member_id,
                    round_.group_id,
                    round_.round_date.isoformat(),
                    submission_id,
                    *entry,
                    to_db(now),
                ),
            )
            counted = changed == 1
        return StoredSubmission(int(submission_id), points, earlier > 0, counted, late)

    async def count_answered(self, round_id: int) -> int:
        """Members who submitted to the round (practice included); a counter kept by a trigger
        on submissions (migration 0002) instead of COUNT(DISTINCT), which grows with the round."""
        row = await self.db.fetchone(
            "SELECT answered FROM round_stats WHERE round_id = ?", (round_id,)
        )
        return int(row[0]) if row else 0

    async def results(self, round_id: int) -> list[MemberResult]:
        """Each member's scoring entry for a round, best first, then earliest."""
        rows = await self.db.fetchall(
            "SELECT m.*, s.verdict, s.score, s.points + s.vote_points AS total, s.submitted_at,"
            " (SELECT COUNT(DISTINCT v.voter_id) FROM votes v WHERE v.round_id = s.round_id"
            "  AND v.author_id = s.member_id) AS votes"
            " FROM round_scores s JOIN members m ON m.id = s.member_id"
            " WHERE s.round_id = ? ORDER BY total DESC, s.submitted_at",
            (round_id,),
        )
        return [
            MemberResult(
                member=member_from_row(row),
                verdict=Verdict(row["verdict"]),
                score=row["score"],
                points=row["total"],
                submitted_at=from_db(row["submitted_at"]),
                votes=int(row["votes"]),
            )
            for row in rows
        ]

    async def latest_answer(self, round_id: int, member_id: int) -> str | None:
        row = await self.db.fetchone(
            "SELECT answer FROM submissions WHERE round_id = ? AND member_id = ?"
            " ORDER BY id DESC LIMIT 1",
            (round_id, member_id),
        )
        return row["answer"] if row else None

    # -- votes ---------------------------------------------------------------------------------

    async def add_vote(
        self,
        round_id: int,
        voter_id: int,
        author_id: int,
        message_ref: str,
        now: datetime,
        reaction: str = "",
    ) -> bool:
        """Record a vote reaction (`reaction`: the platform's variant, e.g. "+1::skin-tone-4").
        True when it gives the author a vote they did not have from this voter this round: a
        voter's votes for one author count once per round, however many of their messages (or
        reaction variants) the voter marks."""
        if voter_id == author_id:
            return False

        async def work(tx: Transaction) -> bool:
            had = await tx.fetchval(
                "SELECT 1 FROM votes WHERE round_id = ? AND voter_id = ? AND author_id = ? LIMIT 1",
                (round_id, voter_id, author_id),
            )
            added = await tx.execute(
                "INSERT INTO votes (round_id, voter_id, author_id, message_ref, reaction,"
                " created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (round_id, voter_id, author_id, message_ref, reaction, to_db(now)),
            )
            return added == 1 and had is None

        return await self.db.write(work)

    async def remove_vote(
        self, round_id: int, voter_id: int, message_ref: str, reaction: str = ""
    ) -> bool:
        """Withdraw a vote reaction (it was removed) while the round is still open: checked in
        the same statement, so a vote that the reveal already counted stays. False if there was
        none. The vote itself stays while another variant or message for the author remains."""
        removed = await self.db.execute(
            "DELETE FROM votes WHERE round_id = ? AND voter_id = ? AND message_ref = ?"
            " AND reaction IN (?, '')"  # '': recorded before variants were kept
            " AND EXISTS (SELECT 1 FROM rounds WHERE id = ? AND state = 'posted')",
            (round_id, voter_id, message_ref, reaction, round_id),
        )
        return removed == 1

    async def vote_counts(self, round_id: int) -> list[tuple[Member, int]]:
        """(author, votes) for a round, most voted first; each voter counts once per author."""
        rows = await self.db.fetchall(
            "SELECT m.*, COUNT(DISTINCT v.voter_id) AS n FROM votes v"
            " JOIN members m ON m.id = v.author_id"
            " WHERE v.round_id = ? GROUP BY m.id ORDER BY n DESC, MIN(v.created_at)",
            (round_id,),
        )
        return [(member_from_row(row), int(row["n"])) for row in rows]

    async def award_vote_points(self, round_: Round, awards: dict[int, int], now: datetime) -> None:
        """Add vote points to each author's scoring entry (creating one, scored by votes, if
        they never answered). Called at the reveal."""
        rows = [
            (
                round_.id,
                member_id,
                round_.group_id,
                round_.round_date.isoformat(),
                points,
                to_db(now),
            )
            for member_id, points in awards.items()
        ]
        if not rows:
            return
        await self.db.write(
            lambda tx: tx.executemany(
                "INSERT INTO round_scores (round_id, member_id, group_id, round_date,"
                " verdict, score, points, vote_points, submitted_at)"
                " VALUES (?, ?, ?, ?, 'voted', 0, 0, ?, ?)"
                " ON CONFLICT (round_id, member_id) DO UPDATE SET vote_points = excluded.vote_points",
                rows,
            )
        )
