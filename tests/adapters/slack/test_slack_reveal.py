"""The reveal of an open question on Slack: key points shown, answers scored by votes (never
"pending"), and an explanation far over Slack's 3,000-character section limit sent whole, split
over sections and messages (the fake Slack refuses blocks over Block Kit's limits, like Slack)."""

from __future__ import annotations

import dataclasses

import pytest
from slackenv import ADMIN, ALICE, BOB, CHANNEL, SlackEnv, texts

from bot.bank import QuestionBank

# Paragraphs of distinct words, so every one of them can be found in what was sent.
LONG = "\n\n".join(
    " ".join(f"w{p}x{i}" for i in range(150)) for p in range(30)
)  # about 30 x 1,100 characters
PARAGRAPHS = [f"w{p}x149" for p in range(30)]


@pytest.fixture
def question_ids() -> tuple[str, ...]:
    return ("algorithms.sorting.discuss",)


async def test_open_reveal_shows_key_points_votes_and_the_whole_long_explanation(
    slack_env: SlackEnv,
) -> None:
    env, fake = slack_env, slack_env.fake
    question = env.service.bank.get("algorithms.sorting.discuss")
    env.service.bank = QuestionBank([dataclasses.replace(question, explanation=LONG)])
    await env.command("setup tz UTC", ADMIN)
    await env.command("post", ADMIN)
    post_ts = fake.messages[CHANNEL][0]["ts"]
    group = await env.service.find_group("slack", CHANNEL)
    alice = await env.service.ensure_member("slack", ALICE, "alice")
    await env.service.submit(group.id, alice, "Quicksort on average, heapsort for bounds.")
    reply = fake.add_thread_reply(CHANNEL, post_ts, ALICE, "merge sort is stable")
    status, _ = await env.sender.event(
        {"type": "reaction_added", "user": BOB, "reaction": "+1", "item_user": ALICE,
         "item": {"type": "message", "channel": CHANNEL, "ts": reply["ts"]}}
    )  # fmt: skip
    assert status == 200
    await env.eventually(lambda: _votes(env), what="bob's vote for alice's thread reply")

    assert "Revealed" in await env.command("reveal", ADMIN)
    sent = [c for c in fake.calls_to("chat.postMessage") if c.args.get("thread_ts") == post_ts]
    reveal = [c for c in sent if c.args.get("blocks") and "Answer:" in texts(c.args["blocks"][0])]
    assert reveal, "the reveal was posted"
    shown = [c for c in sent[sent.index(reveal[0]) :] if c.args.get("blocks")]
    assert len(shown) >= 1 and all(len(c.args["blocks"]) <= 50 for c in shown)
    sections = [
        b["text"]["text"] for c in shown for b in c.args["blocks"] if b["type"] == "section"
    ]
    assert all(len(text) <= 3000 for text in sections)
    whole = "\n".join(sections)
    assert all(word in whole for word in PARAGRAPHS)  # nothing was cut
    assert "…" not in whole
    assert "*Key points:*" in whole
    for point in question.spec.key_points:
        assert point.split(":")[0] in whole
    everything = "".join(texts(c.args["blocks"]) for c in shown)
    assert "alice +2 (1 vote)" in everything and "pending" not in everything


async def _votes(env: SlackEnv) -> bool:
    row = await env.service.db.fetchone("SELECT COUNT(*) FROM votes")
    return int(row[0]) == 1
