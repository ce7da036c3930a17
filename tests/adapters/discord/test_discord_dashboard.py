"""/dashboard through the real discord.py client against the fake Discord: an ephemeral reply
with a signed link scoped to the channel's group and the caller (admin pages for members with
Manage Server only); revoke cancels the caller's links."""

from __future__ import annotations

import re

from discordenv import DiscordEnv, post_round
from test_discord_practice import content, reply_of

from bot.web.links import DashboardLinks, LinkRefused


async def test_dashboard_link_is_private_and_scoped(discord_env: DiscordEnv) -> None:
    fake, service = discord_env.fake, discord_env.service
    await post_round(fake)
    group = await service.find_group("discord", fake.channel["id"])
    links = service.dashboard = DashboardLinks(service, "https://study.example.org", hours=1)
    alice, boss = fake.new_user("alice"), fake.new_user("boss")
    before = len(fake.posted)

    answer = await reply_of(fake, await fake.slash("dashboard", alice))
    assert answer.flags == 64  # only alice sees it
    token = re.search(r"https://study\.example\.org/web/([\w-]+)/", content(answer)).group(1)
    grant = await links.check(token)
    member = await service.find_member("discord", alice["id"])
    assert (grant.group_id, grant.member_id, grant.admin) == (group.id, member.id, False)
    answer = await reply_of(fake, await fake.slash("dashboard", boss, admin=True))
    boss_token = re.search(r"/web/([\w-]+)/", content(answer)).group(1)
    assert (await links.check(boss_token)).admin
    assert len(fake.posted) == before  # nothing in the channel

    answer = await reply_of(fake, await fake.slash("dashboard", alice, {"revoke": "revoke"}))
    assert answer.flags == 64 and "stops working" in content(answer)
    try:
        await links.check(token)
        raise AssertionError("a revoked link still works")
    except LinkRefused as exc:
        assert exc.reason == "revoked"
    assert (await links.check(boss_token)).admin
