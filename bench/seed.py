"""Seeding for the benchmarks: one big group's rows written straight into a migrated SQLite
database (`build`), and the stand-ins its StudyService runs with (`QUESTION`, `NoSandbox`,
`Clock`). Used by bench/leaderboard.py, bench/storage.py (its bot processes) and bench/web.py.
"""

from __future__ import annotations

import random
import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bot.bank.model import ChoiceSpec, Kind, Question

QUESTION = Question(
    id="bench.choice.check",
    topic="bench",
    kind=Kind.CHOICE,
    difficulty=2,
    title="Pick B",
    prompt="Which letter is the second one?",
    explanation="B.",
    spec=ChoiceSpec(options=("A", "B", "C", "D"), correct=frozenset({1})),
)


class NoSandbox:
    """The benchmark only uses a choice question: the sandbox is never called."""

    async def run(self, *args, **kwargs):
        raise AssertionError("sandbox used")

    grade = run


class Clock:
    def __init__(self, now: datetime) -> None:
        self.current = now

    def now(self) -> datetime:
        return self.current


def weekdays_before(end: date, count: int) -> list[date]:
    days, day = [], end - timedelta(days=1)
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day -= timedelta(days=1)
    return sorted(days)


def build(path: Path, members: int, submissions: int, today: date, seed: int = 7) -> None:
    """One group, `members` members, `submissions` submissions over past weekday rounds."""
    rng = random.Random(seed)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("BEGIN")
    now = "2026-01-01T00:00:00.000000+00:00"
    conn.execute(
        "INSERT INTO groups (id, platform, external_id, name, settings, created_at)"
        " VALUES (1, 'bench', 'big', 'big group', '{\"topics\": [\"bench\"]}', ?)",
        (now,),
    )
    conn.executemany(
        "INSERT INTO members (id, platform, external_id, display_name, created_at)"
        " VALUES (?, 'bench', ?, ?, ?)",
        ((i, f"u{i}", f"member {i:05d}", now) for i in range(1, members + 1)),
    )
    per_round = int(members * 0.75)  # 75% answer each round; about 10% of answers are resubmitted
    rounds = max(1, round(submissions / (per_round * 1.1)))
    submission_id = 0
    for round_id, day in enumerate(weekdays_before(today, rounds), start=1):
        opened = datetime(day.year, day.month, day.day, 9, tzinfo=UTC)
        conn.execute(
            "INSERT INTO rounds (id, group_id, round_date, question_id, state, opened_at,"
            " reveal_due, revealed_at) VALUES (?, 1, ?, ?, 'revealed', ?, ?, ?)",
            (round_id, day.isoformat(), QUESTION.id, opened.isoformat(),
             (opened + timedelta(hours=12)).isoformat(), (opened + timedelta(hours=12)).isoformat()),
        )  # fmt: skip
        subs, scores = [], []
        for member_id in rng.sample(range(1, members + 1), per_round):
            tries = 2 if rng.random() < 0.1 else 1
            for _ in range(tries):
                submission_id += 1
                correct = rng.random() < 0.6
                points = rng.randint(20, 30) if correct else 0
                at = (opened + timedelta(seconds=rng.randint(1, 40000))).isoformat()
                verdict = "correct" if correct else "wrong"
                subs.append((submission_id, round_id, member_id, "b", verdict, float(correct),
                             points, at))  # fmt: skip
            scores.append((round_id, member_id, day.isoformat(), submission_id, verdict,
                           float(correct), points, at))  # fmt: skip
        conn.executemany(
            "INSERT INTO submissions (id, round_id, member_id, answer, verdict, score, points,"
            " submitted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            subs,
        )
        conn.executemany(
            "INSERT INTO round_scores (round_id, member_id, group_id, round_date, submission_id,"
            " verdict, score, points, submitted_at) VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?)",
            scores,
        )
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
