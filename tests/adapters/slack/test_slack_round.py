"""A full round through bolt's real HTTP request path against the fake Slack Web API.

setup -> post (Block Kit in the channel, discussion thread) -> three members answer by modal ->
one runs code -> thread replies and :+1: votes -> reveal into the thread -> leaderboard -> App Home.
"""

from __future__ import annotations

from slackenv import (
    ADMIN,
    ALICE,
    BOB,
    CAROL,
    CHANNEL,
    METHOD_SCOPES,
    SlackEnv,
    form_shown,
    forms_shown,
    texts,
)
from slackfake import BOT_USER_ID


async def answer_by_modal(env: SlackEnv, user: str, post_ts: str, round_id: int, letters: list):
    shown_before = len(forms_shown(env.fake))
    status, _ = await env.sender.block_action(
        "study_answer",
        user_id=user,
        value=str(round_id),
        message_ts=post_ts,
        trigger_id=f"t-{user}",
    )
    assert status == 200
    trigger, view = await form_shown(env.fake, shown_before + 1)
    assert trigger == f"t-{user}"
    (field,) = [b for b in view["blocks"] if b["type"] == "input"]
    element = field["element"]
    assert element["type"] == "checkboxes"  # "pick all that apply": several options are correct
    assert [o["value"] for o in element["options"]] == ["A", "B", "C", "D", "E"]
    selected = [o for o in element["options"] if o["value"] in letters]
    values = {
        field["block_id"]: {
            element["action_id"]: {"type": "checkboxes", "selected_options": selected}
        }
    }
    receipts_before = len(env.fake.calls_to("chat.postEphemeral"))
    status, body = await env.sender.view_submission(
        view["callback_id"], user_id=user, values=values, private_metadata=view["private_metadata"]
    )
    assert status == 200 and body == "", "acked with an empty body: the modal closes"
    receipt = (await env.fake.wait_for("chat.postEphemeral", receipts_before + 1))[-1]
    assert (receipt.args["user"], receipt.args["channel"]) == (user, CHANNEL)
    return receipt.args["text"]


async def vote_count(env: SlackEnv) -> int:
    row = await env.service.db.fetchone("SELECT COUNT(*) FROM votes")
    return int(row[0])


