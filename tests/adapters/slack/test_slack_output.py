"""Member output on Slack stays inside its code block, pings nobody, and arrives whole: a long
output goes to the member's direct messages as a file (the real files_upload_v2 flow)."""

from __future__ import annotations

from slackenv import ALICE, BOB, CHANNEL, SlackEnv, form_shown

from bot.core.output import ZWSP

NASTY = (
    "run print('`' * 3); print('````x``'); "
    "print('<!channel> <!here> <@UBOB> @everyone & co'); "
    "print(chr(27) + '[2J' + chr(27) + '[31mred ' + chr(0x202e) + 'evil' + chr(13))"
)
LONG = "run for i in range(5000): print('line', i)"
WHOLE = "".join(f"line {i}\n" for i in range(5000))


async def test_run_output_stays_in_one_block_and_pings_nobody(slack_env: SlackEnv):
    reply = await slack_env.command(NASTY, ALICE)
    assert reply.count("```") == 2 and reply.rstrip().endswith("```")
    body = reply[reply.index("```") + 3 : reply.rindex("```")]
    assert "``" not in body and f"`{ZWSP}`{ZWSP}`" in body
    assert "<" not in reply and ">" not in reply  # no <!channel>, <@U...> or link markup left
    assert "&lt;!channel&gt; &lt;!here&gt; &lt;@UBOB&gt; @everyone &amp; co" in body
    assert "\x1b" not in reply and "\u202e" not in reply and "\r" not in reply
    assert "\\x1b[2J\\x1b[31mred \\u202eevil\\r" in body
    assert not slack_env.fake.shared


async def test_long_output_goes_whole_to_the_members_direct_messages(slack_env: SlackEnv):
    fake = slack_env.fake
    reply = await slack_env.command(LONG, ALICE)
    assert len(reply) <= 2900 and reply.count("```") == 2
    assert "line 0\nline 1\n" in reply
    assert "all of it (5,000 lines) is in our direct messages" in reply
    [opened] = fake.calls_to("chat.postMessage")
    assert opened.args["channel"] == ALICE and "5,000 lines" in opened.args["text"]
    [shared] = fake.shared
    assert shared.channel == "D" + ALICE[1:] and shared.data.decode() == WHOLE
    [asked] = fake.calls_to("files.getUploadURLExternal")
    assert asked.args["filename"] == "output.txt" and int(asked.args["length"]) == len(WHOLE)
    assert not fake.messages.get(CHANNEL), "nothing of it in the channel itself"


async def test_long_output_from_the_run_form(slack_env: SlackEnv):
    fake = slack_env.fake
    status, _ = await slack_env.sender.command("run", user_id=BOB, trigger_id="trig-run")
    assert status == 200
    _, view = await form_shown(fake)
    code = "for i in range(5000):\n    print('line', i)"
    values = {"answer": {"value": {"type": "plain_text_input", "value": code}}}
    await slack_env.sender.view_submission(
        view["callback_id"], user_id=BOB, values=values, private_metadata=view["private_metadata"]
    )
    (result,) = await fake.wait_for("chat.postEphemeral", timeout=20)
    assert result.args["user"] == BOB and "in our direct messages" in result.args["text"]
    [shared] = fake.shared
    assert shared.channel == "D" + BOB[1:] and shared.data.decode() == WHOLE


async def test_an_upload_that_fails_is_said_honestly(slack_env: SlackEnv):
    slack_env.fake.errors["files.completeUploadExternal"] = "not_allowed_token_type"
    reply = await slack_env.command(LONG, ALICE)
    assert reply.endswith("_Output shortened._") and "line 0\n" in reply
    assert not slack_env.fake.shared
