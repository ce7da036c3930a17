"""Overload handled on purpose: while the bot's event loop lags (here: blocked for 0.6 s, as a
saturated CPU does), a board or stats request is answered at once in its ack with "busy, try
again", before any database work, while an answer sent at the same moment is still stored and
receipted. Once the loop keeps up again the board is shown. Through bolt's HTTP path."""

from __future__ import annotations

import asyncio
import time

from slackenv import ALICE, BOB, CHANNEL, SlackEnv, form_shown

from bot.adapters.slack.load import BUSY


async def test_reads_are_refused_quickly_under_overload_answers_never(slack_env: SlackEnv):
    env = slack_env
    await env.setup_and_post()
    load = env.adapter.runtime.load
    await asyncio.sleep(0.2)  # the monitor has looked at the loop
    assert not load.busy
    before = len(env.fake.responses)
    asyncio.get_running_loop().call_soon(time.sleep, 0.6)  # the loop is stuck for a while
    await asyncio.sleep(0)
    (board, board_body), (stats, stats_body), (answer, answer_body) = await asyncio.gather(
        env.sender.command("leaderboard", user_id=BOB),
        env.sender.command("stats", user_id=BOB),
        env.sender.command("answer B", user_id=ALICE),
    )
    assert board == stats == answer == 200
    assert "busy" in board_body and "busy" in stats_body and BUSY.split(":")[0] in board_body
    assert "busy" not in answer_body  # an answer is never refused for load
    if not answer_body:  # stored after the ack's budget: the receipt comes via response_url
        answer_body = (await env.fake.wait_for_response(before + 1))[before]["text"]
    assert "received" in answer_body
    assert load.refused == 2
    await asyncio.sleep(1.2)  # the lag is forgotten
    assert not load.busy
    assert "busy" not in await env.command("leaderboard", BOB)


async def test_a_form_answers_receipt_waits_while_the_loop_lags_the_answer_does_not(
    slack_env: SlackEnv,
):
    """A receipt has no deadline of its own: while the loop lags it yields to what Slack times
    (acks, forms); the answer itself is stored at once."""
    env, fake = slack_env, slack_env.fake
    post_ts = await env.setup_and_post()
    group = await env.service.find_group("slack", CHANNEL)
    view = await env.service.current_round(group.id)
    await env.sender.block_action(
        "study_answer", user_id=BOB, value=str(view.round.id), message_ts=post_ts
    )
    _, form = await form_shown(fake)
    await asyncio.sleep(0.2)  # the monitor has looked at a calm loop
    stop = time.monotonic() + 3.0

    async def saturate() -> None:  # the loop keeps falling behind, as under a burst
        while time.monotonic() < stop:
            time.sleep(0.07)
            await asyncio.sleep(0)

    noise = asyncio.ensure_future(saturate())
    receipts = len(fake.calls_to("chat.postEphemeral"))
    (field,) = [b for b in form["blocks"] if b["type"] == "input"]
    element = field["element"]
    values = {field["block_id"]: {element["action_id"]: {
        "type": element["type"], "selected_options": element["options"][:1],
    }}}  # fmt: skip
    status, _ = await env.sender.view_submission(
        form["callback_id"], user_id=BOB, values=values, private_metadata=form["private_metadata"]
    )
    assert status == 200

    async def stored() -> bool:
        return await env.service.db.fetchval("SELECT COUNT(*) FROM submissions") == 1

    await env.eventually(stored, what="the answer stored")
    assert time.monotonic() < stop and len(fake.calls_to("chat.postEphemeral")) == receipts
    (receipt,) = (await fake.wait_for("chat.postEphemeral", receipts + 1, timeout=5))[receipts:]
    assert receipt.at >= stop - 0.05 and "received" in receipt.args["text"]  # once calm
    await noise
    assert env.adapter.runtime.load.deferred > 0
