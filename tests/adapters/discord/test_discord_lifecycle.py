"""Start-up options and core-triggered publishing (reminders), against the fake Discord."""

from __future__ import annotations

import asyncio
from pathlib import Path

import discord
import pytest
from discordenv import DiscordEnv, setup_channel
from fake_discord import FakeDiscord

from bot.adapters.discord import DiscordAdapter
from bot.bank import QuestionBank, bundled_bank_dir, load_bank
from bot.config import Config, DiscordConfig
from bot.core.service import StudyService
from bot.storage.db import open_database


async def test_reminder_from_the_core_lands_in_the_round_thread(discord_env: DiscordEnv) -> None:
    fake, service = discord_env.fake, discord_env.service
    admin = fake.new_user("admin")
    await setup_channel(fake, admin)
    post = await fake.slash("post", admin, admin=True)
    path = f"/webhooks/{fake.app_id}/{post['token']}"
    await fake.wait_for(lambda r: r.path == path)
    group = await service.find_group("discord", fake.channel["id"])
    assert group is not None
    view = await service.current_round(group.id)
    assert view is not None and view.round.thread_ref

    await service.remind(group.id)  # what the scheduler calls

    reminder = fake.bot_messages(view.round.thread_ref)[-1]
    assert reminder["content"].startswith("⏰ Reminder") and "/answer" in reminder["content"]


async def test_post_buttons_keep_working_after_a_restart(discord_env: DiscordEnv) -> None:
    fake, service = discord_env.fake, discord_env.service
    admin = fake.new_user("admin")
    await setup_channel(fake, admin)
    post = await fake.slash("post", admin, admin=True)
    await fake.wait_for(lambda r: r.path == f"/webhooks/{fake.app_id}/{post['token']}")
    post_msg = fake.bot_messages(fake.channel["id"])[0]

    await discord_env.adapter.close()  # the bot restarts: a new client, the same database
    restarted = DiscordAdapter(service, client_options={"guild_ready_timeout": 0.05})
    try:
        await restarted.start("fake-token", ready_timeout=15)
        opener = await fake.button("studybot:post:answer", fake.new_user("erin"), post_msg)
        modal = await fake.callback_of(opener)
        assert modal.json["type"] == 9  # the code question's answer form
    finally:
        await restarted.close()


async def test_sharded_client_uses_the_gateway_endpoint_and_identifies_a_shard(
    tmp_path: Path, fake_discord: FakeDiscord
) -> None:
    bank = QuestionBank(load_bank([bundled_bank_dir()]).questions[:1])
    db = await open_database(tmp_path / "study.db").open()
    service = StudyService(db, bank, _NoSandbox(), Config())
    adapter = DiscordAdapter(
        service,
        DiscordConfig(sharded=True),
        client_options={"shard_connect_timeout": 5, "guild_ready_timeout": 0.05},
    )
    try:
        await adapter.start("fake-token", ready_timeout=15)
        assert fake_discord.calls("GET", r"/gateway/bot")
        assert fake_discord.identifies[0]["shard"] == [0, 1]
        assert fake_discord.identifies[0]["intents"] == (1 << 0) | (1 << 10)  # guilds, reactions
        assert "question" in fake_discord.commands
    finally:
        await adapter.close()
        await db.close()


async def test_two_instances_each_run_their_own_shard_over_one_database(
    database_target: str, fake_discord: FakeDiscord
) -> None:
    bank = QuestionBank(load_bank([bundled_bank_dir()]).questions[:1])
    dbs = [await open_database(database_target).open() for _ in range(2)]
    adapters = [
        DiscordAdapter(
            StudyService(db, bank, _NoSandbox(), Config()),
            DiscordConfig(shard_count=2, shard_ids=(shard,)),
            client_options={"shard_connect_timeout": 5, "guild_ready_timeout": 0.05},
        )
        for shard, db in enumerate(dbs)
    ]
    try:
        for adapter in adapters:
            await adapter.start("fake-token", ready_timeout=15)
        assert sorted(identify["shard"] for identify in fake_discord.identifies) == [[0, 2], [1, 2]]
        assert [adapter.client.shard_count for adapter in adapters] == [2, 2]
        # both instances' schedulers fire for the same group at once: the database decides
        services = [adapter.service for adapter in adapters]
        group = await services[0].ensure_group("discord", fake_discord.channel["id"], "study")
        views = await asyncio.gather(*(service.post_round(group.id) for service in services))
        assert len({view.round.id for view in views}) == 1
        posts = [
            m for m in fake_discord.posted if m.get("channel_id") == fake_discord.channel["id"]
        ]
        assert len(posts) == 1, posts
    finally:
        for adapter in adapters:
            await adapter.close()
        for db in dbs:
            await db.close()


async def test_guild_sync_option_registers_commands_in_that_guild(
    tmp_path: Path, fake_discord: FakeDiscord
) -> None:
    db = await open_database(tmp_path / "study.db").open()
    service = StudyService(db, QuestionBank(), _NoSandbox(), Config())
    settings = DiscordConfig(sync_guild_id=str(fake_discord.guild_id))
    adapter = DiscordAdapter(service, settings, client_options={"guild_ready_timeout": 0.05})
    try:
        await adapter.start("fake-token", ready_timeout=15)
        [put] = fake_discord.calls("PUT", r"/applications/\d+/guilds/\d+/commands")
        assert {c["name"] for c in put.json} >= {"question", "answer", "setup", "post"}
    finally:
        await adapter.close()
        await db.close()


async def test_a_wrong_token_fails_start_up_with_a_clear_error(
    tmp_path: Path, fake_discord: FakeDiscord
) -> None:
    db = await open_database(tmp_path / "study.db").open()
    adapter = DiscordAdapter(StudyService(db, QuestionBank(), _NoSandbox(), Config()))
    try:
        with pytest.raises(discord.LoginFailure):
            await adapter.start("not-the-token", ready_timeout=15)
    finally:
        await adapter.close()
        await db.close()


class _NoSandbox:
    async def start(self) -> None: ...

    async def close(self) -> None: ...

    async def run(self, code: str, *, member: str | None = None):
        raise AssertionError("not used")

    async def grade(self, code, spec, *, member=None):
        raise AssertionError("not used")
