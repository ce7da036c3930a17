"""Who is asking: Slack user ids -> core Members and Actors (with the admin flag).

Admins are workspace admins/owners (users.info `is_admin`/`is_owner`) or user ids listed in the
configuration. users.info answers are cached for a few minutes for names, but an admin check
(`actor`) uses an answer at most `ADMIN_TTL` seconds old: a demoted admin loses admin commands at
once. A failed users.info is never admin (unless listed in the configuration). Concurrent lookups
of one user share a single users.info call (single-flight): a burst of requests from a new member
asks Slack once.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.models import Actor, Member

if TYPE_CHECKING:
    from bot.core.service import StudyService

PLATFORM = "slack"
MEMBERS_KEPT = 50_000  # member rows remembered (an id and a name each)
ADMIN_TTL = 5.0  # seconds an admin flag may be reused for an admin command
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SlackUser:
    id: str
    display_name: str
    is_admin: bool


class UserDirectory:
    def __init__(
        self,
        client: AsyncWebClient,
        service: StudyService,
        admin_ids: frozenset[str] = frozenset(),
        ttl: float = 600.0,
    ) -> None:
        self._client = client
        self._service = service
        self._admin_ids = admin_ids
        self._ttl = ttl
        self._cache: dict[str, tuple[float, SlackUser]] = {}
        self._inflight: dict[str, asyncio.Future[SlackUser]] = {}
        # user id -> the member row as last ensured (ids never change; the name is compared)
        self._members: OrderedDict[str, Member] = OrderedDict()

    async def lookup(self, user_id: str, max_age: float | None = None) -> SlackUser:
        cached = self._cache.get(user_id)
        ttl = self._ttl if max_age is None else min(max_age, self._ttl)
        if cached and time.monotonic() - cached[0] < ttl:
            return cached[1]
        pending = self._inflight.get(user_id)  # a users.info under way is fresh enough
        if pending is None:
            pending = asyncio.ensure_future(self._fetch(user_id))
            self._inflight[user_id] = pending
            pending.add_done_callback(lambda _: self._inflight.pop(user_id, None))
        return await asyncio.shield(pending)  # one caller cancelled: the others still get it

    async def _fetch(self, user_id: str) -> SlackUser:
        try:
            info = (await self._client.users_info(user=user_id))["user"]
        except SlackApiError as error:  # unknown user or missing scope: keep going, not admin
            log.warning("users.info %s failed: %s", user_id, error.response.get("error"))
            return SlackUser(user_id, user_id, user_id in self._admin_ids)
        profile = info.get("profile") or {}
        name = (
            profile.get("display_name")
            or profile.get("real_name")
            or info.get("real_name")
            or info.get("name")
            or user_id
        )
        user = SlackUser(
            user_id,
            name,
            bool(info.get("is_admin") or info.get("is_owner")) or user_id in self._admin_ids,
        )
        self._cache[user_id] = (time.monotonic(), user)
        return user

    async def member(self, user_id: str) -> Member:
        user = await self.lookup(user_id)
        return await self._ensure(user)

    async def actor(self, user_id: str) -> Actor:
        """The member with a fresh admin flag (for admin commands)."""
        user = await self.lookup(user_id, max_age=ADMIN_TTL)
        return Actor(member=await self._ensure(user), is_admin=user.is_admin)

    async def _ensure(self, user: SlackUser) -> Member:
        """The member row for `user`, written only when it is new to this process or its name
        changed (a member's id never changes and rows are never deleted): a member answering
        again costs no database round trip."""
        known = self._members.get(user.id)
        if known is not None and known.display_name == user.display_name:
            self._members.move_to_end(user.id)
            return known
        member = await self._service.ensure_member(PLATFORM, user.id, user.display_name)
        self._members[user.id] = member
        while len(self._members) > MEMBERS_KEPT:
            self._members.popitem(last=False)
        return member
