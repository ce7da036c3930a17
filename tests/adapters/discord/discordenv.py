"""The stack the Discord tests drive (fake Discord, real service, adapter; built in conftest)
and shared steps."""

from __future__ import annotations

from dataclasses import dataclass

from fake_discord import FakeDiscord

from bot.adapters.discord import DiscordAdapter
from bot.core.service import StudyService


@dataclass
class DiscordEnv:
    fake: FakeDiscord
    service: StudyService
    adapter: DiscordAdapter


async def post_round(fake: FakeDiscord) -> dict:
    """An admin sets up the fake's channel and posts; returns the daily post message."""
    admin = fake.new_user("admin")
    await fake.callback_of(await fake.slash("setup", admin, admin=True))
    post = await fake.slash("post", admin, admin=True)
    path = f"/webhooks/{fake.app_id}/{post['token']}"
    await fake.wait_for(lambda r: r.method == "POST" and r.path == path)
    return fake.bot_messages(fake.channel["id"])[0]
