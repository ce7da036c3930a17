"""Leaderboard and submission benchmark on one big group, SQLite and PostgreSQL side by side.

    python bench/leaderboard.py            # 10,000 members, 1,000,000 submissions (~4 min)
    python bench/leaderboard.py --small    # 1,000 members, 100,000 submissions (~30 s)
    python bench/leaderboard.py --postgres-url postgresql://user@host/db   # else a throwaway
        # cluster (tests/postgres_server.py) or $STUDYBOT_TEST_POSTGRES_URL; --no-postgres

Builds a SQLite database through the real migrations (bench/seed.py: bulk inserts with
executemany; the maintained aggregates are filled by the same triggers that run in production)
and copies the same rows into a new PostgreSQL database (bench/storage.py). Then, on each backend:
- top-10 + caller's rank through StudyService.leaderboard (week, month, all): p50 / p99, and
  the baseline: the same board computed from round_scores on each call (no aggregates);
- submissions per second through StudyService.submit (choice question, no sandbox) on a new
  round: every member's first answer, then every member changing it (concurrent asyncio tasks,
  as chat adapters call it), median of --repeat rounds; and one at a time;
- with 1, 2 and 4 bot processes (OS processes, each its own StudyService on the database) at
  once: each of --writers members answers and changes the answer once, split between processes;
- PostgreSQL: attempts per write (SERIALIZABLE retries) in those runs.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
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

sys.path.insert(1, str(Path(__file__).resolve().parent.parent))  # tests.postgres_server

from seed import QUESTION, Clock, NoSandbox, build  # bench/ is on sys.path (the script's folder)

from bot.bank import QuestionBank
from bot.cli import loop_factory
from bot.config import Config
from bot.core.models import Member, Period
from bot.core.service import StudyService
from bot.storage.db import open_database


def p50_p99(samples: list[float]) -> tuple[float, float]:
    """(median, 99th percentile) in milliseconds."""
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return statistics.median(ordered) * 1000, p99 * 1000


async def bench_boards(service: StudyService, members: int, runs: int, rng: random.Random) -> dict:
    """{'week'|'month'|'all'|'naive': (p50 ms, p99 ms)} of top-10 + caller's rank."""
    figures = {}
    callers = [await service.members.get(rng.randint(1, members)) for _ in range(runs)]
    for period in (Period.WEEK, Period.MONTH, Period.ALL):
        samples = []
        for caller in callers:
            started = time.perf_counter()
            board = await service.leaderboard(1, period, member=caller, top=10)
            samples.append(time.perf_counter() - started)
        assert len(board.entries) == 10
        figures[period.value] = p50_p99(samples)
    samples = []
    for _ in range(max(5, runs // 40)):
        started = time.perf_counter()
        await service.standings.naive(1, None, limit=10)
        await service.standings.naive(1, None, member_id=rng.randint(1, members))
        samples.append(time.perf_counter() - started)
    figures["naive"] = p50_p99(samples)
    return figures


async def bench_submit(
    service: StudyService, members: list[Member], concurrency: int, rng: random.Random
) -> float:
    """Submissions per second through StudyService.submit on the open round, each member of
    `members` answering once, from `concurrency` asyncio tasks (as chat adapters call it)."""
    queue = [(member, rng.choice("ABCD")) for member in members]

    async def worker(items: list[tuple[Member, str]]) -> None:
        for member, answer in items:
            await service.submit(1, member, answer)

    started = time.perf_counter()
    await asyncio.gather(*(worker(queue[i::concurrency]) for i in range(concurrency)))
    return len(queue) / (time.perf_counter() - started)


class Rounds:
    """A new open round for each measurement: the open one is closed, the next weekday posted."""

    def __init__(self, service: StudyService, clock: Clock, day: date) -> None:
        self.service, self.clock, self.day = service, clock, day

    async def next(self) -> date:
        await self.service.db.execute(
            "UPDATE rounds SET state = 'revealed' WHERE group_id = 1 AND state = 'posted'"
        )
        self.day += timedelta(days=1 if self.day.weekday() < 4 else 7 - self.day.weekday())
        self.clock.current = datetime(self.day.year, self.day.month, self.day.day, 10, tzinfo=UTC)
        await self.service.post_round(1, on_date=self.day)
        return self.day


def attempts(db) -> tuple[int, int]:
    return getattr(db, "attempts", 0), getattr(db, "writes", 0)


async def bench_backend(name: str, target: str, args, members: int, today: date) -> dict:
    from storage import processes_throughput

    print(f"{name}:")
    db = await open_database(target).open()
    clock = Clock(datetime(today.year, today.month, today.day, 10, tzinfo=UTC))
    service = StudyService(db, QuestionBank([QUESTION]), NoSandbox(), Config(), clock=clock)
    rng = random.Random(1)
    out = await bench_boards(service, members, args.runs, rng)
    for period in ("week", "month", "all", "naive"):
        label = (
            "baseline (sum of round_scores)"
            if period == "naive"
            else f"{period:<5} top-10 + caller"
        )
        print(f"  board {label:<31} p50 {out[period][0]:8.2f} ms   p99 {out[period][1]:8.2f} ms")
    rounds = Rounds(service, clock, today - timedelta(days=1))
    writers = min(members, args.writers)  # the same workload on both backends
    pool = [await service.members.get(i) for i in range(1, writers + 1)]
    c, first, changed = args.concurrency, [], []
    before = attempts(db)
    for _ in range(args.repeat):
        await rounds.next()
        rng.shuffle(pool)
        first.append(await bench_submit(service, pool, c, rng))
        changed.append(await bench_submit(service, rng.sample(pool, len(pool)), c, rng))
    tried, wrote = (a - b for a, b in zip(attempts(db), before, strict=True))
    out["first"], out["changed"] = statistics.median(first), statistics.median(changed)
    out["mixed"] = 2 / (1 / out["first"] + 1 / out["changed"])
    out["single"] = await bench_submit(service, pool[: max(1000, len(pool) // 5)], 1, rng)
    out["attempts"] = tried / wrote if wrote else 1.0
    n = args.repeat
    print(
        f"  submit first answers   ({writers:,} members, {c} tasks, median of {n}) "
        f"{out['first']:9,.0f} /s"
    )
    print(
        f"  submit changed answers ({writers:,} members, {c} tasks, median of {n}) "
        f"{out['changed']:9,.0f} /s"
    )
    print(f"  submit both together {'':37} {out['mixed']:9,.0f} /s")
    print(f"  submit one at a time {'':37} {out['single']:9,.0f} /s")
    if db.dialect == "postgresql":
        print(f"  attempts per write ({c} tasks, one process) {'':15} {out['attempts']:9.2f}")
    for processes in (1, 2, 4):
        day = await rounds.next()
        ids = list(range(1, writers + 1))
        try:
            rate, tries = await asyncio.to_thread(
                processes_throughput, target, ids, processes, c, day
            )
        except RuntimeError as exc:
            print(f"  {processes} processes: {exc}")
            rate, tries = float("nan"), float("nan")
        out[f"p{processes}"], out[f"a{processes}"] = rate, tries
        extra = f"   attempts/write {tries:5.2f}" if db.dialect == "postgresql" else ""
        print(
            f"  {processes} process{'es' if processes > 1 else '  '} x {c} tasks, answer + change "
            f"{'':16} {rate:9,.0f} /s{extra}"
        )
    await db.close()
    return out


def summary(results: dict[str, dict]) -> None:
    """Side by side, with the ratios to the baselines measured in this run."""
    names = list(results)
    print("\nsummary" + "".join(f"{n:>16}" for n in names))
    rows = [
        ("board week p50 (ms)", lambda r: f"{r['week'][0]:.2f}"),
        ("board month p50 (ms)", lambda r: f"{r['month'][0]:.2f}"),
        ("board all p50 (ms)", lambda r: f"{r['all'][0]:.2f}"),
        ("week / all", lambda r: f"{r['week'][0] / r['all'][0]:.2f}x"),
        ("naive / all", lambda r: f"{r['naive'][0] / r['all'][0]:,.0f}x"),
        ("submit first (/s)", lambda r: f"{r['first']:,.0f}"),
        ("submit changed (/s)", lambda r: f"{r['changed']:,.0f}"),
        ("submit both (/s)", lambda r: f"{r['mixed']:,.0f}"),
        ("1 process (/s)", lambda r: f"{r['p1']:,.0f}"),
        ("2 processes (/s)", lambda r: f"{r['p2']:,.0f} {r['p2'] / r['p1']:.2f}x"),
        ("4 processes (/s)", lambda r: f"{r['p4']:,.0f} {r['p4'] / r['p1']:.2f}x"),
        ("attempts/write 1|2|4", lambda r: f"{r['a1']:.2f}|{r['a2']:.2f}|{r['a4']:.2f}"),
    ]
    for label, cell in rows:
        print(f"  {label:<22}" + "".join(f"{cell(results[n]):>16}" for n in names)[2:])
    if len(names) == 2:
        a, b = (results[n] for n in names)
        print(
            f"  {names[1]} / {names[0]} submit both: {b['mixed'] / a['mixed']:.2f}x,"
            f" 4 processes: {b['p4'] / a['p4']:.2f}x"
        )


async def main_async(args: argparse.Namespace) -> int:
    from storage import copy_to_postgres, drop_postgres, postgres_server

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
    conn = sqlite3.connect(path)
    counts = [conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
              for t in ("members", "rounds", "submissions", "round_scores")]  # fmt: skip
    conn.close()
    print(
        f"database: {counts[0]:,} members, {counts[1]:,} rounds, {counts[2]:,} submissions,"
        f" {counts[3]:,} scoring entries (SQLite built in {time.perf_counter() - started:.1f} s)"
    )
    results = {}
    server_cm = postgres_server(args.postgres_url) if not args.no_postgres else None
    async with server_cm or _nothing() as (server, why):
        url = None
        if server is not None:
            started = time.perf_counter()
            url = await copy_to_postgres(str(path), server)
            print(f"PostgreSQL: {why or 'the given server'}; rows copied in"
                  f" {time.perf_counter() - started:.1f} s")  # fmt: skip
        else:
            print(f"PostgreSQL skipped: {why}")
        results["SQLite"] = await bench_backend("SQLite", str(path), args, members, today)
        if url is not None:
            try:
                results["PostgreSQL"] = await bench_backend("PostgreSQL", url, args, members, today)
            finally:
                await drop_postgres(server, url)
    summary(results)
    size = sum(os.path.getsize(f"{path}{s}") for s in ("", "-wal") if Path(f"{path}{s}").exists())
    print(f"SQLite database size {size / 1e6:,.1f} MB")
    if not args.keep and not args.dir:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        workdir.rmdir()
    return 0


@contextlib.asynccontextmanager
async def _nothing():
    yield None, "--no-postgres"


def main(argv: list[str] | None = None) -> int:
    sys.stdout.reconfigure(line_buffering=True)  # figures appear as they are measured
    logging.getLogger("bot.core.service").setLevel(logging.ERROR)  # no publisher: not posted
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="1,000 members, 100,000 submissions")
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--submissions", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=200, help="leaderboard calls per period")
    parser.add_argument("--concurrency", type=int, default=100, help="concurrent submitters")
    parser.add_argument("--writers", type=int, default=3000, help="members answering per round")
    parser.add_argument("--repeat", type=int, default=3, help="rounds per submit figure")
    parser.add_argument("--postgres-url", help="a server whose user may create databases")
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    parser.add_argument("--dir", help="build the database here (kept)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary database")
    with asyncio.Runner(loop_factory=loop_factory()) as runner:  # the bot's own event loop
        return runner.run(main_async(parser.parse_args(argv)))


if __name__ == "__main__":
    sys.exit(main())
