"""The SQLite backend: one connection, pragmas, numbered migrations, one-writer transactions.

Migrations are the files `migrations/sqlite/NNNN_name.sql` (`bot.storage.versions`); the applied version
is SQLite's `PRAGMA user_version`. Each migration runs in its own transaction together with the
version bump, so a failed migration leaves the database at the previous version. The checks on
the file before it is opened are in `bot.storage.files`.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from collections.abc import Coroutine, Sequence
from pathlib import Path
from typing import Any, TypeVar

import aiosqlite

from bot.storage.db import Params, Work
from bot.storage.files import DatabaseFileError, check_database_file, create_private, explain
from bot.storage.versions import MigrationError, migrations, split_statements

T = TypeVar("T")


class SqliteTransaction:
    """The statements of one write, run synchronously on the writer thread's connection.

    Its methods are coroutines that never suspend, so a write's `work(tx)` coroutine runs to
    its end in one `send` (see `_drive`): one thread hand-off per write, not per statement."""

    dialect = "sqlite"

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    async def execute(self, sql: str, params: Params = ()) -> int:
        return self.conn.execute(sql, params).rowcount

    async def executemany(self, sql: str, rows: Sequence[Params]) -> None:
        self.conn.executemany(sql, rows)

    async def fetchone(self, sql: str, params: Params = ()) -> sqlite3.Row | None:
        return _fetchone(self.conn, sql, params)

    async def fetchall(self, sql: str, params: Params = ()) -> list[sqlite3.Row]:
        return self.conn.execute(sql, params).fetchall()

    async def fetchval(self, sql: str, params: Params = ()) -> Any:
        row = _fetchone(self.conn, sql, params)
        return None if row is None else row[0]


def _drive(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a write's coroutine to its end without an event loop (it awaits nothing real)."""
    try:
        coroutine.send(None)
    except StopIteration as done:
        return done.value
    coroutine.close()
    raise RuntimeError("a storage write awaited something other than its transaction")


