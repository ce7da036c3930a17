"""Who is asking: Slack user ids -> core Members and Actors (with the admin flag).

`member` (answers, votes, boards) never waits on users.info: a member this process has seen is
remembered; one stored before is read from the members table with its stored name; a new one is
stored at once with the name the request carries (a slash command's `user_name`, an interactive
payload's `user.username`/`user.name`, else the user id). The member's display name is then
fetched in the background (bot.adapters.slack.refresher, rate-limited well under users.info's
Tier 4) and saved through `StudyService.ensure_member`; so are names last checked over
`NAME_TTL` seconds ago. Concurrent first requests of one member share one database read/write.

Admins are workspace admins/owners (users.info `is_admin`/`is_owner`) or user ids listed in the
configuration. An admin check (`actor`, admin commands only) uses a users.info answer at most
`ADMIN_TTL` seconds old: a demoted admin loses admin commands at once. A failed users.info is
never admin (unless listed in the configuration). Concurrent lookups of one user share a single
users.info call (single-flight).
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

from bot.adapters.slack.refresher import NameRefresher
from bot.core.models import Actor, Member

if TYPE_CHECKING:
    from bot.core.service import StudyService

PLATFORM = "slack"
MEMBERS_KEPT = 50_000  # member rows remembered (an id and a name each)
ADMIN_TTL = 5.0  # seconds an admin flag may be reused for an admin command
NAME_TTL = 24 * 3600.0  # seconds before a seen member's display name is fetched again
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
        refresh_client: AsyncWebClient | None = None,
    ) -> None:
        self._client = client
        self._service = service
        self._admin_ids = admin_ids
        self._ttl = ttl
        self._cache: dict[str, tuple[float, SlackUser]] = {}
        self._inflight: dict[str, asyncio.Future[SlackUser]] = {}
        # user id -> the member row as last ensured (ids never change; the name is compared)
        self._members: OrderedDict[str, Member] = OrderedDict()
        self._loading: dict[str, asyncio.Future[Member]] = {}  # first reads of a member
        self._checked: dict[str, float] = {}  # user id -> when users.info last named them
        # users.info for names, in the background (a client that does not retry 429s itself)
        self.refresher = NameRefresher(refresh_client or client, self._refreshed)

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
        return self._remember(user_id, info)

    def _remember(self, user_id: str, info: dict) -> SlackUser:
        """A users.info answer as a SlackUser, cached (for `lookup`)."""
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
        now = time.monotonic()
        self._cache[user_id] = (now, user)
        self._checked[user_id] = now
        return user

    async def _refreshed(self, user_id: str, info: dict) -> None:
        """The refresher's users.info answer: save the display name if it changed."""
        await self._ensure(self._remember(user_id, info))

    async def member(self, user_id: str, name: str | None = None) -> Member:
        """The member row of `user_id` without asking Slack (see the module's docstring);
        `name` is what the request says the user is called (for a member new to the bot)."""
        known = self._members.get(user_id)
        if known is not None:
            self._members.move_to_end(user_id)
            checked = self._checked.get(user_id)
            if checked is None or time.monotonic() - checked > NAME_TTL:
                self.refresher.add(user_id)
            return known
        pending = self._loading.get(user_id)
        if pending is None:
            pending = asyncio.ensure_future(self._load(user_id, name))
            self._loading[user_id] = pending
            pending.add_done_callback(lambda _: self._loading.pop(user_id, None))
        return await asyncio.shield(pending)

    async def _load(self, user_id: str, name: str | None) -> Member:
        """A member new to this process: the stored row, else one stored now (and named by the
        refresher later)."""
        member = await self._service.find_member(PLATFORM, user_id)
        if member is None:
            name = (name or "").strip() or user_id
            member = await self._service.ensure_member(PLATFORM, user_id, name)
            self.refresher.add(user_id, new=True)
        elif user_id not in self._checked:
            self.refresher.add(user_id)  # stored before: its name may have changed since
        self._keep(member)
        return member

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
        self._keep(member)
        return member

    def _keep(self, member: Member) -> None:
        self._members[member.external_id] = member
        self._members.move_to_end(member.external_id)
        while len(self._members) > MEMBERS_KEPT:
            gone, _ = self._members.popitem(last=False)
            self._checked.pop(gone, None)
