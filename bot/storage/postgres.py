"""The PostgreSQL backend: an asyncpg pool, numbered migrations, serializable writes.

Chosen by `database.url = "postgresql://user@host/db"`; the password comes from the environment
(`STUDYBOT_DATABASE_PASSWORD`, or libpq's PGPASSWORD), never from the config file.

Every write runs at SERIALIZABLE isolation and is retried (bounded, jittered) when PostgreSQL
reports a serialization failure or a deadlock, so the read-decide-write bodies shared with SQLite
("first correct answer?", "already posted?") behave as if writes ran one at a time, as they do
under SQLite's single writer, while several bot processes on several hosts write at once.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import random
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeVar

import asyncpg

from bot.storage.db import Params, Work
from bot.storage.files import DatabaseFileError
from bot.storage.sql import bind
from bot.storage.versions import MigrationError, migrations

T = TypeVar("T")

PASSWORD_VARIABLE = "STUDYBOT_DATABASE_PASSWORD"
MIGRATION_LOCK = 0x5354_5544_5942_4F54  # "STUDYBOT": one migrator at a time, across hosts
RETRY_ERRORS = (asyncpg.SerializationError, asyncpg.DeadlockDetectedError)
MAX_ATTEMPTS = 60
_AFFECTED = re.compile(r"(\d+)$")


class PostgresTransaction:
    """Statements on the connection of one write's transaction, or on the pool for reads outside
    a write (a pool runs each on a free connection, in autocommit)."""

    dialect = "postgresql"

    def __init__(self, conn: asyncpg.Connection | asyncpg.Pool) -> None:
        self.conn = conn

    async def execute(self, sql: str, params: Params = ()) -> int:
        statement, args = bind(sql, params)
        status = await self.conn.execute(statement, *args)
        found = _AFFECTED.search(status or "")
        return int(found.group(1)) if found and not status.startswith("SELECT") else 0

    async def executemany(self, sql: str, rows: Sequence[Params]) -> None:
        bound = [bind(sql, row) for row in rows]
        if bound:
            await self.conn.executemany(bound[0][0], [list(args) for _, args in bound])

    async def fetchone(self, sql: str, params: Params = ()) -> asyncpg.Record | None:
        statement, args = bind(sql, params)
        return await self.conn.fetchrow(statement, *args)

    async def fetchall(self, sql: str, params: Params = ()) -> list[asyncpg.Record]:
        statement, args = bind(sql, params)
        return await self.conn.fetch(statement, *args)

    async def fetchval(self, sql: str, params: Params = ()) -> Any:
        statement, args = bind(sql, params)
        return await self.conn.fetchval(statement, *args)


class PostgresDatabase:
    """A pool of connections to one PostgreSQL database."""

    dialect = "postgresql"

    def __init__(self, url: str, *, pool_size: int = 10) -> None:
        self.url = url
        self.pool_size = pool_size
        self._pool: asyncpg.Pool | None = None
        self.writes = 0  # writes committed, and the attempts they took (retries included)
        self.attempts = 0

    @property
    def data_folder(self) -> Path:
        return Path.cwd()

    def describe(self) -> str:
        return "PostgreSQL " + re.sub(r"//([^:/@]+):[^@]*@", r"//\1:***@", self.url)

    @property
    def pool(self) -> asyncpg.Pool:
        if self._pool is None:
            raise RuntimeError("database is not open; call await db.open() first")
        return self._pool

    async def open(self, *, migrate: bool = True) -> PostgresDatabase:
        """Connect (a pool) and migrate. Raises DatabaseFileError, one line, when the server
        cannot be reached or refuses us."""
        password = os.environ.get(PASSWORD_VARIABLE) or None
        try:
            self._pool = await asyncpg.create_pool(
                self.url, password=password, min_size=1, max_size=self.pool_size, timeout=10
            )
        except (TimeoutError, OSError, asyncpg.PostgresError, ValueError) as exc:
            raise DatabaseFileError(f"cannot open {self.describe()}: {exc}") from exc
        try:
            if migrate:
                await self.migrate()
        except BaseException:
            await self.close()
            raise
        return self

    async def close(self) -> None:
        if self._pool is not None:
            pool, self._pool = self._pool, None
            await pool.close()

    async def version(self) -> int:
        async with self.pool.acquire() as conn:
            return await _version(conn)

    async def migrate(self, *, target: int | None = None) -> int:
        """Apply pending migrations (up to `target`), each in its own transaction with the
        version bump, under an advisory lock so concurrent starts apply each exactly once."""
        async with self.pool.acquire() as conn:
            for version, name, sql in migrations(self.dialect):
                if target is not None and version > target:
                    break
                async with conn.transaction():
                    await conn.execute("SELECT pg_advisory_xact_lock($1)", MIGRATION_LOCK)
                    await conn.execute(
                        "CREATE TABLE IF NOT EXISTS studybot_schema (version integer NOT NULL);"
                        " INSERT INTO studybot_schema (version)"
                        " SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM studybot_schema)"
                    )
                    if version <= await _version(conn):
                        continue
                    try:
                        async with conn.transaction():  # a savepoint: the error names the file
                            await conn.execute(sql)
                    except asyncpg.PostgresError as exc:
                        raise MigrationError(f"migration {name} failed: {exc}") from exc
                    await conn.execute("UPDATE studybot_schema SET version = $1", version)
            return await _version(conn)

    async def write(self, work: Work[T], *, serial: str | None = None) -> T:
        """Run `work(tx)` in a SERIALIZABLE transaction; on a serialization failure or deadlock
        run it again (it publishes nothing), up to MAX_ATTEMPTS times.

        `serial` (e.g. "round:42"): writes with the same key run one at a time, across processes
        and hosts. For writes that all read and write the same rows (answers to one round: the
        round's answered counter, "first correct answer?"), which would otherwise fail each other
        and retry. The key is a session advisory lock taken *before* the transaction starts: a
        transaction's snapshot is taken at its first statement, so a lock taken inside it (even
        first) leaves the snapshot older than the previous holder's commit, and SSI still fails
        one of the two. Taken outside, the previous holder has committed when the snapshot is
        taken: the two transactions do not overlap, and neither can fail the other."""
        key = _lock_key(serial) if serial is not None else None
        for attempt in range(1, MAX_ATTEMPTS + 1):
            self.attempts += 1
            try:
                async with self.pool.acquire() as conn:
                    result = await _run_serializable(conn, work, key)
                self.writes += 1
                return result
            except RETRY_ERRORS:
                if attempt == MAX_ATTEMPTS:
                    raise
                await asyncio.sleep(random.uniform(0, min(0.2, 0.002 * 2 ** min(attempt, 7))))
        raise AssertionError("unreachable")

    async def execute(self, sql: str, params: Params = ()) -> int:
        return await self.write(lambda tx: tx.execute(sql, params))

    async def fetchone(self, sql: str, params: Params = ()) -> asyncpg.Record | None:
        return await PostgresTransaction(self.pool).fetchone(sql, params)

    async def fetchall(self, sql: str, params: Params = ()) -> list[asyncpg.Record]:
        return await PostgresTransaction(self.pool).fetchall(sql, params)

    async def fetchval(self, sql: str, params: Params = ()) -> Any:
        return await PostgresTransaction(self.pool).fetchval(sql, params)


def _lock_key(serial: str) -> int:
    """A stable signed 64-bit advisory lock key for a `serial` string."""
    digest = hashlib.blake2b(serial.encode(), digest_size=8, person=b"studybot").digest()
    return int.from_bytes(digest, "big", signed=True)


async def _run_serializable(conn: asyncpg.Connection, work: Work[T], key: int | None) -> T:
    if key is None:
        async with conn.transaction(isolation="serializable"):
            return await work(PostgresTransaction(conn))
    # The lock, then BEGIN (in one query string the SELECT would take the snapshot); COMMIT and
    # the unlock go in one round trip (`key` is an int, formatted as a literal).
    await conn.execute(f"SELECT pg_advisory_lock({key:d})")
    try:
        await conn.execute("BEGIN ISOLATION LEVEL SERIALIZABLE")
        result = await work(PostgresTransaction(conn))
        await conn.execute(f"COMMIT; SELECT pg_advisory_unlock({key:d})")
    except BaseException:
        # A failed statement or COMMIT stops the rest of its round trip: roll back (a no-op
        # after a failed COMMIT) and unlock. A lost connection unlocks on the server's side.
        if not conn.is_closed():
            await conn.execute(f"ROLLBACK; SELECT pg_advisory_unlock({key:d})")
        raise
    return result


async def _version(conn: asyncpg.Connection) -> int:
    """The applied version, kept in the table `studybot_schema` (0 before the first migration)."""
    if await conn.fetchval("SELECT to_regclass('studybot_schema')") is None:
        return 0
    return int(await conn.fetchval("SELECT COALESCE(MAX(version), 0) FROM studybot_schema"))
