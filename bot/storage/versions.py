"""The shipped schema migrations: `migrations/<dialect>/NNNN_name.sql`, numbered 1..n.

Each backend has its own folder with the same numbers: version N is the same logical schema in
SQLite and in PostgreSQL (a test compares them)."""

from __future__ import annotations

import re
import sqlite3
from importlib import resources

_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


class MigrationError(RuntimeError):
    pass


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


def migrations(dialect: str = "sqlite") -> list[tuple[int, str, str]]:
    """(version, file name, SQL) of every shipped migration of `dialect`, in order."""
    folder = {"postgresql": "postgres"}.get(dialect, dialect)  # a Database's dialect works too
    found = []
    for entry in resources.files(f"bot.storage.migrations.{folder}").iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    found.sort()
    versions = [version for version, _, _ in found]
    if versions != list(range(1, len(found) + 1)):
        raise MigrationError(f"migrations must be numbered 1..n without gaps, found {versions}")
    return found
