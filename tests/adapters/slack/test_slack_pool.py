"""Every Web API call and every respond() to a response_url goes over the adapter's one pooled
session: a burst of commands opens no new HTTP session (nor a connection per reply)."""

from __future__ import annotations

import asyncio

import aiohttp
import pytest

from bot.adapters.slack.pool import MAX_CONNECTIONS
from tests.adapters.slack.slackenv import ALICE, SlackEnv


async def test_a_burst_of_commands_reuses_the_one_session(
    slack_env: SlackEnv, monkeypatch: pytest.MonkeyPatch
):
    env = slack_env
    await env.setup_and_post()
    session = env.adapter.client.session
    assert session is not None and session.connector.limit == MAX_CONNECTIONS
    created: list[object] = []
    original = aiohttp.ClientSession.__init__

    def counting(self, *args, **kwargs):
        created.append(self)
        original(self, *args, **kwargs)

    monkeypatch.setattr(aiohttp.ClientSession, "__init__", counting)
    before = len(env.fake.responses)
    users = [f"UPOOL{i:03d}" for i in range(30)]
    for user in users:
        env.fake.add_user(user, user.lower())
    acks = await asyncio.gather(
        *(env.sender.command("leaderboard", user_id=user) for user in users),
        *(env.sender.command("answer B", user_id=ALICE) for _ in range(1)),
    )
    assert all(status == 200 for status, _ in acks)
    assert "received" in acks[-1][1], "the answer's receipt rides in its ack"
    await env.fake.wait_for_response(before + len(acks) - 1, timeout=20)  # the boards
    mine = [s for s in created if s is not env.sender.session]
    assert mine == [], "respond() or the Web API client opened a session of its own"
    assert env.adapter.client.session is session
