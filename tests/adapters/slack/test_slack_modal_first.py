"""Modal first: the Answer button opens a modal before any database work, so a slow database
(here: claiming the request takes 2 s) never lets Slack's 3 s trigger expire. Through bolt's HTTP
path and the fake Slack: views.open with the click's trigger comes first, then the form replaces
the loading modal (views.update); a stale button replaces it with the reason instead."""

from __future__ import annotations

import asyncio
import time

from slackenv import ALICE, BOB, CHANNEL, SlackEnv, form_shown, texts

from bot.adapters.slack.interactions import STALE

SLOW = 2.0  # seconds the database takes to claim a request


async def test_the_answer_button_opens_a_modal_before_the_database(slack_env: SlackEnv):
    env = slack_env
    post_ts = await env.setup_and_post()
    group = await env.service.find_group("slack", CHANNEL)
    view = await env.service.current_round(group.id)
    guards = env.service.guards
    claim = guards.first_time
    claimed: list[float] = []

    async def slow_claim(*keys, **kwargs):
        await asyncio.sleep(SLOW)
        claimed.append(time.monotonic())
        return await claim(*keys, **kwargs)

    guards.first_time = slow_claim  # type: ignore[method-assign]
    click = time.monotonic()
    sent = asyncio.ensure_future(
        env.sender.block_action(
            "study_answer", user_id=ALICE, value=str(view.round.id), message_ts=post_ts,
            trigger_id="t-alice",
        )
    )  # fmt: skip
    (opened,) = await env.fake.wait_for("views.open", timeout=SLOW)
    assert time.monotonic() - click < 1.0 and not claimed  # before the database was asked
    assert opened.args["trigger_id"] == "t-alice"
    assert (await sent)[0] == 200
    trigger, form = await form_shown(env.fake)
    assert trigger == "t-alice" and form["callback_id"] == "study_answer_modal"
    assert claimed  # the request was still claimed (once) before the form was shown

    guards.first_time = claim  # type: ignore[method-assign]
    await env.sender.block_action(
        "study_answer", user_id=BOB, value=str(view.round.id + 1), message_ts=post_ts,
        trigger_id="t-bob",
    )  # fmt: skip
    _, notice = await form_shown(env.fake, 2)
    assert STALE in texts(notice["blocks"]) and "callback_id" not in notice
