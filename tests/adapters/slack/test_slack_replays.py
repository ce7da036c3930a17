"""Replays, retries, floods and vote stuffing on Slack, as crafted signed requests: each is
handled once, within the member's limits, and counted once per voter and author."""

from __future__ import annotations

import asyncio
import json
import time
from urllib.parse import urlencode

import pytest
from slackenv import ADMIN, ALICE, BOB, CAROL, CHANNEL, SlackEnv, form_shown, reply_texts
from slacksender import new_trigger_id

from bot.storage.submissions import SubmissionRepository

CODE = "def ip_to_int(ip):\n    a, b, c, d = map(int, ip.split('.'))\n    return (a << 24) | (b << 16) | (c << 8) | d\n"


async def count(env: SlackEnv, table: str) -> int:
    row = await env.service.db.fetchone(f"SELECT COUNT(*) FROM {table}")
    return int(row[0])


async def settle(env: SlackEnv) -> None:
    """Let listeners started by earlier requests finish (a command round trip, then a pause)."""
    await env.command("leaderboard", ALICE)
    await asyncio.sleep(0.3)


def command_body(text: str, user: str, trigger: str, response_url: str) -> str:
    return urlencode({
        "team_id": "T0TEST", "channel_id": CHANNEL, "channel_name": "study", "user_id": user,
        "command": "/study", "text": text, "api_app_id": "A0TEST",
        "response_url": response_url, "trigger_id": trigger,
    })  # fmt: skip


async def test_a_replayed_or_retried_command_is_stored_once(slack_env: SlackEnv):
    env = slack_env
    await env.setup_and_post()
    body = command_body("answer B, D", ALICE, new_trigger_id(), env.fake.response_url())
    ts = str(int(time.time()))
    form = "application/x-www-form-urlencoded"
    acks = []
    for headers in ({}, {}, {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}):
        acks.append(await env.sender.post(body, form, timestamp=ts, headers=headers))
    # the same command re-signed with a new timestamp (its trigger id gives it away)
    acks.append(await env.sender.post(body, form, timestamp=str(int(time.time()) + 1)))
    assert all(status == 200 for status, _ in acks)
    await settle(env)
    assert await count(env, "submissions") == 1
    replies = reply_texts(acks, env.fake.responses)  # the receipt may ride in its ack
    assert len(replies) == 4, "setup, post, one receipt, the leaderboard"
    assert sum("received" in text for text in replies) == 1


async def test_an_answer_whose_store_failed_is_taken_when_sent_again(
    slack_env: SlackEnv, monkeypatch: pytest.MonkeyPatch
):
    """The request is recorded as handled in the answer's own transaction: a store that fails
    leaves it unrecorded, so the same signed request sent again is stored (once)."""
    env = slack_env
    await env.setup_and_post()
    record = SubmissionRepository._record

    async def failing(*args, **kwargs):
        raise RuntimeError("database is locked")

    monkeypatch.setattr(SubmissionRepository, "_record", staticmethod(failing))
    body = command_body("answer B, D", ALICE, new_trigger_id(), env.fake.response_url())
    ts, form = str(int(time.time())), "application/x-www-form-urlencoded"
    status, ack = await env.sender.post(body, form, timestamp=ts)
    assert status == 200 and "went wrong" in json.loads(ack)["text"]
    assert await count(env, "submissions") == 0
    monkeypatch.setattr(SubmissionRepository, "_record", staticmethod(record))
    status, ack = await env.sender.post(body, form, timestamp=ts)  # the member tries again
    assert status == 200 and "received" in json.loads(ack)["text"]
    status, ack = await env.sender.post(body, form, timestamp=ts)  # a replay: dropped
    assert (status, ack) == (200, "")
    assert await count(env, "submissions") == 1


async def test_a_retried_event_is_handled_once(slack_env: SlackEnv):
    env = slack_env
    event = {"type": "app_home_opened", "user": ALICE, "tab": "home"}
    for retry in ("", "1", "2"):
        headers = {"X-Slack-Retry-Num": retry} if retry else {}
        status, _ = await env.sender.event(event, event_id="Ev0001", headers=headers)
        assert status == 200
    await settle(env)
    assert len(env.fake.calls_to("views.publish")) == 1


