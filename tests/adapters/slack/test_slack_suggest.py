"""Members grow the bank on Slack (bolt's HTTP path against the fake Slack): `/study suggest`
opens a form (a loading modal, then the form in its place), the core's problems are shown on the form naming the field, a valid
suggestion is stored and acknowledged; an admin reviews it with `/study suggestions` and accepts
it; the next day's post credits the author in its blocks."""

from __future__ import annotations

import json
from datetime import timedelta

from slackenv import ADMIN, ALICE, CHANNEL, SlackEnv, form_shown, texts

from bot.adapters.slack.modals import ACTION_ID, BLOCK_ID, SUGGEST_CALLBACK
from tests.adapters.terminal.test_terminal_suggest import SUGGESTION as LINES

SUGGESTION = "\n".join(LINES)


def filled(text: str) -> dict:
    return {BLOCK_ID: {ACTION_ID: {"type": "plain_text_input", "value": text}}}


async def test_member_suggests_admin_accepts_post_credits(slack_env: SlackEnv) -> None:
    env, fake = slack_env, slack_env.fake
    await env.setup_and_post()  # today's question, from the bank

    status, ack = await env.sender.command("suggest", user_id=ALICE, trigger_id="t-suggest")
    assert status == 200 and ack == ""
    trigger, form = await form_shown(fake)  # a loading modal first, then the form in its place
    assert trigger == "t-suggest" and form["callback_id"] == SUGGEST_CALLBACK
    (field,) = [b for b in form["blocks"] if b["type"] == "input"]
    assert field["element"]["multiline"] is True

    broken = SUGGESTION.replace("difficulty = 1", "difficulty = 7")
    status, ack = await env.sender.view_submission(
        SUGGEST_CALLBACK, user_id=ALICE, values=filled(broken),
        private_metadata=form["private_metadata"],
    )  # fmt: skip
    errors = json.loads(ack)
    assert status == 200 and errors["response_action"] == "errors"
    assert "field 'difficulty'" in errors["errors"][BLOCK_ID]

    status, ack = await env.sender.view_submission(
        SUGGEST_CALLBACK, user_id=ALICE, values=filled(SUGGESTION),
        private_metadata=form["private_metadata"],
    )  # fmt: skip
    assert status == 200 and ack == ""
    (told,) = await fake.wait_for("chat.postEphemeral")
    assert told.args["user"] == ALICE and told.args["channel"] == CHANNEL
    assert "Suggestion #1 (`git.undo-the-last-commit`) waits" in told.args["text"]

    assert 'kind = "short"' in await env.command("suggest help", ALICE)
    assert "admin" in (await env.command("suggestions", ALICE)).lower()
    listed = await env.command("suggestions", ADMIN)
    assert "#1 `git.undo-the-last-commit`, by alice" in listed
    shown = await env.command("suggestions show 1", ADMIN)
    assert "Suggestion #1 by alice, pending:" in shown and "git reset --soft HEAD~1" in shown
    accepted = await env.command("suggestions accept 1", ADMIN)
    assert "Suggestion #1 accepted: *Undo the last commit* joins" in accepted
    assert "already accepted" in await env.command("suggestions reject 1 duplicate", ADMIN)

    # a second one: the admin edits it in the form (filled in), then rejects it with a reason
    second = SUGGESTION.replace("Undo the last commit", "Drop the last commit")
    await env.sender.view_submission(
        SUGGEST_CALLBACK, user_id=ALICE, values=filled(second),
        private_metadata=form["private_metadata"],
    )  # fmt: skip
    await fake.wait_for("chat.postEphemeral", 2)
    await env.sender.command("suggestions edit 2", user_id=ADMIN, trigger_id="t-edit")
    trigger, edit_form = await form_shown(fake, 2)  # a loading modal first, then the form
    assert trigger == "t-edit" and "Loading" in texts(fake.calls_to("views.open")[1].args)
    (field,) = [b for b in edit_form["blocks"] if b["type"] == "input"]
    edited = field["element"]["initial_value"].replace("keeps the changes", "keeps your changes")
    await env.sender.view_submission(
        SUGGEST_CALLBACK, user_id=ADMIN, values=filled(edited),
        private_metadata=edit_form["private_metadata"],
    )  # fmt: skip
    told = (await fake.wait_for("chat.postEphemeral", 3))[2]
    assert told.args["user"] == ADMIN
    assert "Suggestion #2 changed (`git.drop-the-last-commit`); still pending." in told.args["text"]
    assert "Suggestion #2 rejected." in await env.command("suggestions reject 2 too close", ADMIN)
    shown = await env.command("suggestions show 2", ADMIN)
    assert "rejected (too close)" in shown and "keeps your changes" in shown

    group = await env.service.find_group("slack", CHANNEL)
    assert group is not None
    tomorrow = env.service.local_today(group) + timedelta(days=1)
    view = await env.service.post_round(group.id, on_date=tomorrow)  # reveals today's first
    assert view.question.id == "git.undo-the-last-commit"
    post = [c for c in fake.calls_to("chat.postMessage") if "Question of the day" in texts(c.args)]
    assert len(post) == 2
    assert "Undo the last commit" in texts(post[-1].args["blocks"])
    assert "Suggested by alice" in texts(post[-1].args["blocks"])
    assert "Suggested by" not in texts(post[0].args["blocks"])
