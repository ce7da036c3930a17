"""A code question states the sandbox rules from the live policy in its Slack post and in the
code-answer form (bolt's HTTP path against the fake Slack: chat.postMessage, views.update)."""

from __future__ import annotations

import pytest
from slackenv import ALICE, CHANNEL, SlackEnv, form_shown, texts

from bot.adapters.slack.blocks import SECTION_MAX, esc
from bot.bank.model import CodeSpec
from bot.bank.rules import sandbox_rules


@pytest.fixture
def question_ids() -> tuple[str, ...]:
    return ("algorithms.sum-one-line.code",)


async def test_code_post_and_form_state_the_sandbox_rules(slack_env: SlackEnv) -> None:
    env = slack_env
    post_ts = await env.setup_and_post()
    group = await env.service.find_group("slack", CHANNEL)
    assert group is not None
    view = await env.service.current_round(group.id)
    assert view is not None and isinstance(view.question.spec, CodeSpec)
    rules = sandbox_rules(env.service.config.sandbox, time_limit=view.question.spec.time_limit)
    assert "`import` works for:" in rules

    (posted,) = [c for c in env.fake.calls_to("chat.postMessage") if "blocks" in c.args]
    sections = [b["text"]["text"] for b in posted.args["blocks"] if b["type"] == "section"]
    assert f"*Sandbox rules:* {esc(rules)}" in sections
    assert all(len(text) <= SECTION_MAX for text in sections)

    await env.sender.block_action(
        "study_answer", user_id=ALICE, value=str(view.round.id), message_ts=post_ts
    )
    _, form = await form_shown(env.fake)
    assert form["callback_id"] == "study_answer_modal"
    assert esc(rules) in texts(form["blocks"])
    assert texts(form["blocks"]).index("Sandbox rules") < texts(form["blocks"]).index('"input"')
