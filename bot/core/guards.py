"""What stands between a platform request and the core's work: idempotency, rate limits, signed
round-trip data, and the names members have in each group.

    guards = service.guards
    if not await guards.first_time("slack:event:Ev123"): return      # a retry or a replay
    guards.check_rate(Action.ANSWER, "slack:U123")                    # RateLimited
    signer = await guards.signer()                                    # HMAC for modal metadata
    await guards.remember_name(group.id, member, "nick in this server")

Adapters call these at their boundary, before any other work; the core stays platform-neutral.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import replace
from datetime import timedelta
from typing import TypeVar

from bot.core.limits import Action, RateLimiter
from bot.core.models import Member
from bot.core.ports import Clock
from bot.core.signing import Signer
from bot.storage.db import Database
from bot.storage.keys import signing_key
from bot.storage.names import NameRepository
from bot.storage.requests import REQUEST_TTL, RequestLog

NAME_CACHE = 10_000
T = TypeVar("T")


class Guards:
    def __init__(self, db: Database, limits: object, clock: Clock) -> None:
        self.db, self.clock = db, clock
        self.requests = RequestLog(db)
        self.names = NameRepository(db)
        self.limiter = RateLimiter.from_config(limits)
        self._signer: Signer | None = None
        self._signer_lock = asyncio.Lock()
        self._known_names: OrderedDict[tuple[int, int], str] = OrderedDict()

    async def first_time(self, *keys: str, ttl: timedelta = REQUEST_TTL) -> bool:
        """True for the first request carrying any of `keys` (persisted, so other processes on
        the database agree); False for a retry or a replay of one already handled."""
        return await self.requests.claim(keys, self.clock.now(), ttl)

    def check_rate(self, action: Action, key: str) -> None:
        """Raise RateLimited when `key` (a platform user) does `action` too often."""
        self.limiter.check(action, key)

    def signer_if_loaded(self) -> Signer | None:
        """The signer if `signer()` has loaded it already (no database work)."""
        return self._signer

    async def signer(self) -> Signer:
        if self._signer is None:
            async with self._signer_lock:
                if self._signer is None:
                    self._signer = Signer(await signing_key(self.db, self.clock.now()))
        return self._signer

    async def remember_name(self, group_id: int, member: Member, name: str) -> None:
        """The member's name in this group (e.g. a Discord server nickname); written only
        when it changed."""
        name = name.strip()
        if not name:
            return
        key = (group_id, member.id)
        if self._known_names.get(key) == name:
            return
        await self.names.remember(group_id, member.id, name)
        self._known_names[key] = name
        self._known_names.move_to_end(key)
        while len(self._known_names) > NAME_CACHE:
            self._known_names.popitem(last=False)

    async def name_map(self, group_id: int, members: Iterable[Member]) -> dict[int, str]:
        return await self.names.for_group(group_id, (m.id for m in members))


def renamed(member: Member, names: dict[int, str]) -> Member:
    """`member` with the name its group knows it by (when it has one)."""
    name = names.get(member.id)
    return replace(member, display_name=name) if name and name != member.display_name else member
