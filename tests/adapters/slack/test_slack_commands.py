"""/study subcommands, modals and robustness, through bolt's HTTP path against the fake Slack."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import time
from datetime import UTC, datetime

import pytest
from slackenv import ADMIN, ALICE, BOB, CHANNEL, SlackEnv, form_shown, texts

from bot.adapters.slack.commands import SORRY
from bot.adapters.slack.interactions import STALE


async def test_malformed_commands_get_usage_in_the_ack(slack_env: SlackEnv):
    for text, expected in (
        ("leaderboard yesterday", "Usage: `/study leaderboard [week|month|all]`"),
        ("frobnicate now", "Unknown command 'frobnicate'. Type `/study help`"),
        ("setup colour=red", "Unknown schedule setting 'colour'. Usage: /study setup"),
        ("setup channel=general", "`channel` needs a #channel"),
        ('leaderboard "week', "Could not read the arguments"),
    ):
        status, body = await slack_env.sender.command(text, user_id=ALICE, channel_id=CHANNEL)
        assert status == 200
        reply = body
        assert expected in reply, reply
        assert "Traceback" not in reply
    status, body = await slack_env.sender.command("", user_id=ALICE, channel_id=CHANNEL)
    assert "/study leaderboard [week|month|all]" in body
    assert slack_env.fake.responses == [], "usage replies need no second message"


async def test_unexpected_failure_is_an_apology_not_a_traceback(
    slack_env: SlackEnv, monkeypatch: pytest.MonkeyPatch
):
    await slack_env.setup_and_post()

    async def broken(*args, **kwargs):
        raise RuntimeError("database exploded at /secret/path")

    monkeypatch.setattr(slack_env.service, "leaderboard", broken)
    reply = await slack_env.command("leaderboard", ALICE)
    assert reply == SORRY


async def test_channel_without_group(slack_env: SlackEnv):
    reply = await slack_env.command("question", ALICE, channel="C0OTHER")
    assert "no study group yet" in reply
    reply = await slack_env.command("answer B", ALICE, channel="C0OTHER")
    assert "no study group yet" in reply
    slack_env.fake.channels["C0OTHER"] = "other"  # a channel everyone is in
    await slack_env.command("setup", ADMIN, channel="C0OTHER")
    reply = await slack_env.command("question", ALICE, channel="C0OTHER")
    assert reply.endswith("An admin can start one with `/study post`."), reply


async def test_rate_limited_post_is_retried(slack_env: SlackEnv):
    slack_env.fake.rate_limit_next["chat.postMessage"] = 1
    await slack_env.setup_and_post()
    methods = [c.method for c in slack_env.fake.calls if c.method.startswith("chat.postMessage")]
    assert methods[:2] == ["chat.postMessage#429", "chat.postMessage"]
    view = await slack_env.service.current_round(
        (await slack_env.service.find_group("slack", CHANNEL)).id
    )
    assert view.round.message_ref == slack_env.fake.messages[CHANNEL][0]["ts"]


async def test_answer_by_command_and_form(slack_env: SlackEnv):
    await slack_env.setup_and_post()
    reply = await slack_env.command("answer B, D", ALICE)
    assert "received: *pending*" in reply
    reply = await slack_env.command("answer Z", BOB)
    assert "There is no option Z" in reply

    status, _ = await slack_env.sender.command("answer", user_id=BOB, trigger_id="trig-bob")
    assert status == 200
    trigger, form = await form_shown(slack_env.fake)
    assert trigger == "trig-bob"
    assert form["callback_id"] == "study_answer_modal"
    reply = await slack_env.command("question", BOB)
    assert "Mutable and immutable" in reply


async def test_stale_answer_button_and_skip(slack_env: SlackEnv):
    post_ts = await slack_env.setup_and_post()
    group = await slack_env.service.find_group("slack", CHANNEL)
    view = await slack_env.service.current_round(group.id)
    await slack_env.sender.block_action(
        "study_answer", user_id=ALICE, value=str(view.round.id + 1), message_ts=post_ts
    )
    (told,) = await slack_env.fake.wait_for("chat.postEphemeral")
    assert told.args["text"] == STALE and told.args["user"] == ALICE
    (notice,) = await slack_env.fake.wait_for("views.update")  # the loading modal: why, no form
    assert STALE in texts(notice.args["view"]["blocks"])
    assert "callback_id" not in notice.args["view"]

    assert "Only admins" in await slack_env.command("skip", BOB)
    assert "skipped" in await slack_env.command("skip", ADMIN)


async def test_reminder_goes_to_the_thread(slack_env: SlackEnv):
    post_ts = await slack_env.setup_and_post()
    group = await slack_env.service.find_group("slack", CHANNEL)
    await slack_env.service.remind(group.id)
    reminder = slack_env.fake.calls_to("chat.postMessage")[-1]
    assert reminder.args["thread_ts"] == post_ts and reminder.args["reply_broadcast"] is True
    assert "0 people have answered" in reminder.args["text"]


async def test_run_form(slack_env: SlackEnv):
    status, _ = await slack_env.sender.command("run", user_id=ALICE, trigger_id="trig-run")
    assert status == 200
    _, view = await form_shown(slack_env.fake)
    assert view["callback_id"] == "study_run_modal"
    values = {"answer": {"value": {"type": "plain_text_input", "value": "print(6 * 7)"}}}
    status, _ = await slack_env.sender.view_submission(
        view["callback_id"], user_id=ALICE, values=values, private_metadata=view["private_metadata"]
    )
    assert status == 200
    (result,) = await slack_env.fake.wait_for("chat.postEphemeral")
    assert "42" in result.args["text"] and result.args["channel"] == CHANNEL


@pytest.mark.parametrize("question_ids", [("python.ip-to-int.code",)])
async def test_code_question_modal_is_graded(slack_env: SlackEnv, question_ids):
    post_ts = await slack_env.setup_and_post()
    post = slack_env.fake.calls_to("chat.postMessage")[0]
    assert "def ip_to_int(ip: str) -&gt; int" in texts(post.args["blocks"]), "escaped mrkdwn"
    group = await slack_env.service.find_group("slack", CHANNEL)
    view = await slack_env.service.current_round(group.id)
    await slack_env.sender.block_action(
        "study_answer", user_id=ALICE, value=str(view.round.id), message_ts=post_ts
    )
    _, modal = await form_shown(slack_env.fake)
    (field,) = [b for b in modal["blocks"] if b["type"] == "input"]
    element = field["element"]
    assert element["type"] == "plain_text_input" and element["multiline"] is True
    assert element["initial_value"].startswith("def ip_to_int(ip: str) -> int:\n")
    code = (
        "def ip_to_int(ip):\n"
        "    parts = ip.split('.')\n"
        "    if len(parts) != 4 or not all(p.isdigit() and int(p) <= 255 for p in parts):\n"
        "        raise ValueError(ip)\n"
        "    value = 0\n"
        "    for p in parts:\n"
        "        value = (value << 8) | int(p)\n"
        "    return value\n"
    )
    values = {"answer": {"value": {"type": "plain_text_input", "value": code}}}
    await slack_env.sender.view_submission(
        modal["callback_id"],
        user_id=ALICE,
        values=values,
        private_metadata=modal["private_metadata"],
    )
    received, receipt = await slack_env.fake.wait_for("chat.postEphemeral", count=2, timeout=20)
    assert "grading your code" in received.args["text"]  # stored first, then graded
    assert "correct" in receipt.args["text"], receipt.args["text"]


async def test_url_verification_and_unsigned_requests(slack_env: SlackEnv):
    """Slack's one-time URL check is answered; an unsigned event reaches no listener."""
    body = json.dumps({"type": "url_verification", "challenge": "c-123", "token": "legacy"})
    status, text = await slack_env.sender.post(body, "application/json")
    assert status == 200 and json.loads(text)["challenge"] == "c-123"
    event = {"type": "app_home_opened", "user": ALICE, "tab": "home"}
    status, _ = await slack_env.sender.event(event, signature="v0=" + "f" * 64)
    assert status == 401
    status, _ = await slack_env.sender.event(event, timestamp="1500000000")
    assert status == 401
    assert not slack_env.fake.calls_to("views.publish")


