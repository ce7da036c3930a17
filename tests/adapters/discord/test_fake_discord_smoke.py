"""The fake Discord speaks enough of the protocol for the real discord.py client."""

from __future__ import annotations

import asyncio

import discord
from discord import app_commands
from fake_discord import FakeDiscord


async def test_real_client_connects_and_answers_a_slash_command(fake_discord: FakeDiscord) -> None:
    client = discord.Client(intents=discord.Intents.none(), guild_ready_timeout=0.1)
    tree = app_commands.CommandTree(client)
    ready = asyncio.Event()

    @tree.command(name="ping", description="Reply with pong")
    async def ping(interaction: discord.Interaction, word: str = "pong") -> None:
        await interaction.response.send_message(word, ephemeral=True)

    @client.event
    async def on_ready() -> None:
        await tree.sync()
        ready.set()

    task = asyncio.create_task(client.start("fake-token"))
    try:
        await asyncio.wait_for(ready.wait(), 10)
        assert client.user is not None and client.user.id == fake_discord.app_id
        assert [g.id for g in client.guilds] == [fake_discord.guild_id]
        assert fake_discord.identifies[0]["token"] == "fake-token"
        assert fake_discord.heartbeats >= 1
        assert "ping" in fake_discord.commands

        user = fake_discord.new_user("alice")
        interaction = await fake_discord.slash("ping", user, {"word": "hello"})
        callback = await fake_discord.callback_of(interaction)
        assert callback.json["type"] == 4
        assert callback.json["data"]["content"] == "hello"
        assert callback.flags == 64
    finally:
        await client.close()
        await asyncio.wait_for(task, 10)