async def test_full_round(slack_env: SlackEnv):
    env, fake = slack_env, slack_env.fake

    # -- setup: only admins; a workspace admin configures the channel --------------------------
    reply = await env.command("setup time=09:00 tz=UTC days=mon-fri", ALICE)
    assert "Only admins" in reply
    assert await env.service.find_group("slack", CHANNEL) is None
    reply = await env.command(
        "setup channel=<#C0STUDY|study> time=08:30 timezone=Europe/Berlin "
        "weekdays=mon,wed,fri topics=python", ADMIN,
    )  # fmt: skip
    assert "08:30" in reply and "Europe/Berlin" in reply and "python" in reply, reply
    group = await env.service.find_group("slack", CHANNEL)
    assert group is not None and group.settings.schedule.weekdays == (0, 2, 4)
    assert fake.calls_to("conversations.join")[-1].args["channel"] == CHANNEL

    # -- post: Block Kit question with Answer/Leaderboard buttons, then a thread opener ---------
    assert "Only admins" in await env.command("post", BOB)
    reply = await env.command("post", ADMIN)
    assert "Mutable and immutable types" in reply
    post, opener = fake.calls_to("chat.postMessage")[:2]
    assert post.args["channel"] == CHANNEL and "thread_ts" not in post.args
    blocks = post.args["blocks"]
    assert blocks[0]["type"] == "header" and "Mutable and immutable" in blocks[0]["text"]["text"]
    assert "python" in texts(blocks) and "easy" in texts(blocks)
    (actions,) = [b for b in blocks if b["type"] == "actions"]
    buttons = {e["action_id"]: e for e in actions["elements"]}
    assert set(buttons) == {"study_answer", "study_leaderboard"}
    post_ts = fake.messages[CHANNEL][0]["ts"]
    assert opener.args["thread_ts"] == post_ts
    view = await env.service.current_round(group.id)
    assert view is not None
    assert (view.round.message_ref, view.round.thread_ref) == (post_ts, post_ts)
    round_id = int(buttons["study_answer"]["value"])
    assert round_id == view.round.id

    # -- three members answer by modal (choice answers stay hidden until the reveal) -----------
    for user, letters in ((ALICE, ["B", "D"]), (BOB, ["B"]), (CAROL, ["A", "C"])):
        receipt = await answer_by_modal(env, user, post_ts, round_id, letters)
        assert "received: *pending*" in receipt
    assert (await env.service.current_round(group.id)).answered == 3

    # -- one member runs code in the sandbox ----------------------------------------------------
    reply = await env.command("run ```\nprint(sum(range(10)) * 2)\n```", BOB)
    assert "ok" in reply and "90" in reply

    # -- discussion in the thread; :+1: votes (own reply and the bot's messages don't count) ---
    bob_reply = fake.add_thread_reply(CHANNEL, post_ts, BOB, "tuple and frozenset are hashable")
    status, _ = await env.sender.event(
        {"type": "message", "channel": CHANNEL, "user": BOB, "text": bob_reply["text"],
         "ts": bob_reply["ts"], "thread_ts": post_ts, "channel_type": "channel"}
    )  # fmt: skip
    assert status == 200
    # Carol's reply is never seen as an event: the adapter asks conversations.replies
    carol_reply = fake.add_thread_reply(CHANNEL, post_ts, CAROL, "bytearray is mutable")
    opener_ts = fake.messages[CHANNEL][1]["ts"]

    async def react(user: str, ts: str, author: str, reaction: str = "+1") -> None:
        status, _ = await env.sender.event(
            {"type": "reaction_added", "user": user, "reaction": reaction, "item_user": author,
             "item": {"type": "message", "channel": CHANNEL, "ts": ts}}
        )  # fmt: skip
        assert status == 200

    await react(ALICE, bob_reply["ts"], BOB)
    await env.eventually(lambda: _votes_are(env, 1), what="Alice's vote")
    await react(BOB, bob_reply["ts"], BOB)  # own reply: not counted
    await react(CAROL, bob_reply["ts"], BOB, "+1::skin-tone-3")
    await react(ALICE, carol_reply["ts"], CAROL, "thumbsup")
    await react(ALICE, opener_ts, BOT_USER_ID)  # the bot's own message: ignored
    await react(CAROL, post_ts, BOT_USER_ID)  # the post itself is not a reply: ignored
    await react(BOB, carol_reply["ts"], CAROL, "heart")  # not a vote
    await env.eventually(lambda: _votes_are(env, 3), what="three counted votes")
    assert fake.calls_to("conversations.replies"), "Carol's reply was looked up"

    # -- reveal into the thread -----------------------------------------------------------------
    assert "Only admins" in await env.command("reveal", CAROL)
    reply = await env.command("reveal", ADMIN)
    assert "Revealed" in reply
    await fake.wait_for("chat.postMessage", 3)
    # the last thread reply (on the week's last day the practice nudge follows in the channel)
    reveal = [c for c in fake.calls_to("chat.postMessage") if c.args.get("thread_ts")][-1]
    assert reveal.args["thread_ts"] == post_ts and reveal.args["channel"] == CHANNEL
    shown = texts(reveal.args["blocks"])
    assert "B) tuple; D) frozenset" in shown
    assert "*1/3* answered correctly" in shown
    assert "Fastest correct: alice" in shown
    assert "Most voted in the thread: bob (2)" in shown  # Bob's self-vote did not count

    # -- leaderboard: Alice (correct) first; the button answers ephemerally too ----------------
    reply = await env.command("leaderboard week", BOB)
    lines = reply.splitlines()
    assert "this week" in lines[0] and "alice" in lines[1], reply
    before = len(fake.calls_to("chat.postEphemeral"))
    await env.sender.block_action("study_leaderboard", user_id=CAROL, value=str(group.id))
    board = (await fake.wait_for("chat.postEphemeral", before + 1))[-1]
    assert board.args["user"] == CAROL and "alice" in board.args["text"]
    assert "Points:" in await env.command("stats", ALICE)

    # -- App Home: the member's stats and the leaderboard --------------------------------------
    status, _ = await env.sender.event({"type": "app_home_opened", "user": ALICE, "tab": "home"})
    assert status == 200
    (home,) = await fake.wait_for("views.publish")
    assert home.args["user_id"] == ALICE and home.args["view"]["type"] == "home"
    shown = texts(home.args["view"]["blocks"])
    assert "Your stats, alice" in shown and "Leaderboard" in shown and "#study" in shown

    # every Web API method used is listed (with its scope) for the manifest check
    assert {c.method for c in fake.calls} <= set(METHOD_SCOPES)


async def _votes_are(env: SlackEnv, n: int) -> bool:
    return await vote_count(env) == n