async def test_dm_uses_the_only_group_but_other_channels_do_not(slack_env: SlackEnv):
    await slack_env.setup_and_post()
    reply = await slack_env.command("question", ALICE, channel="D0ALICE")
    assert "Mutable and immutable" in reply
    reply = await slack_env.command("post", ADMIN, channel="C0RANDOM")
    assert "no study group yet" in reply
    assert len(slack_env.fake.calls_to("chat.postMessage")) == 2  # the post and its thread opener


async def test_post_rejoins_a_public_channel_and_explains_a_private_one(slack_env: SlackEnv):
    fake = slack_env.fake
    await slack_env.command("setup tz UTC", ADMIN)
    fake.outside.add(CHANNEL)  # someone removed the bot from the channel
    assert "Mutable and immutable" in await slack_env.command("post", ADMIN)
    calls = [c.method.split(".")[1] for c in fake.calls
             if c.method.startswith(("chat", "conv")) and c.method != "conversations.members"]  # fmt: skip
    # setup joins; the post is refused, the bot re-joins, posts, then opens the thread
    assert calls == ["join", "postMessage", "join", "postMessage", "postMessage"]
    assert fake.messages[CHANNEL][0]["blocks"], "the daily post went out after re-joining"

    fake.channel_members["G0PRIV"] = {ADMIN}  # a private channel the admin is in
    await slack_env.command("setup channel=<#G0PRIV|secret> tz UTC", ADMIN)
    fake.outside.add("G0PRIV")
    fake.private.add("G0PRIV")
    reply = await slack_env.command("post", ADMIN, channel="G0PRIV")
    assert "I can't post in <#G0PRIV>" in reply and "/invite @studybot" in reply


