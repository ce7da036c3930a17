"""Crafted Discord interactions and reactions through the real discord.py client: a replayed
interaction is handled once, a channel of another guild is refused, server nicknames stay in
their server, every 👍 skin tone counts, and one voter's 👍s for one author count once."""

from __future__ import annotations

import asyncio

import fake_payloads as P
import pytest
from discordenv import DiscordEnv, post_round, setup_channel
from fake_discord import FakeDiscord
from test_discord_votes import eventually

from bot.core.service import StudyService

CODE = "def total(n):\n    return n * (n + 1) // 2\n"


async def count(service: StudyService, table: str) -> int:
    row = await service.db.fetchone(f"SELECT COUNT(*) FROM {table}")
    return int(row[0])


async def settle(fake: FakeDiscord) -> None:
    probe = await fake.slash("help", fake.new_user("probe"))
    await fake.callback_of(probe)
    await asyncio.sleep(0.3)


async def test_a_replayed_code_answer_is_stored_and_run_once(
    discord_env: DiscordEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake, service = discord_env.fake, discord_env.service
    grades = []
    real = service.sandbox.grade

    async def grade(*args, **kwargs):
        grades.append(args)
        return await real(*args, **kwargs)

    monkeypatch.setattr(service.sandbox, "grade", grade)
    await post_round(fake)
    alice = fake.new_user("alice")
    opened = await fake.callback_of(await fake.slash("answer", alice))
    submitted = await fake.fill_modal(opened, alice, CODE)
    for _ in range(2):  # the very same interaction again (e.g. replayed on a gateway resume)
        await fake.dispatch("INTERACTION_CREATE", submitted)
    await fake.callback_of(submitted)
    await settle(fake)
    path = f"/interactions/{submitted['id']}/{submitted['token']}/callback"
    assert len([r for r in fake.requests if r.path == path]) == 1
    assert len(grades) == 1 and await count(service, "submissions") == 1


async def test_a_channel_of_another_guild_is_refused(discord_env: DiscordEnv) -> None:
    fake, service = discord_env.fake, discord_env.service
    await post_round(fake)
    mallory = fake.new_user("mallory")
    other_guild = P.snowflake()
    for name in ("stats", "leaderboard", "question"):
        payload = P.interaction(
            kind=2, app_id=fake.app_id, guild_id=other_guild, channel=fake.channel,
            invoker=mallory, permissions=P.ADMIN_PERMISSIONS,
            data={"id": fake.commands[name]["id"], "name": name, "type": 1, "options": []},
        )  # fmt: skip
        await fake.dispatch("INTERACTION_CREATE", payload)
        reply = await fake.callback_of(payload)
        assert "no study group" in reply.json["data"]["content"], reply.json
    assert await service.find_member("discord", mallory["id"]) is None


async def test_a_server_nickname_stays_in_its_server(discord_env: DiscordEnv) -> None:
    fake, service = discord_env.fake, discord_env.service
    await post_round(fake)
    # a second server with its own study channel
    guild_b, admin_b = P.snowflake(), fake.new_user("admin-b")
    channel_b = P.text_channel(P.snowflake(), guild_b, "study-b")
    fake.channels[channel_b["id"]] = channel_b
    bot_member = P.member(fake.bot_user)
    await fake.dispatch("GUILD_CREATE", P.guild(guild_b, "B", int(admin_b["id"]), [channel_b],
                                                [bot_member]))  # fmt: skip
    xavier = fake.new_user("xavier")

    async def slash_in(guild: int, channel: dict, name: str, user: dict, nick: str | None,
                       admin: bool = False) -> dict:  # fmt: skip
        payload = P.interaction(
            kind=2, app_id=fake.app_id, guild_id=guild, channel=channel, invoker=user,
            permissions=P.ADMIN_PERMISSIONS if admin else P.MEMBER_PERMISSIONS,
            data={"id": fake.commands[name]["id"], "name": name, "type": 1, "options": []},
        )  # fmt: skip
        payload["member"]["nick"] = nick
        await fake.dispatch("INTERACTION_CREATE", payload)
        await fake.callback_of(payload)
        return payload

    await slash_in(guild_b, channel_b, "setup", admin_b, None, admin=True)
    await eventually(lambda: _group_exists(service, channel_b["id"]), "group B")
    await slash_in(fake.guild_id, fake.channel, "stats", xavier, "Xavier (A)")
    await slash_in(guild_b, channel_b, "stats", xavier, "Xavier job hunting")
    group_a = await service.find_group("discord", fake.channel["id"])
    group_b = await service.find_group("discord", channel_b["id"])
    member = await service.find_member("discord", xavier["id"])
    assert member.display_name == "xavier", "the global name, never a nickname"
    stats_a = await service.member_stats(group_a.id, member)
    stats_b = await service.member_stats(group_b.id, member)
    assert stats_a.member.display_name == "Xavier (A)"
    assert stats_b.member.display_name == "Xavier job hunting"


async def _group_exists(service: StudyService, channel_id: str) -> bool:
    return await service.find_group("discord", channel_id) is not None


async def test_thumbs_up_variants_and_vote_stuffing(discord_env: DiscordEnv) -> None:
    fake, service = discord_env.fake, discord_env.service
    await post_round(fake)
    group = await service.find_group("discord", fake.channel["id"])
    view = await service.current_round(group.id)
    thread = view.round.thread_ref
    alice, bob, carol = (fake.new_user(n) for n in ("alice", "bob", "carol"))
    says = [await fake.user_message(thread, alice, f"idea {i}") for i in range(6)]

    async def votes() -> list[int]:
        return [n for _, n in await service.submissions.vote_counts(view.round.id)]

    async def rows(n: int) -> bool:
        return await count(service, "votes") == n

    for message in says:  # Bob 👍 all six of Alice's messages: one vote
        await fake.react(message, bob)
    await eventually(lambda: rows(6), "six reactions")
    assert await votes() == [1]
    await fake.react(says[0], carol, "\N{THUMBS UP SIGN}\N{EMOJI MODIFIER FITZPATRICK TYPE-4}")
    await eventually(lambda: rows(7), "a skin-tone 👍 counts")
    assert await votes() == [2]
    await fake.react(says[0], carol, "\N{THUMBS UP SIGN}")
    await eventually(lambda: rows(8), "both of Carol's variants recorded")
    assert await votes() == [2]
    await fake.unreact(says[0], carol, "\N{THUMBS UP SIGN}\N{EMOJI MODIFIER FITZPATRICK TYPE-4}")
    await eventually(lambda: rows(7), "one variant withdrawn, the other stays")
    assert await votes() == [2]
    await fake.unreact(says[0], carol, "\N{THUMBS UP SIGN}")
    await eventually(lambda: rows(6), "Carol's last 👍 withdrawn")
    assert await votes() == [1]
    admin = fake.new_user("admin")
    reveal = await fake.slash("reveal", admin, admin=True)
    path = f"/webhooks/{fake.app_id}/{reveal['token']}"
    await fake.wait_for(lambda r: r.method == "POST" and r.path == path)
    embed = fake.bot_messages(thread)[-1]["embeds"][0]
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert fields["Most upvoted"] == "alice (1 👍)"


async def test_an_admin_command_flood_gets_a_clear_reply(discord_env: DiscordEnv) -> None:
    fake, service = discord_env.fake, discord_env.service
    admin = fake.new_user("admin")
    await setup_channel(fake, admin)
    limit = service.config.limits.setup_per_minute
    sent = [await fake.slash("skip", admin, admin=True) for _ in range(limit + 3)]
    replies = [await fake.callback_of(p) for p in sent]
    refused = [r for r in replies if "too fast" in (r.json.get("data") or {}).get("content", "")]
    assert len(refused) == 4, "the /setup counted too"
    assert all(r.flags == 64 and "Try again in" in r.json["data"]["content"] for r in refused)
