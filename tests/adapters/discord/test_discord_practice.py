"""/practice through the real discord.py client against the fake Discord: a private (ephemeral)
question with an Answer button and form, graded like the daily round (code through the real
sandbox); a miss comes back as a due review a day later, a good answer is due days later; nothing
of it is posted in the channel or counted on a board; /stats shows the caller's topic mastery
with its PNG chart."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
from discordenv import DiscordEnv, post_round
from fake_discord import FakeDiscord, Recorded

SUM_OK = "def sum_to(n):\n    return n * (n + 1) // 2"
SUM_BAD = "def sum_to(n):\n    return -1"
RIGHT = {"algorithms.sum-one-line.code": SUM_OK, "algorithms.pairs-with-difference.check": "B"}
WRONG = {"algorithms.sum-one-line.code": SUM_BAD, "algorithms.pairs-with-difference.check": "A"}


@pytest.fixture
def question_ids() -> tuple[str, ...]:
    return tuple(RIGHT)


class Later:
    """The service's clock moved forward (the rest of the stack keeps the real time)."""

    def __init__(self, base, shift: timedelta) -> None:
        self.base, self.shift = base, shift

    def now(self) -> datetime:
        return self.base.now() + self.shift


async def reply_of(fake: FakeDiscord, interaction: dict) -> Recorded:
    """The reply to an interaction: its callback, or the follow-up of a deferred one."""
    callback = await fake.callback_of(interaction)
    if callback.json["type"] != 5:
        return callback
    path = f"/webhooks/{fake.app_id}/{interaction['token']}"
    return await fake.wait_for(lambda r: r.method == "POST" and r.path == path)


def content(recorded: Recorded) -> str:
    data = recorded.json.get("data", recorded.json)
    return data.get("content") or ""


async def practise(fake: FakeDiscord, bank, who: dict, answer_for) -> tuple[str, str]:
    """/practice, Answer button, the form filled with `answer_for(question id)`: (question, result)."""
    asked = await fake.slash("practice", who)
    shown = await fake.callback_of(asked)
    assert shown.json["type"] == 4 and shown.flags == 64  # only the caller sees it
    ids = [c["custom_id"] for row in shown.json["data"]["components"] for c in row["components"]]
    assert ids == ["studybot:practice:answer", "studybot:practice:next"]
    message = fake.response_message(asked)
    opener = await fake.button("studybot:practice:answer", who, message)
    modal = await fake.callback_of(opener)
    assert modal.json["type"] == 9 and modal.json["data"]["title"].startswith("Practice: ")
    text = content(shown)
    [qid] = [q for q in RIGHT if f"] {bank.get(q).title}\n" in text]
    submitted = await fake.fill_modal(modal, who, answer_for(qid))
    result = await reply_of(fake, submitted)
    assert result.flags == 64
    return qid, content(result)


async def test_practice_is_private_scheduled_and_never_scored(discord_env: DiscordEnv) -> None:
    fake, service = discord_env.fake, discord_env.service
    post_msg = await post_round(fake)
    group = await service.find_group("discord", fake.channel["id"])
    daily = (await service.current_round(group.id)).question.id
    alice = fake.new_user("alice")
    before = len(fake.posted)
    thread_before = [m["id"] for m in fake.bot_messages(post_msg["id"])]

    qid, result = await practise(fake, service.bank, alice, WRONG.get)
    assert qid != daily  # never the open round's question
    assert "Practice: Not quite" in result and "(in 1 day)" in result

    # the next day the miss is due again, before anything new
    service.clock = Later(service.clock, timedelta(days=1, minutes=5))
    again, result = await practise(fake, service.bank, alice, RIGHT.get)
    assert again == qid
    assert "Practice: Correct" in result and "(in 2 days)" in result

    # nothing was posted in the channel or the thread; no board, no round entry
    assert len(fake.posted) == before
    assert [m["id"] for m in fake.bot_messages(post_msg["id"])] == thread_before
    view = await service.current_round(group.id)
    assert view.answered == 0
    board = await service.leaderboard(group.id)
    assert not board.entries
    # practice went only to alice: every reply that shows a practice question, form or result is
    # ephemeral (or is the form itself, which only its opener sees); channel posts were checked
    # above. (Matching the answer text would also match a choice letter like "A" anywhere.)
    replies = [r for r in fake.requests if "/interactions/" in r.path or "/webhooks/" in r.path]
    shown = [r for r in replies if "Practice" in json.dumps(r.json or {})]
    assert len(shown) >= 4  # two questions shown, two results
    assert all(r.flags == 64 or (r.json or {}).get("type") == 9 for r in shown), shown

    # /stats on herself: points and streaks, her topic mastery, and the chart (ephemeral)
    stats = await fake.slash("stats", alice)
    deferred = await fake.callback_of(stats)
    assert deferred.json["type"] == 5 and deferred.flags == 64
    shown = await reply_of(fake, stats)
    assert shown.flags == 64 and "Topic mastery" in content(shown)
    assert "algorithms" in content(shown) and "2 answered, 50% accuracy" in content(shown)
    [(name, png)] = shown.files
    assert name == "mastery.png" and png.startswith(b"\x89PNG")

    # once the daily round is revealed, its question can be practised too: both kinds (the code
    # one through the real sandbox, its form deferred) have now been answered in practice
    admin = fake.new_user("admin")
    await reply_of(fake, await fake.slash("reveal", admin, admin=True))
    other, result = await practise(fake, service.bank, alice, RIGHT.get)
    assert other == daily and "Practice: Correct" in result
    assert {qid, other} == set(RIGHT)
