"""A burst of code answers through Slack's HTTP mode (real bolt, real sandbox, fake Slack): every
answer is acknowledged, stored and graded; none is refused because the sandbox is busy."""

from __future__ import annotations

import asyncio

import pytest

from tests.adapters.slack.slackenv import SlackEnv, reply_texts

CODE = "def ip_to_int(ip):\n    a, b, c, d = map(int, ip.split('.'))\n    return (a << 24) | (b << 16) | (c << 8) | d\n"
MEMBERS = 40  # more than the sandbox's workers + queue (2 + 32): some were refused before


@pytest.mark.parametrize("question_ids", [("python.ip-to-int.code",)])
async def test_a_burst_of_code_answers_is_stored_and_graded(slack_env: SlackEnv, question_ids):
    env = slack_env
    await env.setup_and_post()
    users = [f"UBURST{i:03d}" for i in range(MEMBERS)]
    for user in users:
        env.fake.add_user(user, user.lower())
    before = len(env.fake.responses)
    acks = await asyncio.gather(
        *(env.sender.command(f"answer ```python\n{CODE}```", user_id=user) for user in users)
    )
    assert all(status == 200 for status, _ in acks)
    in_acks = sum(bool(body) for _, body in acks)  # "received, grading" rides in the ack in time
    replies = await env.fake.wait_for_response(before + 2 * MEMBERS - in_acks, timeout=90)
    texts = reply_texts(acks, replies[before:])
    assert sum("grading your code" in t for t in texts) == MEMBERS
    assert sum("tests passed" in t for t in texts) == MEMBERS
    assert not [t for t in texts if "busy" in t]
    db = env.service.db
    assert (await db.fetchone("SELECT COUNT(*) FROM submissions"))[0] == MEMBERS
    row = await db.fetchone("SELECT COUNT(*) FROM code_queue WHERE state = 'graded'")
    assert row[0] == MEMBERS
    row = await db.fetchone("SELECT COUNT(*) FROM round_scores WHERE verdict = 'partial'")
    assert row[0] == MEMBERS
