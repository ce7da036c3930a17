"""`/study practice` through bolt's HTTP path against the fake Slack: a private (ephemeral)
question, graded like the daily round (code through the real sandbox); a miss is due again a day
later, a good answer days later; nothing reaches the channel or a board; `/study stats` shows the
caller's topic mastery and sends the PNG chart to their DMs; App Home shows the mastery too."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
from slackenv import ADMIN, ALICE, BOB, CHANNEL, SlackEnv, texts

SUM_OK = "```\ndef sum_to(n):\n    return n * (n + 1) // 2\n```"
SUM_BAD = "```\ndef sum_to(n):\n    return -1\n```"
RIGHT = {"algorithms.sum-one-line.code": SUM_OK, "python.mutable-immutable.check": "B, D"}
WRONG = {"algorithms.sum-one-line.code": SUM_BAD, "python.mutable-immutable.check": "A"}


@pytest.fixture
def question_ids() -> tuple[str, ...]:
    return tuple(RIGHT)


class Later:
    def __init__(self, base, shift: timedelta) -> None:
        self.base, self.shift = base, shift

    def now(self) -> datetime:
        return self.base.now() + self.shift


def asked(env: SlackEnv, reply: str) -> str:
    [qid] = [q for q in RIGHT if env.service.bank.get(q).title in reply]
    return qid


async def test_practice_on_slack(slack_env: SlackEnv) -> None:
    env, service = slack_env, slack_env.service
    await env.setup_and_post()
    group = await service.find_group("slack", CHANNEL)
    daily = (await service.current_round(group.id)).question.id
    posted = len(env.fake.calls_to("chat.postMessage"))

    reply = await env.command("practice", ALICE)  # ephemeral (checked by env.command)
    assert "Only you see this" in reply and "`/study practice YOUR ANSWER`" in reply
    qid = asked(env, reply)
    assert qid != daily  # never the open round's question
    result = await env.command(f"practice {WRONG[qid]}", ALICE)
    assert "Practice: Not quite" in result and "(in 1 day)" in result
    again = await env.command("practice", ALICE)
    assert asked(env, again) != qid or "early review" in again  # not due yet

    service.clock = Later(service.clock, timedelta(days=1, minutes=5))
    due = await env.command("practice", ALICE)
    assert asked(env, due) == qid and "A review due since" in due
    result = await env.command(f"practice {RIGHT[qid]}", ALICE)
    assert "Practice: Correct" in result and "(in 2 days)" in result

    # nothing in the channel, no round entry, no board; the answers went nowhere public
    assert len(env.fake.calls_to("chat.postMessage")) == posted
    assert (await service.current_round(group.id)).answered == 0
    assert not (await service.leaderboard(group.id)).entries
    assert all(r.get("response_type") == "ephemeral" for r in env.fake.responses)
    if qid.endswith(".code"):  # the code answers appear in no Web API call at all
        for answer in (WRONG[qid], RIGHT[qid]):
            body = answer.strip("`").splitlines()[2]
            assert not any(body in json.dumps(c.args) for c in env.fake.calls)

    # /study stats: her mastery, and the chart in her DMs; Bob sees only his own (nothing)
    stats = await env.command("stats", ALICE)
    assert "Topic mastery" in stats and "2 answered, 50% accuracy" in stats
    assert "direct messages" in stats
    [chart] = [f for f in env.fake.shared if f.title == "Topic mastery"]
    assert chart.data.startswith(b"\x89PNG")
    bob = await env.command("stats", BOB)
    assert "Topic mastery: nothing answered yet." in bob
    theirs = await env.command(f"stats <@{ALICE}>", BOB)
    assert "Topic mastery" not in theirs  # another member's mastery is never shown

    # App Home: her mastery under her groups
    before = len(env.fake.calls_to("views.publish"))
    await env.sender.event({"type": "app_home_opened", "user": ALICE, "tab": "home"})
    home = (await env.fake.wait_for("views.publish", before + 1))[-1]
    assert "Topic mastery" in texts(home.args["view"]["blocks"])

    # after the reveal the daily question can be practised too: both kinds have been answered
    # (the code one through the real sandbox)
    await env.command("reveal", ADMIN)
    other = await env.command("practice", ALICE)
    assert asked(env, other) == daily
    result = await env.command(f"practice {RIGHT[daily]}", ALICE)
    assert "Practice: Correct" in result
