"""The stack the Discord tests drive (fake Discord, real service, adapter; built in conftest)
and shared steps."""

from __future__ import annotations

from dataclasses import dataclass

from fake_discord import FakeDiscord, Recorded

from bot.adapters.discord import DiscordAdapter
from bot.core.service import StudyService


@dataclass
class DiscordEnv:
    fake: FakeDiscord
    service: StudyService
    adapter: DiscordAdapter


async def setup_channel(fake: FakeDiscord, admin: dict, options: dict | None = None) -> Recorded:
    """An admin runs /setup in the fake's channel; returns its reply, a follow-up of the deferred
    response (sent once the group is saved)."""
    setup = await fake.slash("setup", admin, options, admin=True)
    deferred = await fake.callback_of(setup)
    assert deferred.json["type"] == 5, "/setup defers first"
    path = f"/webhooks/{fake.app_id}/{setup['token']}"
    return await fake.wait_for(lambda r: r.method == "POST" and r.path == path)


async def post_round(fake: FakeDiscord) -> dict:
    """An admin sets up the fake's channel and posts; returns the daily post message."""
    admin = fake.new_user("admin")
    await setup_channel(fake, admin)
    post = await fake.slash("post", admin, admin=True)
    path = f"/webhooks/{fake.app_id}/{post['token']}"
    await fake.wait_for(lambda r: r.method == "POST" and r.path == path)
    return fake.bot_messages(fake.channel["id"])[0]
