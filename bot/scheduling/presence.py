"""Is any other bot process using this database? Leases in the database tell, across hosts.

Every scheduler holds a lease row (`bot.storage.instances`) while it runs and renews it every
third of its length. At start-up, if no other live lease exists, no other bot process is running on
this database, so a round left in 'posting' is certainly orphaned (its process died) and can be
reconciled at once instead of after the posting timeout. A lease of a dead process on this host
(its pid is gone) is dropped at once; one on another host runs out after `lease_seconds`.
Either way the take-over itself is a conditional update, so at most one process wins it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
import socket
from datetime import UTC, datetime

from bot.storage.db import Database
from bot.storage.instances import Instance, InstanceRepository, lease_until

log = logging.getLogger("bot.scheduling")

LEASE_SECONDS = 30.0


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: it exists
        return True
    return True


class Presence:
    """This process's lease on the shared database."""

    def __init__(self, db: Database | None, *, lease_seconds: float = LEASE_SECONDS) -> None:
        self.repo = InstanceRepository(db) if db is not None else None
        self.lease_seconds = lease_seconds
        self.host = socket.gethostname()
        self.id = f"{self.host}:{os.getpid()}:{secrets.token_hex(4)}"
        self._renewer: asyncio.Task[None] | None = None

    async def join(self) -> bool:
        """Take a lease from now on; True if no other live process held one when we came."""
        if self.repo is None or self._renewer is not None:
            return False
        now = _utc_now()
        for other in await self.repo.live(now):
            if other.host == self.host and not _process_exists(other.pid):
                await self.repo.drop(other)  # died here without leaving (SIGKILL, power loss)
        alone = await self.repo.join(self._lease(now), now)
        self._renewer = asyncio.create_task(self._renew_forever(), name="studybot-lease")
        return alone

    def _lease(self, now: datetime) -> Instance:
        """This process's lease, taken at `now`."""
        return Instance(self.id, self.host, os.getpid(), now, lease_until(now, self.lease_seconds))

    async def _renew_forever(self) -> None:
        assert self.repo is not None
        while True:
            await asyncio.sleep(self.lease_seconds / 3)
            try:
                if not await self.repo.renew(self.id, lease_until(_utc_now(), self.lease_seconds)):
                    log.warning("our lease on the database had run out; taking a new one")
                    now = _utc_now()
                    await self.repo.join(self._lease(now), now)
            except Exception:  # the database is briefly unreachable: try again next time
                log.warning("could not renew this process's lease", exc_info=True)

    async def leave(self) -> None:
        if self._renewer is None or self.repo is None:
            return
        self._renewer.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._renewer
        self._renewer = None
        with contextlib.suppress(Exception):
            await self.repo.leave(self.id)
