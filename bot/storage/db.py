"""The storage interface every backend implements, and the factory that picks one.

Repositories (the other modules of bot.storage) speak to a `Database` and, inside a write, to a
`Transaction`. SQL is written once, in the subset both SQLite and PostgreSQL accept, with `?` or
`:name` placeholders (the PostgreSQL backend rewrites them to `$n`); where a statement truly
differs, a repository branches on `dialect`, never outside bot.storage.

A write is a coroutine function `work(tx)` run atomically by `Database.write`. It must only await
its transaction's methods and publish nothing: SQLite drives it inside its writer thread without
an event loop turn, and PostgreSQL may run it again after a serialization failure.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol, TypeVar

from bot.storage.files import DatabaseFileError
from bot.storage.versions import MigrationError

__all__ = [
    "Database",
    "DatabaseFileError",
    "MigrationError",
    "Params",
    "Row",
    "Transaction",
    "Work",
    "is_postgres_url",
    "open_database",
]

T = TypeVar("T")
Params = Sequence[Any] | Mapping[str, Any]
Row = Any  # sqlite3.Row or asyncpg.Record: both index by position and by column name


class Transaction(Protocol):
    """The statements of one atomic write."""

    dialect: str

    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run a statement; return the number of rows it changed."""

    async def executemany(self, sql: str, rows: Sequence[Params]) -> None: ...

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None: ...

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]: ...

    async def fetchval(self, sql: str, params: Params = ()) -> Any:
        """The first column of the first row, or None when there is no row."""


Work = Callable[[Transaction], Awaitable[T]]


class Database(Protocol):
    """A storage backend: connection handling, migrations, reads and atomic writes."""

    dialect: str  # "sqlite" or "postgresql"

    @property
    def data_folder(self) -> Path:
        """Where files that go with the data (charts, exports) are written by default."""

    def describe(self) -> str:
        """The database for humans and logs (never a password)."""

    async def open(self, *, migrate: bool = True) -> Database: ...

    async def close(self) -> None: ...

    async def version(self) -> int: ...

    async def migrate(self, *, target: int | None = None) -> int: ...

    async def write(self, work: Work[T], *, serial: str | None = None) -> T:
        """Run `work(tx)` in one transaction; its result once committed. Writes given the same
        `serial` key (e.g. "round:42") run one after another, across processes: for writes that
        all touch the same rows (SQLite's single writer does this for every write anyway)."""

    async def execute(self, sql: str, params: Params = ()) -> int:
        """One statement as its own write; the number of rows it changed."""

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None: ...

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]: ...

    async def fetchval(self, sql: str, params: Params = ()) -> Any: ...


def is_postgres_url(target: str) -> bool:
    return target.startswith(("postgresql://", "postgres://"))


def open_database(target: str | Path, *, pool_size: int = 10) -> Database:
    """The backend for `target`: a `postgresql://` URL (a pool of `pool_size` connections), else
    a SQLite file path. Not opened yet: `await open_database(target).open()`."""
    text = str(target)
    if is_postgres_url(text):
        from bot.storage.postgres import PostgresDatabase

        return PostgresDatabase(text, pool_size=pool_size)
    from bot.storage.sqlite import SqliteDatabase

    return SqliteDatabase(text)
