"""Answering never waits on users.info (a Tier 4 method: ~100 calls a minute). Through bolt's HTTP
path and the fake Slack: new members are stored at once with the name their request carries, the
background refresher names them from users.info later within its rate limit, and a 429 with
Retry-After pauses it (answers go on) until it asks again."""

from __future__ import annotations

import asyncio
import time

from slackenv import CHANNEL, SlackEnv, reply_texts
from test_slack_round import answer_by_modal

from bot.adapters.slack import refresher
from bot.adapters.slack.refresher import TokenBucket

MEMBERS = 30
PER_MINUTE, BURST = 600.0, 5  # the test's refresher: 10 a second (the default is 50 a minute)


async def stored_names(env: SlackEnv, users: list[str]) -> dict[str, str]:
    names = {}
    for user in users:
        member = await env.service.find_member("slack", user)
        if member is not None:
            names[user] = member.display_name
    return names


def test_the_default_rate_is_well_under_tier_4():
    assert refresher.PER_MINUTE <= 50 and refresher.BURST <= 10


async def test_new_members_answer_at_once_without_users_info(slack_env: SlackEnv):
    env = slack_env
    await env.setup_and_post()
    names = env.adapter.runtime.users.refresher
    names.bucket = TokenBucket(PER_MINUTE, BURST)
    users = [f"UNEW{i:02d}" for i in range(MEMBERS)]
    for i, user in enumerate(users):
        env.fake.add_user(user, f"Member {i}")
    env.fake.latency["users.info"] = 0.2  # as slow as Slack may be: an answer must not wait
    before = len(env.fake.responses)

    async def answer(user: str) -> tuple[int, str, float]:
        status, body = await env.sender.command(
            "answer B", user_id=user, user_name=user.lower(),
            response_url=env.fake.response_url(user),
        )  # fmt: skip
        return status, body, time.monotonic()

    acks = await asyncio.gather(*(answer(user) for user in users))
    assert all(status == 200 for status, _, _ in acks)
    in_acks = sum(bool(body) for _, body, _ in acks)  # receipts that rode in their ack
    replies = await env.fake.wait_for_response(before + MEMBERS - in_acks, timeout=15)
    texts = reply_texts([(status, body) for status, body, _ in acks], replies[before:])
    assert len(texts) == MEMBERS and all("received" in t for t in texts), texts
    for user, (_, body, acked_at) in zip(users, acks, strict=True):
        # no users.info for a member before their receipt came (in the ack, or posted)
        (receipt_at,) = [acked_at] if body else env.fake.responded_at[user]
        asked = [c.at for c in env.fake.calls_to("users.info") if c.args.get("user") == user]
        assert all(at > receipt_at for at in asked), user
    row = await env.service.db.fetchone(
        "SELECT COUNT(*) FROM submissions s JOIN members m ON m.id = s.member_id"
        " WHERE m.external_id LIKE 'UNEW%'"
    )
    assert row[0] == MEMBERS  # every answer stored, once
    first = await stored_names(env, users)  # named as the payloads said (until users.info)
    assert all(first[u] in (u.lower(), f"Member {i}") for i, u in enumerate(users)), first

    async def all_named() -> bool:
        got = await stored_names(env, users)
        return got == {u: f"Member {i}" for i, u in enumerate(users)}

    await env.eventually(all_named, timeout=15, what="display names from users.info")
    asked = sorted(c.at for c in env.fake.calls_to("users.info")
                   if str(c.args.get("user", "")).startswith("UNEW"))  # fmt: skip
    assert len(asked) == MEMBERS  # each new member asked once (deduplicated)
    for i, at in enumerate(asked):  # the bucket: BURST at once, then PER_MINUTE / 60 a second
        assert at - asked[0] >= (i - BURST) * 60 / PER_MINUTE - 0.05, (i, at - asked[0])


async def test_rate_limited_users_info_waits_for_retry_after(slack_env: SlackEnv):
    env = slack_env
    await env.setup_and_post()
    names = env.adapter.runtime.users.refresher
    names.bucket = TokenBucket(PER_MINUTE, BURST)
    env.fake.add_user("ULIMIT", "Limited Larry")
    env.fake.add_user("UWAIT", "Waiting Wendy")
    env.fake.rate_limit_next["users.info"] = 1
    env.fake.retry_after["users.info"] = 2
    reply = await env.command("answer B", "ULIMIT")
    assert "received" in reply
    (limited,) = await env.fake.wait_for("users.info#429", timeout=5)
    # while the refresher waits out Retry-After, answering (also by a form) still works
    group = await env.service.find_group("slack", CHANNEL)
    view = await env.service.current_round(group.id)
    post_ts = env.fake.messages[CHANNEL][0]["ts"]
    receipt = await answer_by_modal(env, "UWAIT", post_ts, view.round.id, ["B", "D"])
    assert "received" in receipt
    assert not [c for c in env.fake.calls_to("users.info") if c.at > limited.at]  # not yet
    member = await env.service.find_member("slack", "UWAIT")
    assert member is not None and member.display_name == "uwait"  # the payload's user.username

    async def named() -> bool:
        got = await stored_names(env, ["ULIMIT", "UWAIT"])
        return got == {"ULIMIT": "Limited Larry", "UWAIT": "Waiting Wendy"}

    await env.eventually(named, timeout=10, what="names after the Retry-After")
    retried = [c for c in env.fake.calls_to("users.info") if c.args.get("user") == "ULIMIT"]
    assert retried and retried[0].at - limited.at >= 2.0 - 0.05  # waited out Retry-After
    assert limited.args.get("user") == "ULIMIT" and names.rate_limited == 1

    task = names._task
    await env.adapter.close()  # the refresher's task ends with the adapter
    assert task is not None and task.done() and names._task is None
