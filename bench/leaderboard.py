"""Leaderboard and submission benchmark on one big group.

    python bench/leaderboard.py            # 10,000 members, 1,000,000 submissions (~2 min)
    python bench/leaderboard.py --small    # 1,000 members, 100,000 submissions (seconds)

Builds a SQLite database through the real migrations (bulk inserts with executemany; the
maintained aggregates are filled by the same triggers that run in production), then prints:
- top-10 + caller's rank through StudyService.leaderboard (week, month, all): p50 / p99;
- the baseline: the same board computed from round_scores on each call (no aggregates);
- submissions recorded per second through StudyService.submit (choice question, no sandbox) on
  today's round: every member's first answer, then every member changing it (concurrent asyncio
  tasks, as chat adapters call it), and one at a time;
- database size.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bot.bank import QuestionBank
from bot.bank.model import ChoiceSpec, Kind, Question
from bot.config import Config
from bot.core.models import Member, Period
from bot.core.service import StudyService
from bot.storage.db import open_database

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


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return f"p50 {statistics.median(ordered) * 1000:7.2f} ms   p99 {p99 * 1000:7.2f} ms"


async def bench_boards(service: StudyService, members: int, runs: int, rng: random.Random) -> None:
    callers = [await service.members.get(rng.randint(1, members)) for _ in range(runs)]
    for period in (Period.WEEK, Period.MONTH, Period.ALL):
        samples = []
        for caller in callers:
            started = time.perf_counter()
            board = await service.leaderboard(1, period, member=caller, top=10)
            samples.append(time.perf_counter() - started)
        assert len(board.entries) == 10
        print(f"  leaderboard {period.value:<5} top-10 + caller  {percentiles(samples)}")


async def bench_naive(service: StudyService, members: int, runs: int, rng: random.Random) -> None:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        await service.standings.naive(1, None, limit=10)
        await service.standings.naive(1, None, member_id=rng.randint(1, members))
        samples.append(time.perf_counter() - started)
    print(f"  baseline all  (sum of round_scores per call) {percentiles(samples)}")


async def bench_submit(
    service: StudyService, members: list[Member], concurrency: int, rng: random.Random
) -> float:
    """Submissions per second through StudyService.submit on today's open round, each member of
    `members` answering once, from `concurrency` asyncio tasks (as chat adapters call it)."""
    queue = [(member, rng.choice("ABCD")) for member in members]

    async def worker(items: list[tuple[Member, str]]) -> None:
        for member, answer in items:
            await service.submit(1, member, answer)

    started = time.perf_counter()
    await asyncio.gather(*(worker(queue[i::concurrency]) for i in range(concurrency)))
    return len(queue) / (time.perf_counter() - started)


async def main_async(args: argparse.Namespace) -> int:
    members, submissions = (1_000, 100_000) if args.small else (args.members, args.submissions)
    workdir = Path(args.dir or tempfile.mkdtemp(prefix="studybot-bench-"))
    path = workdir / "bench.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    today = date(2026, 11, 25)
    db = await open_database(path).open()  # applies the migrations
    await db.close()
    started = time.perf_counter()
    build(path, members, submissions, today)
    built = time.perf_counter() - started
    db = await open_database(path).open()
    counts = [
        (await db.fetchone(f"SELECT COUNT(*) FROM {table}"))[0]
        for table in ("members", "rounds", "submissions", "round_scores")
    ]
    print(f"database {path}: {counts[0]:,} members, {counts[1]:,} rounds, {counts[2]:,} "
          f"submissions, {counts[3]:,} scoring entries (built in {built:.1f} s)")  # fmt: skip
    clock = Clock(datetime(today.year, today.month, today.day, 10, tzinfo=UTC))
    service = StudyService(db, QuestionBank([QUESTION]), NoSandbox(), Config(), clock=clock)
    rng = random.Random(1)
    await bench_boards(service, members, args.runs, rng)
    await bench_naive(service, members, max(5, args.runs // 40), rng)
    await service.post_round(1, on_date=today)
    pool = [await service.members.get(i) for i in range(1, members + 1)]
    rng.shuffle(pool)
    c = args.concurrency
    first = await bench_submit(service, pool, c, rng)
    print(f"  submit: first answers    ({len(pool):,} members, {c} tasks) {first:9,.0f} /s")
    changed = await bench_submit(service, rng.sample(pool, len(pool)), c, rng)
    print(f"  submit: changed answers  ({len(pool):,} members, {c} tasks) {changed:9,.0f} /s")
    mixed = 2 / (1 / first + 1 / changed)
    print(f"  submit: both together                               {mixed:9,.0f} /s")
    single = await bench_submit(service, pool[: max(1000, len(pool) // 5)], 1, rng)
    print(f"  submit: one at a time (changed answers)             {single:9,.0f} /s")
    await db.fetchone("PRAGMA wal_checkpoint(TRUNCATE)")
    await db.close()
    size = sum(os.path.getsize(f"{path}{s}") for s in ("", "-wal") if Path(f"{path}{s}").exists())
    print(f"  database size {size / 1e6:,.1f} MB")
    if not args.keep and not args.dir:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        workdir.rmdir()
    return 0


def main(argv: list[str] | None = None) -> int:
    sys.stdout.reconfigure(line_buffering=True)  # figures appear as they are measured
    logging.getLogger("bot.core.service").setLevel(logging.ERROR)  # no publisher: not posted
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="1,000 members, 100,000 submissions")
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--submissions", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=200, help="leaderboard calls per period")
    parser.add_argument("--concurrency", type=int, default=100, help="concurrent submitters")
    parser.add_argument("--dir", help="build the database here (kept)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary database")
    return asyncio.run(main_async(parser.parse_args(argv)))


if __name__ == "__main__":
    sys.exit(main())
