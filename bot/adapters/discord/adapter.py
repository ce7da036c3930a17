"""The Discord adapter: a discord.py client wired to `StudyService`.

    adapter = DiscordAdapter(service, config.discord)
    await adapter.start(token)   # returns once connected and READY; runs in the background
    ...
    await adapter.close()

Intents are minimal (guilds + guild reactions; no message content): everything members do goes
through slash commands, buttons, modals and 👍 reactions.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

import discord

from bot.adapters.discord import commands, components, practice
from bot.adapters.discord.handlers import Handlers
from bot.adapters.discord.publisher import DiscordPublisher
from bot.config import DiscordConfig
from bot.core.service import StudyService

log = logging.getLogger(__name__)


def intents() -> discord.Intents:
    wanted = discord.Intents.none()
    wanted.guilds = True  # channels, threads and permissions cache
    wanted.guild_reactions = True  # 👍 votes in discussion threads
    return wanted


class DiscordAdapter:
    def __init__(
        self,
        service: StudyService,
        settings: DiscordConfig | None = None,
        *,
        client_options: dict[str, Any] | None = None,
    ) -> None:
        """`client_options` are passed to the discord.py client (tests shorten timeouts)."""
        self.service = service
        self.settings = settings or DiscordConfig()
        options = dict(client_options or {})
        if self.settings.shard_count:  # this process runs these shards of the whole bot
            options.update(
                shard_count=self.settings.shard_count, shard_ids=list(self.settings.shard_ids)
            )
        sharded = self.settings.sharded or bool(self.settings.shard_count)
        cls = discord.AutoShardedClient if sharded else discord.Client
        self.client: discord.Client = cls(intents=intents(), **options)
        self.handlers = Handlers(service)
        self.client.studybot_handlers = self.handlers  # type: ignore[attr-defined]
        self.tree = commands.StudyTree(self.client)
        commands.register(self.tree, self.handlers)
        self.publisher = DiscordPublisher(self.client, service)
        service.register_publisher(self.publisher)
        self.client.setup_hook = self._setup_hook  # type: ignore[method-assign]
        self.client.event(self.on_raw_reaction_add)
        self.client.event(self.on_raw_reaction_remove)
        self._task: asyncio.Task[None] | None = None

    async def _setup_hook(self) -> None:
        self.client.add_dynamic_items(*components.DYNAMIC_ITEMS, *practice.DYNAMIC_ITEMS)
        if self.settings.sync_guild_id:
            guild = discord.Object(id=int(self.settings.sync_guild_id))
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
        else:
            synced = await self.tree.sync()
        log.info("discord: %d slash commands synced", len(synced))

    async def on_raw_reaction_add(self, event: discord.RawReactionActionEvent) -> None:
        try:
            await self.handlers.vote(self.client, event)
        except Exception:
            log.exception(
                "discord: vote failed (user=%s channel=%s message=%s)",
                event.user_id,
                event.channel_id,
                event.message_id,
            )

    async def on_raw_reaction_remove(self, event: discord.RawReactionActionEvent) -> None:
        try:
            await self.handlers.unvote(self.client, event)
        except Exception:
            log.exception(
                "discord: vote removal failed (user=%s channel=%s message=%s)",
                event.user_id,
                event.channel_id,
                event.message_id,
            )

    async def start(self, token: str, *, ready_timeout: float = 60.0) -> None:
        """Log in and connect in the background; return when the client is READY."""
        self._task = asyncio.create_task(self.client.start(token), name="discord-client")
        ready = asyncio.create_task(self.client.wait_until_ready())
        done, _ = await asyncio.wait(
            {self._task, ready}, timeout=ready_timeout, return_when=asyncio.FIRST_COMPLETED
        )
        if ready not in done:
            ready.cancel()
            if self._task in done:
                self._task.result()  # re-raise the login/connection error (e.g. a bad token)
            raise TimeoutError("Discord did not become ready in time")

    async def wait_closed(self) -> None:
        if self._task is not None:
            await self._task

    async def close(self) -> None:
        await self.client.close()
        if self._task is not None:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await asyncio.wait_for(self._task, 10)


async def start_discord(
    service: StudyService, token: str, settings: DiscordConfig | None = None
) -> DiscordAdapter:
    adapter = DiscordAdapter(service, settings)
    await adapter.start(token)
    return adapter