@pytest.mark.parametrize("question_ids", [("python.ip-to-int.code",)])
async def test_a_replayed_code_form_runs_the_sandbox_once(
    slack_env: SlackEnv, question_ids, monkeypatch: pytest.MonkeyPatch
):
    env, service = slack_env, slack_env.service
    grades = []
    real_grade = service.sandbox.grade

    async def grade(*args, **kwargs):
        grades.append(args)
        return await real_grade(*args, **kwargs)

    monkeypatch.setattr(service.sandbox, "grade", grade)
    await env.setup_and_post()
    group = await service.find_group("slack", CHANNEL)
    view = await service.current_round(group.id)
    await env.sender.block_action("study_answer", user_id=ALICE, value=str(view.round.id))
    _, modal = await form_shown(env.fake)
    payload = {
        "team": {"id": "T0TEST", "domain": "test"}, "api_app_id": "A0TEST",
        "type": "view_submission", "trigger_id": new_trigger_id(),
        "user": {"id": ALICE, "username": "alice", "team_id": "T0TEST"},
        "view": {"id": "V1", "type": "modal", "callback_id": modal["callback_id"],
                 "private_metadata": modal["private_metadata"],
                 "state": {"values": {"answer": {"value": {"type": "plain_text_input",
                                                           "value": CODE}}}}},
    }  # fmt: skip
    body = urlencode({"payload": json.dumps(payload)})
    ts = str(int(time.time()))
    form = "application/x-www-form-urlencoded"
    for stamp in (ts, ts, ts, str(int(ts) + 2)):
        status, text = await env.sender.post(body, form, timestamp=stamp)
        assert (status, text) == (200, "")
    received, receipt = await env.fake.wait_for("chat.postEphemeral", count=2, timeout=20)
    assert "grading" in received.args["text"] and "tests passed" in receipt.args["text"]
    await settle(env)
    assert len(grades) == 1 and await count(env, "submissions") == 1
    assert len(env.fake.calls_to("chat.postEphemeral")) == 2  # received, then the result


async def test_an_answer_flood_is_cut_with_a_clear_reply(slack_env: SlackEnv):
    env = slack_env
    await env.setup_and_post()
    limit = env.service.config.limits.answers_per_minute
    replies = await asyncio.gather(
        *(env.sender.command("answer A", user_id=BOB) for _ in range(40))
    )
    refused = [body for status, body in replies if "too fast" in body]
    assert all(status == 200 for status, _ in replies)
    assert len(refused) == 40 - limit and "Try again in" in refused[0]
    await settle(env)
    assert await count(env, "submissions") == limit
    assert "received" in await env.command("answer B", CAROL), "others are not limited"


async def test_vote_stuffing_counts_once_and_every_thumbs_up_variant_withdraws_consistently(
    slack_env: SlackEnv,
):
    env, fake, service = slack_env, slack_env.fake, slack_env.service
    post_ts = await env.setup_and_post()
    group = await service.find_group("slack", CHANNEL)
    round_id = (await service.current_round(group.id)).round.id
    replies = [fake.add_thread_reply(CHANNEL, post_ts, BOB, f"point {i}") for i in range(6)]

    async def react(kind: str, user: str, ts: str, reaction: str = "+1") -> None:
        status, _ = await env.sender.event(
            {"type": kind, "user": user, "reaction": reaction, "item_user": BOB,
             "item": {"type": "message", "channel": CHANNEL, "ts": ts}}
        )  # fmt: skip
        assert status == 200

    async def rows() -> int:
        return await count(env, "votes")

    for reply in replies:  # six replies by Bob, all voted by Alice: one vote
        await react("reaction_added", ALICE, reply["ts"])
    await env.eventually(lambda: _is(rows, 6), what="six reactions recorded")
    assert [n for _, n in await service.submissions.vote_counts(round_id)] == [1]
    await react("reaction_added", CAROL, replies[0]["ts"], "+1")
    await react("reaction_added", CAROL, replies[0]["ts"], "thumbsup::skin-tone-4")
    await env.eventually(lambda: _is(rows, 8), what="Carol's two variants")
    await react("reaction_removed", CAROL, replies[0]["ts"], "+1::skin-tone-4")
    await env.eventually(lambda: _is(rows, 7), what="one variant withdrawn")
    assert [n for _, n in await service.submissions.vote_counts(round_id)] == [2]
    await react("reaction_removed", CAROL, replies[0]["ts"], "+1")
    await env.eventually(lambda: _is(rows, 6), what="Carol's vote withdrawn")
    outsider = "UOUT"
    fake.add_user(outsider, "outsider")
    fake.channel_members[CHANNEL] = {ADMIN, ALICE, BOB, CAROL}  # the outsider is not in it
    await react("reaction_added", outsider, replies[1]["ts"])
    await settle(env)
    assert await rows() == 6
    assert "Revealed" in await env.command("reveal", ADMIN)
    vote_points = env.service.config.scoring.vote_points
    results = {r.member.external_id: r.points for r in await service.submissions.results(round_id)}
    assert results[BOB] == vote_points, "one vote, not the per-round cap"


async def _is(get, n: int) -> bool:
    return await get() == n
