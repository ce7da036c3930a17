"""Backends for bench/leaderboard.py: the SQLite file it builds, the same rows copied into a
PostgreSQL database, and bot processes (real OS processes) submitting to either at once."""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
import sqlite3
import time
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime

from bot.cli import loop_factory

# Copied in this order (foreign keys); every other table stays as the migrations made it.
TABLES = ("groups", "members", "rounds", "submissions", "round_scores", "score_totals",
          "round_stats")  # fmt: skip
URL_VARIABLE = "STUDYBOT_TEST_POSTGRES_URL"


@contextlib.asynccontextmanager
async def postgres_server(url: str | None) -> AsyncIterator[tuple[str | None, str]]:
    """(server URL or None, why not): `url`, $STUDYBOT_TEST_POSTGRES_URL, or a throwaway
    cluster started like the tests' (tests/postgres_server.py), stopped on exit."""
    url = url or os.environ.get(URL_VARIABLE)
    if url:
        yield url, ""
        return
    try:
        from tests.postgres_server import PostgresUnavailable, throwaway_cluster
    except ImportError as exc:  # run from elsewhere than the repository
        yield None, f"cannot import tests.postgres_server ({exc})"
        return
    try:
        cluster = throwaway_cluster()
        server = await asyncio.to_thread(cluster.__enter__)
    except PostgresUnavailable as exc:
        yield None, str(exc)
        return
    try:
        yield server, "a throwaway cluster (fsync off, as in the tests)"
    finally:
        await asyncio.to_thread(cluster.__exit__, None, None, None)


async def copy_to_postgres(sqlite_path: str, server_url: str) -> str:
    """A new database on the server, migrated, holding the SQLite file's rows of TABLES (the
    maintained aggregates included: the triggers already computed them); return its URL."""
    import asyncpg

    from bot.storage.db import open_database
    from tests.postgres_server import create_database

    url = await create_database(server_url)
    db = await open_database(url).open()  # the migrations
    await db.close()
    lite = sqlite3.connect(sqlite_path)
    conn = await asyncpg.connect(url)
    try:
        async with conn.transaction():
            for table in TABLES:
                await conn.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
                cursor = lite.execute(f"SELECT * FROM {table}")
                columns = [d[0] for d in cursor.description]
                while rows := cursor.fetchmany(50_000):
                    await conn.copy_records_to_table(table, records=rows, columns=columns)
                await conn.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
            for table in ("groups", "members", "rounds", "submissions"):
                await conn.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                    f" (SELECT MAX(id) FROM {table}))"
                )
        await conn.execute("ANALYZE")
    finally:
        await conn.close()
        lite.close()
    return url


async def drop_postgres(server_url: str, url: str) -> None:
    from tests.postgres_server import drop_database

    await drop_database(server_url, url)


# -- bot processes -------------------------------------------------------------------------


def _worker(target: str, member_ids: list[int], tasks: int, today: date, barrier, results) -> None:
    """One bot process: its own StudyService on `target`; at the barrier, each of its members
    answers once then changes the answer, from `tasks` concurrent asyncio tasks."""
    import logging
    import random

    logging.getLogger("bot.core.service").setLevel(logging.ERROR)

    async def run() -> tuple[float, float, int, int, int]:
        from seed import QUESTION, Clock, NoSandbox  # bench/ is on sys.path (spawn)

        from bot.bank import QuestionBank
        from bot.config import Config
        from bot.core.service import StudyService
        from bot.storage.db import open_database

        db = await open_database(target).open()
        clock = Clock(datetime(today.year, today.month, today.day, 10, tzinfo=UTC))
        service = StudyService(db, QuestionBank([QUESTION]), NoSandbox(), Config(), clock=clock)
        members = [await service.members.get(i) for i in member_ids]
        rng = random.Random(member_ids[0])
        queue = [(m, rng.choice("ABCD")) for m in members] * 2

        async def work(items) -> None:
            for member, answer in items:
                await service.submit(1, member, answer)

        await asyncio.to_thread(barrier.wait)
        started = time.time()
        await asyncio.gather(*(work(queue[i::tasks]) for i in range(tasks)))
        ended = time.time()
        attempts, writes = getattr(db, "attempts", 0), getattr(db, "writes", 0)
        await db.close()
        return started, ended, len(queue), attempts, writes

    try:
        with asyncio.Runner(loop_factory=loop_factory()) as runner:  # as the bot runs
            results.put(runner.run(run()))
    except BaseException as exc:  # told to the parent, which would otherwise wait for ever
        results.put(f"{type(exc).__name__}: {exc}")


def processes_throughput(
    target: str, member_ids: list[int], processes: int, tasks: int, today: date
) -> tuple[float, float]:
    """(submissions/s, attempts per write) with `processes` bot processes writing at once, the
    members split between them; the time runs from the first start to the last end."""
    ctx = multiprocessing.get_context("spawn")
    barrier, results = ctx.Barrier(processes), ctx.Queue()
    workers = [
        ctx.Process(target=_worker,
                    args=(target, member_ids[i::processes], tasks, today, barrier, results))
        for i in range(processes)
    ]  # fmt: skip
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=600) for _ in workers]
    for worker in workers:
        worker.join()
    failed = [o for o in outcomes if isinstance(o, str)]
    if failed:
        raise RuntimeError(f"{len(failed)} of {processes} bot processes failed: {failed[0]}")
    start, end = min(o[0] for o in outcomes), max(o[1] for o in outcomes)
    done, attempts, writes = (sum(o[i] for o in outcomes) for i in (2, 3, 4))
    return done / (end - start), (attempts / writes if writes else 1.0)
