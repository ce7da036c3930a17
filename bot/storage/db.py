"""The SQLite connection: pragmas, numbered migrations, and one-writer transactions.

Migrations are the files `migrations/NNNN_name.sql`; the applied version is SQLite's
`PRAGMA user_version`. Each migration runs in its own transaction together with the version bump,
so a failed migration leaves the database at the previous version.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import sqlite3
import stat
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import aiosqlite

T = TypeVar("T")
_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")
SQLITE_MAGIC = b"SQLite format 3\x00"
# Files up to this size get SQLite's quick_check at open (about 0.1 s per 100 MB when cached):
# damage is then reported at start-up, not in the middle of a command.
QUICK_CHECK_MAX_BYTES = 1 << 30
STUDYBOT_TABLES = frozenset({"groups", "members", "rounds", "submissions", "round_scores"})


class MigrationError(RuntimeError):
    pass


class DatabaseFileError(RuntimeError):
    """The database file cannot be used. The message is one line naming the file, what is wrong
    and what to do; the file was not modified."""


def _recover_hint(path: str) -> str:
    return (
        f"recover what is left with `sqlite3 {path} .recover | sqlite3 recovered.db`, "
        "or restore a backup"
    )


def _create_private(path: str | Path) -> None:
    """A new database file is readable by its owner only (0600; SQLite gives its -wal and -shm
    files the same mode): it holds sealed answers. An existing file keeps its mode."""
    path = str(path)
    if path == ":memory:" or path.startswith("file:"):
        return
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def check_database_file(path: str | Path) -> None:
    """Refuse, without modifying anything, a file studybot must not open: a folder, a device, an
    unreadable or unwritable file, a file that is not SQLite, a damaged SQLite file, an SQLite
    database of another program, or a studybot database of a newer schema version. A missing
    file is fine (it becomes a new database) when its folder can be created and written."""
    path = str(path)
    if path == ":memory:" or path.startswith("file:"):
        return
    if not path.strip():
        raise DatabaseFileError("the database path is empty; give a file name, e.g. studybot.db")
    file = Path(path)
    try:
        info = file.stat()
    except FileNotFoundError:
        info = None
    except OSError as exc:  # a parent that is a file, a name too long, a loop of links
        raise DatabaseFileError(f"database {path}: cannot use this path: {_reason(exc)}") from exc
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise DatabaseFileError(
            f"database {path} is a folder, not a file; give a file name, e.g. "
            f"--db {file / 'studybot.db'}"
        )
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise DatabaseFileError(f"database {path} is not a regular file (a device or a pipe)")
    folder = file.parent
    if info is None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseFileError(
                f"database {path}: cannot create its folder {folder}: {_reason(exc)}"
            ) from exc
    if not os.access(folder, os.W_OK | os.X_OK):
        raise DatabaseFileError(
            f"database {path}: the folder {folder} is not writable (SQLite keeps "
            f"{file.name}-wal and {file.name}-shm beside the database); fix its permissions "
            "or choose another folder"
        )
    if info is None:
        return
    try:
        with open(file, "rb") as handle:
            header = handle.read(100)
    except OSError as exc:
        raise DatabaseFileError(f"database {path}: cannot read it: {_reason(exc)}") from exc
    if not os.access(file, os.W_OK):
        raise DatabaseFileError(
            f"database {path} is read-only for this user; fix its permissions "
            "(studybot writes every answer to it)"
        )
    if not header:
        return  # an empty file: SQLite makes it a new database
    if not (header.startswith(SQLITE_MAGIC) or SQLITE_MAGIC.startswith(header)):
        what = "a text file" if _looks_like_text(header) else "a file of another kind"
        raise DatabaseFileError(
            f"database {path} is {what}, not an SQLite database; studybot left it unchanged. "
            "Give --db a new file name (it is created) or an existing studybot database"
        )
    if len(header) < 100:
        raise DatabaseFileError(f"database {path} is damaged (cut short); {_recover_hint(path)}")
    _check_schema(path, file, header, info.st_size)


def _check_schema(path: str, file: Path, header: bytes, size: int) -> None:
    """Open the file read-only and look at its schema version and tables."""
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    in_header_pages = int.from_bytes(header[28:32], "big")
    header_valid = header[24:28] == header[92:96]  # the in-header size is current
    suspicious = page_size < 512 or size % page_size != 0
    suspicious |= header_valid and size < in_header_pages * page_size
    uri = file.resolve().as_uri() + "?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=5)
    except sqlite3.Error as exc:
        raise DatabaseFileError(_explain(path, exc)) from exc
    try:
        conn.execute("BEGIN")  # one snapshot for every read below
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        tables = {
            row[0]
            for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not row[0].startswith("sqlite_")
        }
        if suspicious or size <= QUICK_CHECK_MAX_BYTES:
            result = [row[0] for row in conn.execute("PRAGMA quick_check(3)")]
            if result != ["ok"]:
                detail = " ".join("; ".join(result).split())[:120]
                raise DatabaseFileError(
                    f"database {path} is damaged ({detail}); {_recover_hint(path)}"
                )
    except sqlite3.Error as exc:
        raise DatabaseFileError(_explain(path, exc)) from exc
    finally:
        conn.close()
    latest = len(migrations())
    if version > latest:
        raise DatabaseFileError(
            f"database {path} has schema version {version}, newer than this studybot knows "
            f"(up to {latest}); upgrade studybot, or use another file. It was left unchanged"
        )
    if tables and (version == 0 or not STUDYBOT_TABLES.issubset(tables)):
        shown = ", ".join(sorted(tables)[:5]) + (", ..." if len(tables) > 5 else "")
        raise DatabaseFileError(
            f"database {path} is an SQLite database of another program (tables: {shown}), "
            "not a studybot one; studybot left it unchanged. Give --db a new file name"
        )


def _looks_like_text(data: bytes) -> bool:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return all(ch.isprintable() or ch in "\r\n\t" for ch in text)


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _explain(path: str, exc: BaseException) -> str:
    """One line for an SQLite error met while opening `path`."""
    message = " ".join(str(exc).split())
    lower = message.lower()
    if "not a database" in lower or "malformed" in lower or "corrupt" in lower:
        return f"database {path} is damaged or not SQLite ({message}); {_recover_hint(path)}"
    if "readonly" in lower or "read-only" in lower:
        return (
            f"database {path} cannot be written ({message}); fix the permissions of the file "
            "and its folder"
        )
    if "locked" in lower or "busy" in lower:
        return f"database {path} is locked by another program ({message}); try again later"
    if "unable to open" in lower:
        return (
            f"database {path} cannot be opened ({message}); check that its folder exists and "
            "is writable"
        )
    if "disk i/o" in lower or "full" in lower:
        return f"database {path}: {message} (is the disk full or failing?)"
    return f"database {path}: {message}"


def split_statements(sql: str) -> list[str]:
    """Split a migration file into complete SQL statements (triggers included)."""
    statements, buffer = [], ""
    for line in sql.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip(" \n\t;"):
                statements.append(buffer.strip())
            buffer = ""
    if buffer.strip() and not all(
        part.strip().startswith("--") or not part.strip() for part in buffer.splitlines()
    ):
        raise MigrationError(f"incomplete SQL statement at the end of a migration: {buffer[:60]!r}")
    return statements


def migrations() -> list[tuple[int, str, str]]:
    """(version, file name, SQL) of every shipped migration, in order."""
    found = []
    for entry in resources.files("bot.storage.migrations").iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    found.sort()
    versions = [version for version, _, _ in found]
    if versions != list(range(1, len(found) + 1)):
        raise MigrationError(f"migrations must be numbered 1..n without gaps, found {versions}")
    return found


class Database:
    """One aiosqlite connection. Writes go through `transaction()`, which serialises writers in
    this process (asyncio lock) and across processes (BEGIN IMMEDIATE + busy timeout)."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self._conn: aiosqlite.Connection | None = None
        self._write_lock = asyncio.Lock()
        self._pending: list[tuple[Callable[[sqlite3.Connection], Any], asyncio.Future]] = []
        self._flushing = False
        self._flusher: asyncio.Future[None] | None = None

    @property
    def conn(self) -> aiosqlite.Connection:
        if self._conn is None:
            raise RuntimeError("database is not open; call await db.open() first")
        return self._conn

    async def open(self, *, migrate: bool = True) -> Database:
        """Check the file (see `check_database_file`), connect, set the pragmas and migrate.

        Raises DatabaseFileError (one line, the file untouched by the checks) or MigrationError;
        on any failure the connection and its thread are gone before the error is raised."""
        check_database_file(self.path)
        _create_private(self.path)
        connection = aiosqlite.connect(self.path, isolation_level=None)
        with contextlib.suppress(AttributeError, RuntimeError):  # aiosqlite's worker thread
            connection._thread.daemon = True  # a failed start never waits on it
        try:
            self._conn = await connection
            await self._setup(migrate)
        except BaseException as exc:
            await self._abandon(connection)
            if isinstance(exc, sqlite3.Error):
                raise DatabaseFileError(_explain(self.path, exc)) from exc
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
            for version, name, sql in migrations():
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

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """A write transaction: committed on success, rolled back on any exception."""
        async with self._write_lock:
            await self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                await self.conn.execute("ROLLBACK")
                raise
            await self.conn.execute("COMMIT")

    async def write(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run `work(connection)` atomically in a write transaction; return its result once
        committed. For hot paths (submissions): `work` runs in aiosqlite's thread, synchronously
        (it must not block), instead of one thread hand-off per statement.

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

    async def fetchone(self, sql: str, params: tuple | dict = ()) -> aiosqlite.Row | None:
        return await self.conn._execute(_fetchone, self.conn._conn, sql, params)

    async def fetchall(self, sql: str, params: tuple | dict = ()) -> list[aiosqlite.Row]:
        return list(await self.conn.execute_fetchall(sql, params))


def _fetchone(conn: sqlite3.Connection, sql: str, params: tuple | dict) -> sqlite3.Row | None:
    cursor = conn.execute(sql, params)
    try:
        return cursor.fetchone()
    finally:
        cursor.close()


def _run_batch(
    conn: sqlite3.Connection, works: list[Callable[[sqlite3.Connection], Any]]
) -> list[tuple[bool, Any]]:
    """One transaction, one savepoint per work: [(True, result) | (False, exception)]."""
    outcomes: list[tuple[bool, Any]] = []
    conn.execute("BEGIN IMMEDIATE")
    try:
        for work in works:
            conn.execute("SAVEPOINT work")
            try:
                outcomes.append((True, work(conn)))
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
