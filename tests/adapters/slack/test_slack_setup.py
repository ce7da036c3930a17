"""`/study setup` in a new public channel at 10:00 UTC with the scheduler running (the shipped
defaults post at 09:00 UTC on weekdays, with a two-hour grace): the options are saved before
anything is posted, the command is acknowledged within Slack's 3 seconds although posting is
slow, and the bot joins the channel once, before its first post."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import time_machine
from slackenv import ADMIN, CHANNEL, SlackEnv

from bot.core.models import RoundState
from bot.scheduling.scheduler import RoundScheduler

WEDNESDAY_10_UTC = datetime(2026, 3, 4, 10, 0, tzinfo=UTC)
ACK_DEADLINE = 3.0


@pytest.fixture
def at_ten() -> Iterator[None]:
    with time_machine.travel(WEDNESDAY_10_UTC, tick=True):
        yield


@pytest.fixture
async def scheduler(slack_env: SlackEnv, at_ten: None):
    running = RoundScheduler(slack_env.service, grace_seconds=2 * 3600)
    await running.start()
    yield running
    await running.stop()


async def setup(env: SlackEnv, text: str) -> str:
    """Send `/study setup ...` as the admin; check the ack time; return the settings reply."""
    loop = asyncio.get_running_loop()
    sent = loop.time()
    status, body = await env.sender.command(text, user_id=ADMIN, channel_id=CHANNEL)
    assert status == 200 and body == ""
    assert loop.time() - sent < ACK_DEADLINE
    return (await env.fake.wait_for_response(1))[0]["text"]


async def test_setup_with_options_that_are_not_due_posts_nothing(
    slack_env: SlackEnv, scheduler: RoundScheduler
) -> None:
    env, fake = slack_env, slack_env.fake
    fake.outside.add(CHANNEL)  # a new public channel: the bot is not in it yet
    fake.latency["chat.postMessage"] = 1.5
    reply = await setup(env, "setup time 08:00 tz America/New_York days mon,wed,fri")
    assert "08:00" in reply and "America/New_York" in reply
    group = await env.service.find_group("slack", CHANNEL)
    assert group is not None and group.settings.schedule.weekdays == (0, 2, 4)
    await asyncio.sleep(0.5)
    assert fake.calls_to("chat.postMessage") == []  # 05:00 in New York: nothing is due
    assert [c.args["channel"] for c in fake.calls_to("conversations.join")] == [CHANNEL]
    assert scheduler.planned(group.id) == datetime(2026, 3, 4, 13, 0, tzinfo=UTC)


async def test_setup_with_a_due_schedule_joins_replies_then_posts_with_its_options(
    slack_env: SlackEnv, scheduler: RoundScheduler
) -> None:
    env, fake = slack_env, slack_env.fake
    fake.outside.add(CHANNEL)
    fake.latency["chat.postMessage"] = 1.5  # the post and its thread opener: 3 s together
    reply = await setup(env, "setup time 09:30 tz UTC reveal 16:00")
    assert "09:30" in reply
    post, opener = await fake.wait_for("chat.postMessage", 2)
    assert "thread_ts" not in post.args and opener.args["thread_ts"]
    # joined once, before the first post, which succeeded at once (no not_in_channel retry)
    assert fake.timeline.count("call:conversations.join") == 1
    first_post = fake.timeline.index("call:chat.postMessage")
    assert fake.timeline.index("call:conversations.join") < first_post
    assert fake.timeline.index("response") < first_post  # the admin's reply came first
    group = await env.service.find_group("slack", CHANNEL)

    async def posted() -> bool:
        view = await env.service.current_round(group.id)
        return view is not None and view.round.state is RoundState.POSTED

    await env.eventually(posted, what="the round stored as posted")
    view = await env.service.current_round(group.id)
    assert view.round.reveal_due == datetime(2026, 3, 4, 16, 0, tzinfo=UTC)  # the option
    assert view.round.message_ref == fake.messages[CHANNEL][0]["ts"]
    assert [m.get("thread_ts") for m in fake.messages[CHANNEL]] == [None, view.round.message_ref]
