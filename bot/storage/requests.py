"""Processed platform requests, so a retried or replayed request is handled once (migration 0005).

A request is known by one or more keys (a Slack event id, a hash of a signed body and its
timestamp, a trigger id, a Discord interaction id). `claim` inserts them all inside one write
transaction unless one of them is already there and not expired: exactly one caller, across
processes sharing the database, gets True for a request. Expired keys are purged as it goes.
`claim_in` does the same inside another write: an answer and its request are stored together.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from bot.storage.db import Database, Transaction
from bot.storage.timeutil import to_db

PURGE_EVERY = 200  # claims between two sweeps of expired keys
REQUEST_TTL = timedelta(hours=2)  # longer than any platform's retries and replay window


class RequestLog:
    def __init__(self, db: Database) -> None:
        self.db = db
        self._claims = 0

    async def claim(self, keys: Sequence[str], now: datetime, ttl: timedelta) -> bool:
        """True if none of `keys` was claimed before (they are now, until now + ttl); False
        for a request already handled (a retry or a replay). Without keys: always True."""
        keys = [key for key in dict.fromkeys(keys) if key]
        if not keys:
            return True
        self._claims += 1
        purge = self._claims % PURGE_EVERY == 1
        at, expires = to_db(now) or "", to_db(now + ttl) or ""

        async def work(tx: Transaction) -> bool:
            return await _claim(tx, keys, at, expires, purge)

        return await self.db.write(work)

    async def count(self) -> int:
        row = await self.db.fetchone("SELECT COUNT(*) FROM processed_requests")
        return int(row[0]) if row else 0


async def claim_in(
    tx: Transaction, keys: Sequence[str], now: datetime, ttl: timedelta = REQUEST_TTL
) -> bool:
    """`RequestLog.claim` inside another write (e.g. the answer the request carries), so the
    request is recorded as handled if and only if its work is stored."""
    unique = [key for key in dict.fromkeys(keys) if key]
    if not unique:
        return True
    return await _claim(tx, unique, to_db(now) or "", to_db(now + ttl) or "", False)


async def _claim(tx: Transaction, keys: list[str], now: str, expires: str, purge: bool) -> bool:
    marks = ", ".join("?" * len(keys))
    if purge:
        await tx.execute("DELETE FROM processed_requests WHERE expires_at <= ?", (now,))
    else:
        await tx.execute(
            f"DELETE FROM processed_requests WHERE key IN ({marks}) AND expires_at <= ?",
            (*keys, now),
        )
    seen = await tx.fetchone(
        f"SELECT 1 FROM processed_requests WHERE key IN ({marks}) LIMIT 1", keys
    )
    if seen is not None:
        return False
    await tx.executemany(
        "INSERT INTO processed_requests (key, expires_at) VALUES (?, ?)",
        [(key, expires) for key in keys],
    )
    return True
