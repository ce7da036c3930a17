"""One member floods the Leaderboard button at 20 clicks/s while others answer: the others'
interactions are answered in well under a second (p99), and every flood click gets an answer
before Discord's 3 s deadline (a board, or a clear "too fast")."""

from __future__ import annotations

import asyncio
import math

import pytest
from discordenv import DiscordEnv, post_round
from fake_discord import FakeDiscord

from bot.core.limits import RateLimiter

FLOOD_PER_SECOND = 20
FLOOD_SECONDS = 3.0
MEMBERS = 15


@pytest.fixture
def question_ids() -> tuple[str, ...]:
    return ("algorithms.pairs-with-difference.check",)  # single answer: B


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.99 * len(ordered)) - 1)]


async def latency(fake: FakeDiscord, interaction: dict) -> float:
    callback = await fake.callback_of(interaction, timeout=15)
    assert callback.status == 200, "answered before the deadline"
    return callback.at - fake.sent_at[interaction["id"]]


@pytest.mark.parametrize("limited", [True, False], ids=["rate-limited", "no-click-limit"])
async def test_a_flooding_member_does_not_slow_the_others(
    discord_env: DiscordEnv, limited: bool
) -> None:
    """With the click limit off too: the chart is drawn once per change of the board, in a
    worker thread, so even an unlimited flood of Leaderboard clicks costs little."""
    fake, service = discord_env.fake, discord_env.service
    if not limited:
        service.guards.limiter = RateLimiter({})
    post = await post_round(fake)
    flooder = fake.new_user("flooder")

    async def flood() -> list[dict]:
        sent = []
        for _ in range(int(FLOOD_PER_SECOND * FLOOD_SECONDS)):
            sent.append(await fake.button("studybot:post:board", flooder, post))
            await asyncio.sleep(1 / FLOOD_PER_SECOND)
        return sent

    async def member_answers(i: int) -> list[float]:
        await asyncio.sleep(i * FLOOD_SECONDS / MEMBERS)
        who = fake.new_user(f"member{i}")
        opener = await fake.button("studybot:post:answer", who, post)
        first = await latency(fake, opener)
        picker = await fake.callback_of(opener)
        rows = picker.json["data"]["components"]
        choice_b = next(c["custom_id"] for r in rows for c in r["components"]
                        if c["custom_id"].endswith(":B"))  # fmt: skip
        picked = await fake.button(choice_b, who, fake.response_message(opener))
        second = await latency(fake, picked)
        board = await fake.slash("leaderboard", who, {"period": "week"})
        third = await latency(fake, board)
        return [first, second, third]

    flooding = asyncio.create_task(flood())
    others = await asyncio.gather(*(member_answers(i) for i in range(MEMBERS)))
    flood_sent = await flooding
    flood_latencies = [await latency(fake, p) for p in flood_sent]
    member_latencies = [x for per_member in others for x in per_member]
    print(
        f"\n{'limited' if limited else 'unlimited'}: flood {len(flood_sent)} clicks at {FLOOD_PER_SECOND}/s; members' interactions "
        f"{len(member_latencies)}: p50 {sorted(member_latencies)[len(member_latencies) // 2]:.3f} s"
        f" p99 {p99(member_latencies):.3f} s max {max(member_latencies):.3f} s; flooder's "
        f"p99 {p99(flood_latencies):.3f} s; charts drawn {service.charts.drawn}"
    )
    assert p99(member_latencies) < 1.0
    assert max(flood_latencies) < fake.interaction_deadline
    group = await service.find_group("discord", fake.channel["id"])
    view = await service.current_round(group.id)
    assert view.answered == MEMBERS, "every member's answer was stored"
    assert service.charts.drawn <= MEMBERS + 2, "drawn once per change of the board"
    if not limited:
        return
    replies = []
    for p in flood_sent:
        callback = await fake.callback_of(p)
        replies.append(
            (callback.json["data"].get("content") or "board")
            if callback.json["type"] == 4
            else "board"
        )
    limit = service.config.limits.clicks_per_minute
    too_fast = [r for r in replies if "too fast" in r]
    refill = math.ceil(limit * FLOOD_SECONDS * 1.5 / 60)  # tokens refilled while flooding
    assert len(flood_sent) - limit - refill <= len(too_fast) <= len(flood_sent) - limit
