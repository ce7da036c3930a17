"""Modal first: the Answer button opens a modal before any database work, so a slow database
(here: reading the round takes 2 s) never lets Slack's 3 s trigger expire. Through bolt's HTTP
path and the fake Slack: views.open with the click's trigger comes first, then the form replaces
the loading modal (views.update); a stale button replaces it with the reason instead. A click is
not claimed in the database (it changes nothing; Slack takes its trigger id once)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

import pytest
from slackenv import ADMIN, ALICE, BOB, CHANNEL, SlackEnv, form_shown, forms_shown, texts

from bot.adapters.slack.interactions import STALE
from bot.core.models import Group
from bot.core.service import StudyService

SLOW = 2.0  # seconds the database takes to claim a request


def slow_round_reads(service: StudyService) -> tuple[list[float], Callable[[], None]]:
    """Reading the current round takes SLOW seconds from now on (a slow database): the times
    the reads finished, and a function that undoes it."""
    current_round = service.current_round
    read: list[float] = []

    async def slow_read(group_id: int):
        await asyncio.sleep(SLOW)
        read.append(time.monotonic())
        return await current_round(group_id)

    service.current_round = slow_read  # type: ignore[method-assign]

    def restore() -> None:
        service.current_round = current_round  # type: ignore[method-assign]

    return read, restore


async def test_the_answer_button_opens_a_modal_before_the_database(slack_env: SlackEnv):
    env = slack_env
    post_ts = await env.setup_and_post()
    group = await env.service.find_group("slack", CHANNEL)
    view = await env.service.current_round(group.id)
    service = env.service
    claims = await service.guards.requests.count()
    read, restore = slow_round_reads(service)
    click = time.monotonic()
    sent = asyncio.ensure_future(
        env.sender.block_action(
            "study_answer", user_id=ALICE, value=str(view.round.id), message_ts=post_ts,
            trigger_id="t-alice",
        )
    )  # fmt: skip
    (opened,) = await env.fake.wait_for("views.open", timeout=SLOW)
    assert time.monotonic() - click < 1.0 and not read  # before the database was asked
    assert opened.args["trigger_id"] == "t-alice"
    assert (await sent)[0] == 200
    trigger, form = await form_shown(env.fake)
    assert trigger == "t-alice" and form["callback_id"] == "study_answer_modal"
    assert read  # the round was still read (and checked) before the form was shown
    assert await service.guards.requests.count() == claims  # the click claimed nothing

    restore()
    await env.sender.block_action(
        "study_answer", user_id=BOB, value=str(view.round.id + 1), message_ts=post_ts,
        trigger_id="t-bob",
    )  # fmt: skip
    _, notice = await form_shown(env.fake, 2)
    assert STALE in texts(notice["blocks"]) and "callback_id" not in notice


async def form_known_in_memory(env: SlackEnv) -> tuple[Group, dict[str, str]]:
    """Post, and have a first member click Answer (loading modal, then the form): from then on
    the form is known in memory. The group, and the Answer button's click arguments."""
    post_ts = await env.setup_and_post()
    group = await env.service.find_group("slack", CHANNEL)
    view = await env.service.current_round(group.id)
    click = dict(value=str(view.round.id), message_ts=post_ts)
    await env.sender.block_action("study_answer", user_id=ALICE, trigger_id="t-first", **click)
    await form_shown(env.fake)
    return group, click


async def test_a_form_known_in_memory_opens_at_once_and_is_still_checked(slack_env: SlackEnv):
    """Once the bot has read the round, the group, the clicker's membership and its signing key,
    a click opens the form itself (one views.open, no loading modal, no views.update), before
    the request is claimed; the listener's checks still run and can replace it."""
    env, fake = slack_env, slack_env.fake
    group, click = await form_known_in_memory(env)
    updates = len(fake.calls_to("views.update"))

    service = env.service
    read, restore = slow_round_reads(service)
    sent = asyncio.ensure_future(
        env.sender.block_action("study_answer", user_id=BOB, trigger_id="t-bob", **click)
    )
    (_, opened) = await fake.wait_for("views.open", 2, timeout=SLOW)
    assert not read and opened.args["trigger_id"] == "t-bob"
    assert opened.args["view"]["callback_id"] == "study_answer_modal"  # the form itself
    assert (await sent)[0] == 200

    async def checked() -> bool:
        return bool(read)

    await env.eventually(checked, timeout=SLOW + 2, what="the round read after the form")
    await asyncio.sleep(0.2)
    assert len(fake.calls_to("views.update")) == updates, "nothing replaced it: it was right"
    restore()

    # the round ends behind the bot's back (another process): the early form is replaced
    await env.service.skip_today(group.id, await env.adapter.runtime.users.actor(ADMIN))
    await env.sender.block_action("study_answer", user_id=BOB, trigger_id="t-late", **click)
    late = (await fake.wait_for("views.open", 3))[2]
    assert late.args["view"]["callback_id"] == "study_answer_modal"
    (*_, notice) = await fake.wait_for("views.update", updates + 1)
    assert "callback_id" not in notice.args["view"]  # the reason, not a form
    assert len(forms_shown(fake)) == 3


async def test_an_early_form_that_slack_refused_is_opened_again(
    slack_env: SlackEnv, monkeypatch: pytest.MonkeyPatch
):
    env, fake = slack_env, slack_env.fake
    _, click = await form_known_in_memory(env)
    answer, refused = fake._answer, []

    def refuse_once(method: str, args: dict):  # e.g. a network error on the early open
        if method == "views.open" and not refused:
            refused.append(args["trigger_id"])
            return {"ok": False, "error": "internal_error"}
        return answer(method, args)

    monkeypatch.setattr(fake, "_answer", refuse_once)
    await env.sender.block_action("study_answer", user_id=BOB, trigger_id="t-bob", **click)
    early, again = (await fake.wait_for("views.open", 3))[1:]
    assert refused == ["t-bob"] and early.args["view"]["callback_id"] == "study_answer_modal"
    assert again.args["trigger_id"] == "t-bob"
    assert again.args["view"]["callback_id"] == "study_answer_modal"  # the listener's own
