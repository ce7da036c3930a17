"""When Slack gets its ack (bot.adapters.slack.listeners), through bolt's real HTTP path.

An answer's receipt rides in the slash command's ack once the answer is stored; a store slower
than the ack's budget gets an empty ack in time and the receipt posted to response_url. A slow
listener (an event whose work waits on the Web API) never holds its ack back, and a listener that
fails after its ack is logged, not lost.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time

import pytest
from slackenv import ALICE, BOB, SlackEnv

from bot.adapters.slack import listeners


async def test_an_answer_receipt_rides_in_its_ack(slack_env: SlackEnv):
    env = slack_env
    await env.setup_and_post()
    before = len(env.fake.responses)
    status, body = await env.sender.command("answer B, D", user_id=ALICE)
    assert status == 200
    message = json.loads(body)
    assert message["response_type"] == "ephemeral" and "received" in message["text"]
    await asyncio.sleep(0.3)
    assert len(env.fake.responses) == before, "no second reply posted to response_url"
    row = await env.service.db.fetchone("SELECT COUNT(*) FROM submissions")
    assert row[0] == 1, "stored before the receipt was sent"


async def test_a_slow_store_gets_an_empty_ack_in_time_and_the_receipt_later(
    slack_env: SlackEnv, monkeypatch: pytest.MonkeyPatch
):
    env = slack_env
    await env.setup_and_post()
    monkeypatch.setattr(listeners, "ACK_BUDGET", 0.2)
    submit = env.service.submit

    async def slow_submit(*args, **kwargs):
        await asyncio.sleep(0.6)  # e.g. the database under a burst
        return await submit(*args, **kwargs)

    monkeypatch.setattr(env.service, "submit", slow_submit)
    before = len(env.fake.responses)
    sent = time.monotonic()
    status, body = await env.sender.command("answer B, D", user_id=BOB)
    acked = time.monotonic() - sent
    assert (status, body) == (200, "")
    assert 0.15 < acked < 0.55, acked  # after the budget, well before the store
    reply = (await env.fake.wait_for_response(before + 1))[before]
    assert "received" in reply["text"] and reply["response_type"] == "ephemeral"
    assert time.monotonic() - sent >= 0.6
    row = await env.service.db.fetchone("SELECT COUNT(*) FROM submissions")
    assert row[0] == 1


async def test_a_usage_error_in_an_answer_rides_in_its_ack(slack_env: SlackEnv):
    env = slack_env
    await env.setup_and_post()
    before = len(env.fake.responses)
    status, body = await env.sender.command("answer Z", user_id=BOB)
    assert status == 200 and "A" in json.loads(body)["text"]  # names the valid choices
    await asyncio.sleep(0.2)
    assert len(env.fake.responses) == before
    assert (await env.service.db.fetchone("SELECT COUNT(*) FROM submissions"))[0] == 0


async def test_a_slow_event_listener_does_not_hold_back_its_ack(slack_env: SlackEnv):
    env = slack_env
    await env.setup_and_post()
    env.fake.latency["views.publish"] = 1.0  # the App Home's publish is slow
    sent = time.monotonic()
    status, _ = await env.sender.event(
        {"type": "app_home_opened", "user": ALICE, "tab": "home"}, event_id="EvSlow1"
    )
    acked = time.monotonic() - sent
    assert status == 200 and acked < 0.5, acked
    (home,) = await env.fake.wait_for("views.publish", timeout=5)
    assert home.args["user_id"] == ALICE and home.at - sent >= 0  # the work went on


async def test_a_listener_failing_after_its_ack_is_logged(
    slack_env: SlackEnv, caplog: pytest.LogCaptureFixture
):
    env = slack_env
    await env.setup_and_post()
    caplog.set_level(logging.ERROR, logger=listeners.__name__)
    # a thread reply without its channel: the message listener fails on it after the ack
    status, _ = await env.sender.event(
        {"type": "message", "user": BOB, "text": "hi", "ts": "2.0", "thread_ts": "1.0"},
        event_id="EvBroken1",
    )
    assert status == 200

    async def logged() -> bool:
        return any("channel" in str(r.exc_info and r.exc_info[1]) for r in caplog.records)

    await env.eventually(logged, what="the listener's failure in the log")


async def test_the_ack_budget_counts_from_the_requests_arrival(
    slack_env: SlackEnv, monkeypatch: pytest.MonkeyPatch
):
    env = slack_env
    await env.setup_and_post()
    monkeypatch.setattr(listeners, "ACK_BUDGET", 0.6)
    guards, service = env.service.guards, env.service
    claim, submit = guards.first_time, service.submit

    async def slow_claim(*keys, **kwargs):
        await asyncio.sleep(0.5)  # the request waits for the database before the listener
        return await claim(*keys, **kwargs)

    async def slow_submit(*args, **kwargs):
        await asyncio.sleep(1.0)
        return await submit(*args, **kwargs)

    monkeypatch.setattr(guards, "first_time", slow_claim)
    monkeypatch.setattr(service, "submit", slow_submit)
    before = len(env.fake.responses)
    sent = time.monotonic()
    status, body = await env.sender.command("answer B, D", user_id=ALICE)
    acked = time.monotonic() - sent
    assert (status, body) == (200, "")
    assert 0.55 < acked < 0.95, acked  # 0.6 s after arrival, not 0.5 + 0.6
    reply = (await env.fake.wait_for_response(before + 1))[before]
    assert "received" in reply["text"]