class SqliteDatabase:
    """One aiosqlite connection. Writes go through `write()`, which serialises writers in
    this process (one writer) and across processes (BEGIN IMMEDIATE + busy timeout)."""

    dialect = "sqlite"

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self._conn: aiosqlite.Connection | None = None
        self._write_lock = asyncio.Lock()
        self._pending: list[tuple[Work[Any], asyncio.Future]] = []
        self._flushing = False
        self._flusher: asyncio.Future[None] | None = None

    @property
    def data_folder(self) -> Path:
        return Path(self.path).resolve().parent

    def describe(self) -> str:
        return f"SQLite file {self.path}"

    @property
    def conn(self) -> aiosqlite.Connection:
        if self._conn is None:
            raise RuntimeError("database is not open; call await db.open() first")
        return self._conn

    async def open(self, *, migrate: bool = True) -> SqliteDatabase:
        """Check the file (see `check_database_file`), connect, set the pragmas and migrate.

        Raises DatabaseFileError (one line, the file untouched by the checks) or MigrationError;
        on any failure the connection and its thread are gone before the error is raised."""
        check_database_file(self.path)
        create_private(self.path)
        connection = aiosqlite.connect(self.path, isolation_level=None)
        with contextlib.suppress(AttributeError, RuntimeError):  # aiosqlite's worker thread
            connection._thread.daemon = True  # a failed start never waits on it
        try:
            self._conn = await connection
            await self._setup(migrate)
        except BaseException as exc:
            await self._abandon(connection)
            if isinstance(exc, sqlite3.Error):
                raise DatabaseFileError(explain(self.path, exc)) from exc
            raise
        return self

    async def _abandon(self, connection: aiosqlite.Connection) -> None:
        """Close a connection that failed to open, without waiting long on its thread."""
        self._conn = None
        try:
            await asyncio.wait_for(connection.close(), timeout=2)
        except BaseException:  # already closed, or its thread stuck: daemon, so not waited on
            with contextlib.suppress(Exception):
                connection.stop()

    async def _setup(self, migrate: bool) -> None:
        assert self._conn is not None
        self._conn.row_factory = aiosqlite.Row
        await self._conn.execute("PRAGMA busy_timeout = 10000")
        await self._enable_wal()
        await self._conn.execute("PRAGMA synchronous = NORMAL")
        # Write bursts (hundreds of answers a second): checkpoint the WAL every ~40 MB instead of
        # every 4 MB (each checkpoint syncs the file), and cache 32 MiB of pages.
        await self._conn.execute("PRAGMA wal_autocheckpoint = 10000")
        await self._conn.execute("PRAGMA cache_size = -32768")
        await self._conn.execute("PRAGMA foreign_keys = ON")
        if migrate:
            await self.migrate()

    async def _enable_wal(self) -> None:
        """Switch to WAL. Switching takes an exclusive lock without waiting on the busy handler,
        so connections opening a new file at once retry briefly instead of failing."""
        for attempt in range(100):
            try:
                await self.conn.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or attempt == 99:
                    raise
                await asyncio.sleep(0.02)

    async def close(self) -> None:
        if self._conn is not None:
            await self._conn.close()
            self._conn = None

    async def version(self) -> int:
        async with self.conn.execute("PRAGMA user_version") as cursor:
            row = await cursor.fetchone()
        return int(row[0])

    async def migrate(self, *, target: int | None = None) -> int:
        """Apply pending migrations (up to `target`); return the resulting version.

        Each migration runs in its own BEGIN IMMEDIATE transaction with its version bump, and the
        version is re-read inside that transaction, so several processes opening a new database
        file at once apply each migration exactly once."""
        async with self._write_lock:
            for version, name, sql in migrations(self.dialect):
                if target is not None and version > target:
                    break
                if version <= await self.version():
                    continue
                await self.conn.execute("BEGIN IMMEDIATE")
                try:
                    if version <= await self.version():  # another process applied it meanwhile
                        await self.conn.execute("ROLLBACK")
                        continue
                    for statement in split_statements(sql):
                        await self.conn.execute(statement)
                    await self.conn.execute(f"PRAGMA user_version = {version:d}")
                except Exception as exc:
                    await self.conn.execute("ROLLBACK")
                    raise MigrationError(f"migration {name} failed: {exc}") from exc
                await self.conn.execute("COMMIT")
        return await self.version()

    async def write(self, work: Work[T], *, serial: str | None = None) -> T:
        """Run `work(tx)` atomically in a write transaction; return its result once committed.
        (`serial`, PostgreSQL's per-key ordering of writes, is what SQLite always does: one
        writer at a time.)
        `work` runs in aiosqlite's thread, driven synchronously (it must not block), instead of
        one thread hand-off per statement.

        Group commit: works queued while a batch is being written go together into the next
        transaction, each inside its own SAVEPOINT, so an exception undoes only that work and
        is raised to its caller. Works run one at a time in arrival order (one writer), so a
        decision read inside a work (e.g. "first correct answer?") cannot race another work."""
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._pending.append((work, future))
        if not self._flushing:
            self._flushing = True
            self._flusher = asyncio.ensure_future(self._flush())
        return await future

    async def _flush(self) -> None:
        try:
            async with self._write_lock:
                while self._pending:
                    batch, self._pending = self._pending, []
                    try:
                        outcomes = await self.conn._execute(
                            _run_batch, self.conn._conn, [work for work, _ in batch]
                        )
                    except BaseException as exc:  # BEGIN/COMMIT failed: nothing was written
                        outcomes = [(False, exc)] * len(batch)
                    for (_, future), (ok, value) in zip(batch, outcomes, strict=True):
                        if future.done():
                            continue
                        if ok:
                            future.set_result(value)
                        else:
                            future.set_exception(value)
        finally:
            self._flushing = False

    async def execute(self, sql: str, params: Params = ()) -> int:
        return await self.write(lambda tx: tx.execute(sql, params))

    async def fetchone(self, sql: str, params: Params = ()) -> sqlite3.Row | None:
        return await self.conn._execute(_fetchone, self.conn._conn, sql, params)

    async def fetchall(self, sql: str, params: Params = ()) -> list[sqlite3.Row]:
        return list(await self.conn.execute_fetchall(sql, params))

    async def fetchval(self, sql: str, params: Params = ()) -> Any:
        row = await self.fetchone(sql, params)
        return None if row is None else row[0]


def _fetchone(conn: sqlite3.Connection, sql: str, params: Params) -> sqlite3.Row | None:
    cursor = conn.execute(sql, params)
    try:
        return cursor.fetchone()
    finally:
        cursor.close()


def _run_batch(conn: sqlite3.Connection, works: list[Work[Any]]) -> list[tuple[bool, Any]]:
    """One transaction, one savepoint per work: [(True, result) | (False, exception)]."""
    outcomes: list[tuple[bool, Any]] = []
    tx = SqliteTransaction(conn)
    conn.execute("BEGIN IMMEDIATE")
    try:
        for work in works:
            conn.execute("SAVEPOINT work")
            try:
                outcomes.append((True, _drive(work(tx))))
            except Exception as exc:
                conn.execute("ROLLBACK TO work")
                outcomes.append((False, exc))
            conn.execute("RELEASE work")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return outcomes