async def test_publisher_finds_its_post_after_a_crash(slack_env: SlackEnv):
    """Reconciliation asks the publisher whether a 'posting' round's post already exists."""
    post_ts = await slack_env.setup_and_post()
    group = await slack_env.service.find_group("slack", CHANNEL)
    view = await slack_env.service.current_round(group.id)
    publisher = slack_env.adapter.publisher
    refs = await publisher.find_round_post(group, view)
    assert refs is not None and (refs.message_ref, refs.thread_ref) == (post_ts, post_ts)
    other = dataclasses.replace(view, round=dataclasses.replace(view.round, id=view.round.id + 1))
    assert await publisher.find_round_post(group, other) is None
    assert slack_env.fake.calls_to("conversations.history")[0].args["channel"] == CHANNEL


async def test_ack_comes_before_slow_work(slack_env: SlackEnv, monkeypatch: pytest.MonkeyPatch):
    """Slack wants an answer within 3 s: bolt's ack goes out before a slow sandbox run ends."""
    real_run = slack_env.service.run_snippet

    async def slow_run(member, code):
        await asyncio.sleep(1.0)
        return await real_run(member, code)

    monkeypatch.setattr(slack_env.service, "run_snippet", slow_run)
    started = time.monotonic()
    status, body = await slack_env.sender.command("run print('late')", user_id=ALICE)
    acked = time.monotonic() - started
    assert status == 200 and body == "" and acked < 0.5, acked
    (reply,) = await slack_env.fake.wait_for_response(1)
    assert "late" in reply["text"] and time.monotonic() - started >= 1.0


async def test_member_text_cannot_ping_the_channel(slack_env: SlackEnv):
    """Output, names and echoed input are escaped: "<!channel>" is shown, never acted on."""
    await slack_env.setup_and_post()
    reply = await slack_env.command("""run print("<!channel> & friends")""", ALICE)
    assert "&lt;!channel&gt; &amp; friends" in reply and "<!channel>" not in reply
    reply = await slack_env.command("answer <!here>", BOB)
    assert "<!here>" not in reply and "&lt;!here&gt;" in reply, reply
    slack_env.fake.add_user("UEVIL", "<!everyone>")
    before = len(slack_env.fake.responses)  # a new member: named as the command says at first
    await slack_env.sender.command("stats", user_id="UEVIL", user_name="<!channel>")
    reply = (await slack_env.fake.wait_for_response(before + 1))[before]["text"]
    assert "Your stats, &lt;!channel&gt;" in reply and "<!channel>" not in reply, reply

    async def named() -> bool:  # then by users.info, in the background
        member = await slack_env.service.find_member("slack", "UEVIL")
        return member is not None and member.display_name == "<!everyone>"

    await slack_env.eventually(named, what="users.info's name stored")
    reply = await slack_env.command("stats", "UEVIL")
    assert "Your stats, &lt;!everyone&gt;" in reply and "<!everyone>" not in reply, reply


@pytest.mark.parametrize("last_day_today", [True, False])
async def test_weekly_summary_with_chart_after_the_weeks_last_reveal(
    slack_env: SlackEnv, last_day_today: bool
):
    fake = slack_env.fake
    today = datetime.now(UTC).weekday()
    days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    other = days[(today + 1) % 7]
    await slack_env.command(f"setup tz UTC days {days[today] if last_day_today else other}", ADMIN)
    await slack_env.command("post", ADMIN)
    await slack_env.command("answer B, D", ALICE)
    assert "Revealed" in await slack_env.command("reveal", ADMIN)
    if not last_day_today:
        assert not fake.calls_to("files.completeUploadExternal") and not fake.uploads
        return
    (done,) = await fake.wait_for("files.completeUploadExternal")
    assert done.args["channel_id"] == CHANNEL
    assert (
        "Weekly summary" in done.args["initial_comment"] and "alice" in done.args["initial_comment"]
    )
    (png,) = fake.uploads.values()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    (asked,) = fake.calls_to("files.getUploadURLExternal")
    assert int(asked.args["length"]) == len(png)
