"""Leaderboard queries over the maintained totals (score_totals; migration 0002).

A board is one range of score_totals: (group, period, period_start). Ranks follow standard
competition ranking (ties share a rank: 1, 2, 2, 4): 1 + the number of members with strictly more
points. Every board (all time, week, month) is read through one points index (score_totals_ranking,
migration 0010): one index range per board. Ties at the cut of a top N are listed by name.
`NAIVE_RANKED` is the same ranking computed from round_scores on every call (the baseline of
bench/leaderboard.py and an oracle of the tests).
"""

from __future__ import annotations

from datetime import date

from bot.core.models import LeaderboardEntry, Period
from bot.storage.db import Database
from bot.storage.groups import member_from_row
from bot.storage.streaks import CURRENT_SQL

# The literal period ('all', 'week', 'month') gives each board its own plan (one index range).
_ALL = "{t}group_id = :g AND {t}period = 'all' AND {t}period_start = ''"
_WEEK = "{t}group_id = :g AND {t}period = 'week' AND {t}period_start = :s"
_MONTH = "{t}group_id = :g AND {t}period = 'month' AND {t}period_start = :s"
_COLUMNS = f"""
SELECT t.points, t.rounds, t.correct, m.*,
       COALESCE({CURRENT_SQL}, 0) AS current_streak, k.streak_longest AS longest_streak
FROM score_totals t  -- CROSS JOIN keeps the board as the outer loop (SQLite join order);
CROSS JOIN members m  -- the join conditions are in WHERE: PostgreSQL has no CROSS JOIN ... ON
CROSS JOIN score_totals k
WHERE m.id = t.member_id AND k.group_id = t.group_id AND k.period = 'all'
    AND k.period_start = '' AND k.member_id = t.member_id
"""


def _queries(bucket: str, by_name: str) -> tuple[str, str]:
    """(top N, one member with rank) for a board whose range condition is `bucket`; ties at the
    cut are ordered `by_name`."""
    top = (
        _COLUMNS
        + f"AND {bucket.format(t='t.')} AND t.points >= COALESCE((SELECT points FROM score_totals"
        + f" WHERE {bucket.format(t='')} ORDER BY points DESC LIMIT 1 OFFSET :limit - 1),"
        + f" -9223372036854775808) ORDER BY t.points DESC, {by_name}, m.id LIMIT :limit"
    )
    rank = f"(SELECT COUNT(*) FROM score_totals x WHERE {bucket.format(t='x.')}"
    one = (
        _COLUMNS.replace("SELECT t.points", f"SELECT {rank} AND x.points > t.points) + 1 AS rank,"
                         " t.points", 1)
        + f"AND {bucket.format(t='t.')} AND t.member_id = :m"
    )  # fmt: skip
    return top, one


# Names in byte order on both backends: SQLite's BINARY is PostgreSQL's "C" collation (the
# database's own collation may be a linguistic one, putting "ann" before "Bob").
_BY_NAME = {"sqlite": "m.display_name", "postgresql": 'm.display_name COLLATE "C"'}
_SQL = {
    dialect: {
        Period.ALL: _queries(_ALL, by_name),
        Period.WEEK: _queries(_WEEK, by_name),
        Period.MONTH: _queries(_MONTH, by_name),
    }
    for dialect, by_name in _BY_NAME.items()
}

NAIVE_RANKED = """
WITH totals AS (
    SELECT member_id, SUM(points + vote_points) AS points, COUNT(*) AS rounds
    FROM round_scores
    WHERE group_id = :g AND round_date >= :since
    GROUP BY member_id
), ranked AS (
    SELECT member_id, points, rounds, RANK() OVER (ORDER BY points DESC) AS rank
    FROM totals
)
SELECT ranked.rank, ranked.points, ranked.rounds, members.*
FROM ranked JOIN members ON members.id = ranked.member_id
"""


def bucket(period: Period, start: date | None) -> dict[str, str]:
    """SQL parameters of a board: all time has period_start ''."""
    if period is Period.ALL or start is None:
        return {"p": Period.ALL.value, "s": ""}
    return {"p": period.value, "s": start.isoformat()}


def _board(period: Period, start: date | None) -> Period:
    return Period.ALL if start is None else period


class LeaderboardRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def top(
        self, group_id: int, period: Period, start: date | None, limit: int
    ) -> list[LeaderboardEntry]:
        """The first `limit` rows of a board (ties at the cut are decided by name)."""
        if limit <= 0:
            return []
        board = _board(period, start)
        rows = await self.db.fetchall(
            _SQL[self.db.dialect][board][0], {"g": group_id, **bucket(board, start), "limit": limit}
        )
        entries, rank = [], 0
        for i, row in enumerate(rows):  # rows are a prefix of the board ordered by points
            if i == 0 or row["points"] != rows[i - 1]["points"]:
                rank = i + 1
            entries.append(_entry(row, rank))
        return entries

    async def entry(
        self, group_id: int, period: Period, start: date | None, member_id: int
    ) -> LeaderboardEntry | None:
        """One member's row of a board (None when they scored nothing in the period)."""
        row = await self._one(group_id, period, start, member_id)
        return _entry(row, row["rank"]) if row else None

    async def member_totals(
        self, group_id: int, member_id: int
    ) -> tuple[LeaderboardEntry, int] | None:
        """(all-time row, fully correct rounds) or None for a member without points."""
        row = await self._one(group_id, Period.ALL, None, member_id)
        return (_entry(row, row["rank"]), int(row["correct"])) if row else None

    async def _one(self, group_id: int, period: Period, start: date | None, member_id: int):
        board = _board(period, start)
        rows = await self.db.fetchall(
            _SQL[self.db.dialect][board][1], {"g": group_id, **bucket(board, start), "m": member_id}
        )
        return rows[0] if rows else None

    async def ranks(self, group_id: int, *, excluding_round: int | None = None) -> dict[int, int]:
        """member id -> all-time rank; with `excluding_round`, the ranks as they were without
        that round's entries (the 'before' side of the biggest movers at a reveal)."""
        rows = await self.db.fetchall(
            "SELECT member_id, RANK() OVER (ORDER BY points DESC) FROM ("
            " SELECT t.member_id, t.points - COALESCE(s.points + s.vote_points, 0) AS points,"
            " t.rounds - CASE WHEN s.member_id IS NULL THEN 0 ELSE 1 END AS rounds"
            " FROM score_totals t LEFT JOIN round_scores s"
            " ON s.round_id = :r AND s.member_id = t.member_id"
            " WHERE t.group_id = :g AND t.period = 'all' AND t.period_start = ''"
            ") AS without_round WHERE rounds > 0",
            {"g": group_id, "r": excluding_round if excluding_round is not None else -1},
        )
        return {int(row[0]): int(row[1]) for row in rows}

    async def participation(self, round_id: int) -> tuple[int, int, int | None]:
        """(members who answered before the reveal, of whom fully correct, fastest correct id)."""
        row = await self.db.fetchone(
            "SELECT COUNT(*), COUNT(*) FILTER (WHERE verdict = 'correct'),"
            " (SELECT member_id FROM round_scores WHERE round_id = :r AND verdict = 'correct'"
            "  AND submission_id IS NOT NULL ORDER BY submitted_at, member_id LIMIT 1)"
            " FROM round_scores WHERE round_id = :r AND submission_id IS NOT NULL",
            {"r": round_id},
        )
        answered, correct, fastest = row
        return int(answered), int(correct), fastest

    async def naive(
        self, group_id: int, since: date | None, member_id: int | None = None, limit: int = 10
    ) -> list[tuple[int, int, int, int]]:
        """(rank, member id, points, rounds) from round_scores without the aggregates:
        the top `limit`, or only `member_id`'s row. For the benchmark baseline and tests."""
        where = " WHERE ranked.member_id = :m" if member_id is not None else ""
        rows = await self.db.fetchall(
            NAIVE_RANKED + where + " ORDER BY ranked.rank, members.id LIMIT :limit",
            {
                "g": group_id,
                "since": since.isoformat() if since else "",
                "m": member_id,
                "limit": limit,
            },
        )
        return [(int(r["rank"]), int(r["id"]), int(r["points"]), int(r["rounds"])) for r in rows]


def _entry(row, rank: int) -> LeaderboardEntry:
    return LeaderboardEntry(
        rank=int(rank),
        member=member_from_row(row),
        points=int(row["points"]),
        rounds=int(row["rounds"]),
        current_streak=int(row["current_streak"]),
        longest_streak=int(row["longest_streak"]),
    )
