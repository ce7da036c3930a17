"""What every Slack listener needs: the service, the Web API client, users and thread tracking."""

from __future__ import annotations

import logging
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack.users import PLATFORM, UserDirectory
from bot.core.errors import StudyError
from bot.core.models import Group
from bot.core.service import StudyService

log = logging.getLogger(__name__)


@dataclass
class ThreadIndex:
    """Recently seen thread replies: (channel, ts) -> (thread_ts, author), bounded LRU."""

    capacity: int = 10_000
    _items: OrderedDict[tuple[str, str], tuple[str, str]] = field(default_factory=OrderedDict)

    def add(self, channel: str, ts: str, thread_ts: str, user: str) -> None:
        self._items[(channel, ts)] = (thread_ts, user)
        self._items.move_to_end((channel, ts))
        while len(self._items) > self.capacity:
            self._items.popitem(last=False)

    def get(self, channel: str, ts: str) -> tuple[str, str] | None:
        return self._items.get((channel, ts))


@dataclass
class Runtime:
    service: StudyService
    client: AsyncWebClient
    users: UserDirectory
    threads: ThreadIndex = field(default_factory=ThreadIndex)

    async def group_for(self, channel: str) -> Group:
        """The study group of `channel`; in a DM with the app, the only Slack group if there is one."""
        group = await self.service.find_group(PLATFORM, channel)
        if group is not None:
            return group
        groups = [g for g in await self.service.list_groups() if g.platform == PLATFORM]
        if channel.startswith("D") and len(groups) == 1:
            return groups[0]
        raise StudyError(
            "This channel has no study group yet. An admin can run `/study setup` here."
        )

    async def join(self, channel: str) -> None:
        """Join a public channel so the bot can post there (private ones need an /invite)."""
        try:
            await self.client.conversations_join(channel=channel)
        except SlackApiError as error:
            log.info("conversations.join %s: %s", channel, error.response.get("error"))

    async def tell(self, user: str, channel: str, text: str, **extra: Any) -> None:
        """An ephemeral message to `user` in `channel`, or a DM when that is not possible."""
        try:
            await self.client.chat_postEphemeral(channel=channel, user=user, text=text, **extra)
        except SlackApiError as error:
            log.info("postEphemeral in %s failed (%s); sending a DM", channel, error)
            await self.client.chat_postMessage(channel=user, text=text, **extra)

    async def reply_author(self, channel: str, thread_ts: str, ts: str) -> str | None:
        """The author of reply `ts` if it is a reply in thread `thread_ts` (not the post itself)."""
        if ts == thread_ts:
            return None
        known = self.threads.get(channel, ts)
        if known is not None:
            return known[1] if known[0] == thread_ts else None
        try:
            page = await self.client.conversations_replies(
                channel=channel, ts=thread_ts, oldest=ts, latest=ts, inclusive=True, limit=5
            )
        except SlackApiError as error:
            log.info("conversations.replies failed: %s", error.response.get("error"))
            return None
        for message in page.get("messages", []):
            if message.get("ts") == ts and message.get("thread_ts") == thread_ts:
                user = message.get("user")
                if user:
                    self.threads.add(channel, ts, thread_ts, user)
                return user
        return None
