"""Who may see and do what on Slack, with crafted requests through bolt's signed HTTP path:
membership scopes the Home tab, DMs, commands, buttons and forms; forged form metadata, another
workspace's team id and a demoted admin change nothing; names cannot format mrkdwn."""

from __future__ import annotations

import asyncio
import json

import pytest
from slackenv import (
    ADMIN,
    ALICE,
    BOB,
    CAROL,
    CHANNEL,
    SlackEnv,
    form_shown,
    forms_shown,
    reply_texts,
    texts,
)

import bot.adapters.slack.users as slack_users

PRIVATE = "G0PRIV"


async def count(env: SlackEnv, table: str) -> int:
    row = await env.service.db.fetchone(f"SELECT COUNT(*) FROM {table}")
    return int(row[0])


async def private_group(env: SlackEnv, members: set[str]) -> None:
    """The only study group: a private channel with `members` (and the admin)."""
    env.fake.channel_members[PRIVATE] = members | {ADMIN}
    env.fake.channels[PRIVATE] = "secret-interviews"
    await env.command(f"setup channel=<#{PRIVATE}|secret-interviews> tz UTC", ADMIN)
    assert "is up" in await env.command("post", ADMIN, channel=PRIVATE)


async def home_of(env: SlackEnv, user: str) -> str:
    before = len(env.fake.calls_to("views.publish"))
    status, _ = await env.sender.event({"type": "app_home_opened", "user": user, "tab": "home"})
    assert status == 200
    home = (await env.fake.wait_for("views.publish", before + 1))[-1]
    assert home.args["user_id"] == user
    return texts(home.args["view"]["blocks"])


async def test_home_tab_shows_only_the_users_groups_and_fails_closed(slack_env: SlackEnv):
    env = slack_env
    await private_group(env, {ALICE})
    await env.command("answer B, D", ALICE, channel=PRIVATE)
    await env.command("reveal", ADMIN, channel=PRIVATE)
    assert "secret-interviews" in await home_of(env, ALICE)
    outsider = await home_of(env, BOB)
    assert "secret-interviews" not in outsider and "alice" not in outsider
    assert "not in the channel of any study group" in outsider
    env.fake.errors["users.conversations"] = "ratelimited"  # Slack cannot say: show nothing
    env.adapter.runtime.membership.forget(ALICE)
    assert "secret-interviews" not in await home_of(env, ALICE)


async def test_dms_never_default_to_a_group_the_caller_is_not_in(slack_env: SlackEnv):
    env = slack_env
    await private_group(env, {ALICE})
    for text in ("question", "answer A", "leaderboard", f"stats <@{ALICE}>", "post", "skip"):
        reply = await env.command(text, BOB, channel="D0BOB")
        assert "not in the channel of any study group" in reply, (text, reply)
    assert await count(env, "submissions") == 0
    assert "Mutable and immutable" in await env.command("question", ALICE, channel="D0ALICE")
    assert "received" in await env.command("answer A", ALICE, channel="D0ALICE")
    assert await count(env, "submissions") == 1
    # a crafted command naming the private channel, from someone not in it
    for text in ("question", "answer B", "leaderboard", "stats"):
        reply = await env.command(text, CAROL, channel=PRIVATE)
        assert "Only members of the study group's channel" in reply, (text, reply)
    assert await count(env, "submissions") == 1
    # the buttons of the private post, clicked by an outsider
    group = await env.service.find_group("slack", PRIVATE)
    view = await env.service.current_round(group.id)
    for action, value in (("study_answer", str(view.round.id)), ("study_leaderboard", "")):
        before = len(env.fake.calls_to("chat.postEphemeral"))
        await env.sender.block_action(action, user_id=CAROL, value=value, channel_id=PRIVATE)
        note = (await env.fake.wait_for("chat.postEphemeral", before + 1))[-1]
        assert "Only members" in note.args["text"] and "alice" not in note.args["text"]
    shown = env.fake.calls_to("views.open") + env.fake.calls_to("views.update")
    assert not [c for c in shown if "callback_id" in c.args["view"]]  # never the form


async def test_several_groups_in_a_dm_ask_for_the_channel(slack_env: SlackEnv):
    env = slack_env
    await env.setup_and_post()
    await private_group(env, {ALICE})
    reply = await env.command("question", ALICE, channel="D0ALICE")
    assert "several study groups" in reply
    assert "Mutable and immutable" in await env.command("question", BOB, channel="D0BOB")


async def answer_form(env: SlackEnv, user: str, channel: str = CHANNEL) -> dict:
    group = await env.service.find_group("slack", channel)
    view = await env.service.current_round(group.id)
    before = len(forms_shown(env.fake))
    await env.sender.block_action(
        "study_answer", user_id=user, value=str(view.round.id), channel_id=channel
    )
    return (await form_shown(env.fake, before + 1))[1]


def choice(letters: list[str]) -> dict:
    options = [{"value": x} for x in letters]
    return {"answer": {"value": {"type": "checkboxes", "selected_options": options}}}


