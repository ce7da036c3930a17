"""Who is in which channel, as Slack says: every read and write of a group is scoped to the
members of its channel.

`users.conversations(user=U, types=public_channel,private_channel)` lists the channels a user is
in (private ones only when the bot is in them too, which it is in every group's channel). The
answer is cached for `ttl` seconds per user (30 s by default), so someone removed from a channel
loses access within that time; a channel missing from the cached answer is asked again (the user
may have just joined). A failed lookup is not cached and fails closed: no channels. Concurrent
lookups of one user share a single users.conversations walk (single-flight); a `fresh` lookup
joins one under way too (it started at most one call ago).

Checking one channel (`is_member`, `require`) asks the channel first: its member list
(`conversations.members`, cached for `ttl` like the above, one walk at a time per channel) covers
a whole burst of answers in a group's channel with one call instead of one per member. Someone
not on the cached list (they may have just joined), or a channel too large to list, is asked
about per user as above, so the answer is the same; only the number of calls differs.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.errors import NotAMember

log = logging.getLogger(__name__)
TYPES = "public_channel,private_channel"
MAX_PAGES = 20  # 20 x 1,000 channels
ROSTER_PAGES = 50  # a channel's member list: 50 x 1,000 members at most, else asked per user
CACHE_USERS = 5_000
CACHE_CHANNELS = 1_000
UNCHECKED = (
    "I could not check with Slack that you are a member of this channel; try again in a moment."
)


class Membership:
    def __init__(self, client: AsyncWebClient, ttl: float = 30.0) -> None:
        self._client = client
        self._ttl = ttl
        self._cache: OrderedDict[str, tuple[float, frozenset[str]]] = OrderedDict()
        self._inflight: dict[str, asyncio.Future[frozenset[str] | None]] = {}
        self._rosters: OrderedDict[str, tuple[float, frozenset[str] | None]] = OrderedDict()
        self._roster_inflight: dict[str, asyncio.Future[frozenset[str] | None]] = {}

    async def roster(self, channel: str) -> frozenset[str] | None:
        """The members of `channel` (None: too many to list, or Slack could not be asked).
        A list older than half its `ttl` is walked again in the background while it is still
        served, so a busy channel's list never expires under its members' clicks (a burst
        would all wait for the walk, and the forms opened from memory would stop meanwhile)."""
        cached = self._rosters.get(channel)
        age = time.monotonic() - cached[0] if cached else self._ttl
        if cached and age < self._ttl:
            if age > self._ttl / 2:
                self._walk(channel)  # refreshed ahead of time; this caller is not kept waiting
            return cached[1]
        return await asyncio.shield(self._walk(channel))

    def _walk(self, channel: str) -> asyncio.Future[frozenset[str] | None]:
        """The walk of `channel`'s member list under way, started if there is none."""
        pending = self._roster_inflight.get(channel)
        if pending is None:
            pending = asyncio.ensure_future(self._fetch_roster(channel))
            self._roster_inflight[channel] = pending
            pending.add_done_callback(lambda _: self._roster_inflight.pop(channel, None))
        return pending

    async def _fetch_roster(self, channel: str) -> frozenset[str] | None:
        found: set[str] = set()
        cursor = None
        members: frozenset[str] | None = None
        try:
            for _ in range(ROSTER_PAGES):
                page = await self._client.conversations_members(
                    channel=channel, limit=1000, cursor=cursor
                )
                found |= {str(m) for m in page.get("members") or []}
                cursor = (page.get("response_metadata") or {}).get("next_cursor")
                if not cursor:
                    members = frozenset(found)
                    break
        except SlackApiError as error:
            log.info("conversations.members %s failed: %s", channel, error.response.get("error"))
        except Exception:
            log.exception("conversations.members %s failed", channel)
        # too large (or failed): remembered as None for `ttl` too, so members are asked per user
        self._rosters[channel] = (time.monotonic(), members)
        self._rosters.move_to_end(channel)
        while len(self._rosters) > CACHE_CHANNELS:
            self._rosters.popitem(last=False)
        return members

    async def channels_of(self, user: str, *, fresh: bool = False) -> frozenset[str] | None:
        """The channels `user` is in (None when Slack could not be asked)."""
        cached = self._cache.get(user)
        if cached and not fresh and time.monotonic() - cached[0] < self._ttl:
            return cached[1]
        pending = self._inflight.get(user)
        if pending is None:
            pending = asyncio.ensure_future(self._fetch(user))
            self._inflight[user] = pending
            pending.add_done_callback(lambda _: self._inflight.pop(user, None))
        return await asyncio.shield(pending)  # one caller cancelled: the others still get it

    async def _fetch(self, user: str) -> frozenset[str] | None:
        found: set[str] = set()
        cursor = None
        try:
            for _ in range(MAX_PAGES):
                page = await self._client.users_conversations(
                    user=user, types=TYPES, exclude_archived=True, limit=1000, cursor=cursor
                )
                found |= {str(c.get("id")) for c in page.get("channels") or []}
                cursor = (page.get("response_metadata") or {}).get("next_cursor")
                if not cursor:
                    break
        except SlackApiError as error:
            log.warning("users.conversations for %s failed: %s", user, error.response.get("error"))
            return None
        except Exception:
            log.exception("users.conversations for %s failed", user)
            return None
        channels = frozenset(found)
        self._cache[user] = (time.monotonic(), channels)
        self._cache.move_to_end(user)
        while len(self._cache) > CACHE_USERS:
            self._cache.popitem(last=False)
        return channels

    async def _channels_with(self, user: str, channel: str) -> frozenset[str] | None:
        channels = await self.channels_of(user)
        if channels is not None and channel not in channels:
            channels = await self.channels_of(user, fresh=True)
        return channels

    async def _on_roster(self, user: str, channel: str) -> bool:
        members = await self.roster(channel)
        return members is not None and user in members

    def known_member(self, user: str, channel: str) -> bool:
        """Whether what is cached (and fresh) already says `user` is in `channel`: no Web API
        call (False also when nothing is known)."""
        now = time.monotonic()
        roster = self._rosters.get(channel)
        if roster and roster[1] is not None and now - roster[0] < self._ttl and user in roster[1]:
            return True
        cached = self._cache.get(user)
        return bool(cached and now - cached[0] < self._ttl and channel in cached[1])

    async def is_member(self, user: str, channel: str) -> bool:
        if await self._on_roster(user, channel):
            return True
        channels = await self._channels_with(user, channel)
        return channels is not None and channel in channels

    async def require(self, user: str, channel: str) -> None:
        """NotAMember unless Slack says `user` is in `channel` (also when it cannot be asked)."""
        if await self._on_roster(user, channel):
            return
        channels = await self._channels_with(user, channel)
        if channels is None:
            raise NotAMember(UNCHECKED)
        if channel not in channels:
            raise NotAMember()

    def forget(self, user: str) -> None:
        self._cache.pop(user, None)
