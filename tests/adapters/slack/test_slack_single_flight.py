"""A new member's burst of requests asks Slack once: concurrent users.conversations lookups of one
member share a single call, the member is stored once, and users.info is asked once, by the
background refresher, never on the way to a reply (through bolt's HTTP path and the fake Slack,
with API latency so the requests overlap)."""

from __future__ import annotations

import asyncio

from tests.adapters.slack.slackenv import SlackEnv, reply_texts

BURST = 8


async def test_concurrent_requests_of_a_new_member_share_one_lookup(slack_env: SlackEnv):
    env = slack_env
    await env.setup_and_post()
    env.fake.add_user("UNEWBIE", "newbie")
    env.fake.latency.update({"users.info": 0.2, "users.conversations": 0.2})
    info_before = len(env.fake.calls_to("users.info"))
    conv_before = len(env.fake.calls_to("users.conversations"))
    before = len(env.fake.responses)
    texts = ["leaderboard", "stats", "answer B", "leaderboard"] * (BURST // 4)
    acks = await asyncio.gather(*(env.sender.command(t, user_id="UNEWBIE") for t in texts))
    assert all(status == 200 for status, _ in acks)
    in_acks = sum(bool(body) for _, body in acks)  # receipts that rode in their ack
    replies = await env.fake.wait_for_response(before + BURST - in_acks, timeout=10)
    assert not [t for t in reply_texts(acks, replies[before:]) if "went wrong" in t]
    assert len(env.fake.calls_to("users.conversations")) - conv_before == 1
    row = await env.service.db.fetchone(
        "SELECT COUNT(*), MAX(display_name) FROM members WHERE external_id = 'UNEWBIE'"
    )
    assert tuple(row) == (1, "unewbie")  # stored once, named as the commands said
    await env.fake.wait_for("users.info", 1, user="UNEWBIE")  # in the background

    async def named() -> bool:
        member = await env.service.find_member("slack", "UNEWBIE")
        return member is not None and member.display_name == "newbie"

    await env.eventually(named, what="users.info's name stored")
    assert len(env.fake.calls_to("users.info")) - info_before == 1


async def test_a_burst_of_members_in_one_channel_lists_the_channel_once(slack_env: SlackEnv):
    """Eight new members answer at once: the channel's member list is walked once (the fake
    pages it 2 members at a time) instead of a users.conversations call per member."""
    env = slack_env
    await env.setup_and_post()
    users = [f"UBURST{i}" for i in range(8)]
    for user in users:
        env.fake.add_user(user, user.lower())
    env.fake.latency.update({"conversations.members": 0.05, "users.conversations": 0.05})
    env.adapter.runtime.membership._rosters.clear()  # as after the cache's 30 s
    before, replies = len(env.fake.calls), len(env.fake.responses)
    acks = await asyncio.gather(*(env.sender.command("answer B", user_id=u) for u in users))
    assert all(status == 200 for status, _ in acks)
    in_acks = sum(bool(body) for _, body in acks)  # receipts that rode in their ack
    await env.fake.wait_for_response(replies + len(users) - in_acks, timeout=10)
    calls = env.fake.calls[before:]
    walks = [c for c in calls if c.method == "conversations.members" and not c.args.get("cursor")]
    assert len(walks) == 1
    asked = {c.args.get("user") for c in calls if c.method == "users.conversations"}
    assert not asked & set(users)
    row = await env.service.db.fetchone("SELECT COUNT(*) FROM submissions")
    assert row[0] == len(users)