async def test_form_metadata_is_signed_and_rechecked(slack_env: SlackEnv):
    env = slack_env
    await env.setup_and_post()
    await private_group(env, {ALICE})
    private = await env.service.find_group("slack", PRIVATE)
    round_id = (await env.service.current_round(private.id)).round.id
    modal = await answer_form(env, BOB)  # Bob's form for the public group
    meta = modal["private_metadata"]
    mac, _, text = meta.partition(".")
    assert json.loads(text)["c"] == CHANNEL
    forged = [
        json.dumps({"g": private.id, "r": round_id, "c": PRIVATE}),  # the old, unsigned format
        mac + "." + json.dumps({"g": private.id, "r": round_id, "c": PRIVATE}),
        meta.replace(CHANNEL, PRIVATE),
        "",
    ]
    for metadata in forged:
        before = len(env.fake.calls)
        status, body = await env.sender.view_submission(
            modal["callback_id"], user_id=BOB, values=choice(["A"]), private_metadata=metadata
        )
        assert status == 200 and body == ""

        def notes(before: int = before) -> list[str]:
            sent = [c for c in env.fake.calls[before:] if c.method.startswith("chat.post")]
            return [c.args.get("text", "") for c in sent]

        async def told(notes=notes) -> bool:
            return bool(notes())

        await env.eventually(told, what="the refusal")
        assert any("no longer valid" in text for text in notes()), notes()
    assert await count(env, "submissions") == 0
    # Alice's genuine form for the private group, replayed by Bob (not in the channel)
    alice_form = await answer_form(env, ALICE, PRIVATE)
    told_bob = sum(c.args.get("user") == BOB for c in env.fake.calls_to("chat.postEphemeral"))
    await env.sender.view_submission(
        alice_form["callback_id"], user_id=BOB, values=choice(["A"]),
        private_metadata=alice_form["private_metadata"],
    )  # fmt: skip
    note = await env.fake.wait_for("chat.postEphemeral", told_bob + 1, user=BOB)
    assert "Only members" in note[-1].args["text"]
    assert await count(env, "submissions") == 0
    await env.sender.view_submission(
        alice_form["callback_id"], user_id=ALICE, values=choice(["B", "D"]),
        private_metadata=alice_form["private_metadata"],
    )  # fmt: skip
    await env.fake.wait_for("chat.postEphemeral", 1, user=ALICE)
    assert await count(env, "submissions") == 1


async def test_other_workspaces_requests_are_dropped(slack_env: SlackEnv):
    env = slack_env
    await env.setup_and_post()
    env.sender.team_id = "T0EVIL"
    status, body = await env.sender.command("answer A", user_id=ALICE, channel_id=CHANNEL)
    assert (status, body) == (200, "")
    status, _ = await env.sender.event({"type": "app_home_opened", "user": ALICE, "tab": "home"})
    assert status == 200
    await asyncio.sleep(0.3)
    assert await count(env, "submissions") == 0 and not env.fake.calls_to("views.publish")
    env.sender.team_id = "T0TEST"
    assert "received" in await env.command("answer A", ALICE)


async def test_a_demoted_admin_loses_admin_commands_at_once(
    slack_env: SlackEnv, monkeypatch: pytest.MonkeyPatch
):
    env = slack_env
    monkeypatch.setattr(slack_users, "ADMIN_TTL", 0.2)
    await env.setup_and_post()
    assert "Mutable" in await env.command("question", ADMIN)  # names stay cached for minutes
    env.fake.users[ADMIN].is_admin = False
    await asyncio.sleep(0.3)
    assert "Only admins" in await env.command("skip", ADMIN)
    assert (await env.service.current_round((await env.service.list_groups())[0].id)) is not None


async def test_names_cannot_format_mrkdwn(slack_env: SlackEnv):
    env = slack_env
    evil = "*boss* _it_ ~del~ `x` <!channel> &amp;"
    env.fake.add_user("UEVE", evil)
    await env.setup_and_post()
    before = len(env.fake.responses)  # a new member, stored with the name the command carries
    ack = await env.sender.command("answer B, D", user_id="UEVE", user_name=evil)
    if not ack[1]:  # the receipt did not ride in the ack: it is posted
        await env.fake.wait_for_response(before + 1)
    assert "received" in reply_texts([ack], env.fake.responses[before:])[0]
    await env.command("reveal", ADMIN)
    board = await env.command("leaderboard", ALICE)
    for raw in ("*boss*", "_it_", "~del~", "`x`", "<!channel>", " &amp; "):
        assert raw not in board, (raw, board)
    assert "∗boss∗ ˍitˍ ∼del∼ ˋxˋ &lt;!channel&gt; &amp;amp;" in board
    # the last thread reply (on the week's last day the practice nudge follows in the channel)
    reveal = [c for c in env.fake.calls_to("chat.postMessage") if c.args.get("thread_ts")][-1]
    assert "*boss*" not in texts(reveal.args["blocks"])
