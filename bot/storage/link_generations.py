"""Generations of the web pages' signed links (bot.web.links), kept in the bot_keys table
(migration 0005) under names like "web-gen:GROUP" and "web-gen:GROUP:MEMBER".

A generation is a counter stored as its decimal text (bytes on both backends: bot_keys.value is
BLOB in SQLite, bytea in PostgreSQL); a missing row is generation 0. Revoking bumps it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.storage.db import Database, Transaction
from bot.storage.timeutil import to_db


def _number(value: bytes | memoryview | str | None) -> int:
    if value is None:
        return 0
    text = bytes(value).decode() if isinstance(value, bytes | memoryview) else str(value)
    return int(text or 0)


class LinkGenerations:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def get(self, names: Sequence[str]) -> list[int]:
        """The generation of each name, in order (0 for one never bumped)."""
        if not names:
            return []
        marks = ",".join("?" * len(names))
        rows = await self.db.fetchall(
            f"SELECT name, value FROM bot_keys WHERE name IN ({marks})", tuple(names)
        )
        found = {row["name"]: _number(row["value"]) for row in rows}
        return [found.get(name, 0) for name in names]

    async def bump(self, name: str, now: datetime) -> int:
        """Add one to the generation of `name`; the new generation."""

        async def work(tx: Transaction) -> int:
            current = _number(
                await tx.fetchval("SELECT value FROM bot_keys WHERE name = ?", (name,))
            )
            new = current + 1
            await tx.execute(
                "INSERT INTO bot_keys (name, value, created_at) VALUES (?, ?, ?)"
                " ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                (name, str(new).encode(), to_db(now)),
            )
            return new

        return await self.db.write(work)
