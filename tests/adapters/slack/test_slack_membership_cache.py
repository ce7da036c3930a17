"""The channel member list (bot.adapters.slack.membership) against the fake Slack's Web API: one
walk serves a burst, a list past half its lifetime is walked again in the background while it is
still served, and nobody is let in on a list older than its lifetime."""

from __future__ import annotations

import asyncio

import pytest
from slackenv import ALICE, BOB, BOT_TOKEN, CHANNEL
from slackfake import FakeSlack

from bot.adapters.slack.adapter import make_client
from bot.adapters.slack.membership import Membership
from bot.core.errors import NotAMember

TTL = 0.6


def walks(fake: FakeSlack) -> int:
    return sum(1 for c in fake.calls_to("conversations.members") if not c.args.get("cursor"))


async def test_the_list_is_refreshed_ahead_of_time_and_never_trusted_past_its_ttl(
    fake_slack: FakeSlack,
):
    fake = fake_slack
    fake.channel_members[CHANNEL] = {ALICE, BOB}
    client = make_client(BOT_TOKEN, fake.api_url)
    members = Membership(client, ttl=TTL)
    try:
        await asyncio.gather(*(members.require(user, CHANNEL) for user in (ALICE, BOB) * 10))
        assert walks(fake) == 1 and members.known_member(ALICE, CHANNEL)

        fake.latency["conversations.members"] = 0.3  # a slow walk: nobody may wait for it
        fake.channel_members[CHANNEL] = {ALICE}  # Bob leaves the channel
        await asyncio.sleep(TTL / 2 + 0.05)
        started = asyncio.get_running_loop().time()
        await members.require(BOB, CHANNEL)  # still on the list being served
        assert asyncio.get_running_loop().time() - started < 0.1, "served from memory"
        await asyncio.sleep(0.5)  # the walk started behind that call is done
        assert walks(fake) == 2
        assert not members.known_member(BOB, CHANNEL) and members.known_member(ALICE, CHANNEL)
        with pytest.raises(NotAMember):
            await members.require(BOB, CHANNEL)

        await asyncio.sleep(TTL + 0.1)  # nothing asked meanwhile: the list has expired
        assert not members.known_member(ALICE, CHANNEL)
        await members.require(ALICE, CHANNEL)  # walked again before answering
        assert walks(fake) >= 3
    finally:
        if client.session is not None:  # (none unless a call made one)
            await client.session.close()
