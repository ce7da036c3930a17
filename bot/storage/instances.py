"""Leases of the bot processes sharing one database (any host, either backend).

Each running scheduler holds a row it renews well before it expires. A row whose lease has run
out belongs to a process that is gone (or cut off for longer than the lease); a row of this host
whose pid no longer exists is gone at once. Instants are each host's UTC wall clock, so hosts'
clocks must agree to well within the lease (NTP does that).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.storage.db import Database, Transaction
from bot.storage.timeutil import from_db, to_db


@dataclass(frozen=True)
class Instance:
    id: str
    host: str
    pid: int
    started_at: datetime
    expires_at: datetime


class InstanceRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def join(self, me: Instance, now: datetime) -> bool:
        """Take a lease for `me`; True when no other live process holds one (we are alone).
        Expired leases are dropped on the way."""

        async def work(tx: Transaction) -> bool:
            await tx.execute("DELETE FROM instances WHERE expires_at <= ?", (to_db(now),))
            await tx.execute(
                "INSERT INTO instances (id, host, pid, started_at, expires_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (me.id, me.host, me.pid, to_db(me.started_at), to_db(me.expires_at)),
            )
            others = await tx.fetchval("SELECT COUNT(*) FROM instances WHERE id <> ?", (me.id,))
            return int(others) == 0

        return await self.db.write(work)

    async def renew(self, instance_id: str, until: datetime) -> bool:
        """Extend a lease; False when it was dropped meanwhile (it had expired)."""
        changed = await self.db.execute(
            "UPDATE instances SET expires_at = ? WHERE id = ?", (to_db(until), instance_id)
        )
        return changed == 1

    async def leave(self, instance_id: str) -> None:
        await self.db.execute("DELETE FROM instances WHERE id = ?", (instance_id,))

    async def live(self, now: datetime) -> list[Instance]:
        rows = await self.db.fetchall(
            "SELECT id, host, pid, started_at, expires_at FROM instances WHERE expires_at > ?"
            " ORDER BY started_at",
            (to_db(now),),
        )
        return [
            Instance(
                row["id"],
                row["host"],
                int(row["pid"]),
                from_db(row["started_at"]),
                from_db(row["expires_at"]),
            )
            for row in rows
        ]

    async def drop(self, instance: Instance) -> None:
        """Remove a lease known to be dead (its process is gone), unless it was renewed since."""
        await self.db.execute(
            "DELETE FROM instances WHERE id = ? AND expires_at = ?",
            (instance.id, to_db(instance.expires_at)),
        )


def lease_until(now: datetime, seconds: float) -> datetime:
    return now + timedelta(seconds=seconds)
