"""Reads of the group web pages (bot.web): revealed rounds, their answer counts and choices, a
member's points round by round, a round's most voted message, and each member's rank on a board
before the latest reveal.

Only revealed rounds are read here: nothing of an open round (its answers are sealed). Plain SQL
in the subset SQLite and PostgreSQL share.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot.core.models import Period
from bot.storage.db import Database, Row
from bot.storage.leaderboard import bucket
from bot.storage.timeutil import date_from_db

_REVEALED = (
    "SELECT id, round_date, question_id, revealed_at FROM rounds"
    " WHERE group_id = ? AND state = 'revealed'"
)


class HistoryRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def revealed_rounds(self, group_id: int) -> list[Row]:
        """(id, round_date, question_id, revealed_at) of the group's revealed rounds, newest
        first."""
        return await self.db.fetchall(_REVEALED + " ORDER BY round_date DESC, id DESC", (group_id,))

    async def revealed_round(self, group_id: int, round_id: int) -> Row | None:
        """The round when it is a revealed round of this group, else None."""
        return await self.db.fetchone(_REVEALED + " AND id = ?", (group_id, round_id))

    async def latest_revealed(self, group_id: int) -> tuple[int, date] | None:
        """(id, round date) of the group's latest revealed round."""
        row = await self.db.fetchone(
            "SELECT id, round_date FROM rounds WHERE group_id = ? AND state = 'revealed'"
            " ORDER BY round_date DESC, id DESC LIMIT 1",
            (group_id,),
        )
        return None if row is None else (int(row["id"]), date_from_db(row["round_date"]))

    async def answer_counts(self, round_ids: Sequence[int]) -> dict[int, tuple[int, int]]:
        """round -> (answers submitted, fully correct ones); rounds without any are left out."""
        if not round_ids:
            return {}
        marks = ",".join("?" * len(round_ids))
        rows = await self.db.fetchall(
            "SELECT round_id, COUNT(*), COUNT(*) FILTER (WHERE score >= 1.0) FROM round_scores"
            f" WHERE round_id IN ({marks}) AND submission_id IS NOT NULL GROUP BY round_id",
            tuple(int(rid) for rid in round_ids),
        )
        return {int(row[0]): (int(row[1]), int(row[2])) for row in rows}

    async def answers(self, round_id: int) -> list[str]:
        """The text of every scored submission of the round."""
        rows = await self.db.fetchall(
            "SELECT sub.answer FROM round_scores s JOIN submissions sub ON sub.id = s.submission_id"
            " WHERE s.round_id = ?",
            (round_id,),
        )
        return [row[0] for row in rows]

    async def member_in_group(self, group_id: int, member_id: int) -> bool:
        """Has the member scored in the group (an all-time board row)?"""
        row = await self.db.fetchone(
            "SELECT 1 FROM score_totals WHERE group_id = ? AND period = 'all'"
            " AND period_start = '' AND member_id = ?",
            (group_id, member_id),
        )
        return row is not None

    async def points_by_round(self, group_id: int, member_id: int) -> list[tuple[date, int]]:
        """(round date, points) of the member for each revealed round of the group, 0 for a
        round they missed, oldest first."""
        rows = await self.db.fetchall(
            "SELECT r.round_date, COALESCE(s.points + s.vote_points, 0) AS points"
            " FROM rounds r LEFT JOIN round_scores s ON s.round_id = r.id AND s.member_id = ?"
            " WHERE r.group_id = ? AND r.state = 'revealed' ORDER BY r.round_date, r.id",
            (member_id, group_id),
        )
        return [(date_from_db(row["round_date"]), int(row["points"])) for row in rows]

    async def most_voted(self, round_id: int) -> Row | None:
        """The round's message with the most voters: (message_ref, n, id, platform, external_id,
        display_name of its author, body or None); ties go to the earliest voted."""
        return await self.db.fetchone(
            "SELECT v.message_ref, COUNT(DISTINCT v.voter_id) AS n, m.id, m.platform,"
            " m.external_id, m.display_name, d.body"
            " FROM votes v JOIN members m ON m.id = v.author_id"
            " LEFT JOIN discussion d ON d.round_id = v.round_id AND d.message_ref = v.message_ref"
            " WHERE v.round_id = ?"
            " GROUP BY v.message_ref, m.id, m.platform, m.external_id, m.display_name, d.body"
            " ORDER BY n DESC, MIN(v.created_at), v.message_ref LIMIT 1",
            (round_id,),
        )

    async def ranks_before(
        self, group_id: int, round_id: int, period: Period, start: date | None
    ) -> dict[int, int]:
        """member -> rank on the board of (period, start) as it was before round `round_id`
        scored: each member's points less that round's, members with no other round left out."""
        params = {"g": group_id, "r": round_id, **bucket(period, start)}
        rows = await self.db.fetchall(
            "SELECT b.member_id, RANK() OVER (ORDER BY b.points DESC) FROM ("
            " SELECT t.member_id, t.points - COALESCE(s.points + s.vote_points, 0) AS points,"
            " t.rounds - CASE WHEN s.member_id IS NULL THEN 0 ELSE 1 END AS rounds"
            " FROM score_totals t LEFT JOIN round_scores s"
            " ON s.round_id = :r AND s.member_id = t.member_id"
            " WHERE t.group_id = :g AND t.period = :p AND t.period_start = :s"
            ") b WHERE b.rounds > 0",
            params,
        )
        return {int(row[0]): int(row[1]) for row in rows}
