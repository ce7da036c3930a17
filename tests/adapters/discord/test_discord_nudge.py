"""The weekly practice nudge on Discord (issue #15): after the reveal of the group's last round of
the week, the channel gets the reviews due per member (this round's results counted first), by
name and count only, never a score; a member who ran `/nudge off` is left out."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from discordenv import DiscordEnv, setup_channel
from fake_discord import FakeDiscord

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@pytest.fixture
def question_ids() -> tuple[str, ...]:
    return ("algorithms.pairs-with-difference.check",)  # single answer: B


async def answer(fake: FakeDiscord, who: dict, post: dict, letter: str) -> None:
    """Answer button -> choice buttons -> the letter; waits for the receipt."""
    opener = await fake.button("studybot:post:answer", who, post)
    picker = await fake.callback_of(opener)
    rows = picker.json["data"]["components"]
    custom_id = next(c["custom_id"] for r in rows for c in r["components"]
                     if c["custom_id"].endswith(f":{letter}"))  # fmt: skip
    picked = await fake.button(custom_id, who, fake.response_message(opener))
    assert (await fake.callback_of(picked)).status == 200


@pytest.mark.parametrize("last_day_today", [True, False])
async def test_weekly_nudge_names_due_reviews_of_opted_in_members(
    discord_env: DiscordEnv, last_day_today: bool
) -> None:
    fake, service = discord_env.fake, discord_env.service
    chan = fake.channel["id"]
    admin = fake.new_user("admin")
    today = datetime.now(ZoneInfo("UTC")).weekday()
    day = DAYS[today] if last_day_today else DAYS[(today + 1) % 7]
    await setup_channel(fake, admin, {"timezone": "UTC", "weekdays": day})
    post = await fake.slash("post", admin, admin=True)
    await fake.wait_for(lambda r: r.method == "POST" and r.path.endswith(post["token"]))
    post_msg = fake.bot_messages(chan)[0]
    alice, bob, carol = (fake.new_user(n) for n in ("alice", "bob", "carol"))
    off = await fake.slash("nudge", carol, {"wanted": "off"})
    shown = await fake.callback_of(off)
    assert shown.flags == 64 and "nudge **off**" in shown.json["data"]["content"]
    for who, letter in ((alice, "B"), (bob, "A"), (carol, "C")):
        await answer(fake, who, post_msg, letter)

    reveal = await fake.slash("reveal", admin, admin=True)
    await fake.wait_for(lambda r: r.method == "POST" and r.path.endswith(reveal["token"]))
    channel_posts = fake.calls("POST", rf"/channels/{chan}/messages")
    nudges = [c for c in channel_posts if "practice nudge" in (c.json.get("content") or "")]
    if not last_day_today:
        assert not nudges, "only after the week's last reveal"
        return
    [nudge] = nudges
    text = nudge.json["content"]
    print("\n" + text)
    group = await service.find_group("discord", chan)
    due = await service.practice.weekly_nudge(group.id)
    assert [name for name, _ in due] == ["alice", "bob"], "carol opted out"
    assert all(f"{name} {n}" in text for name, n in due), "reviews due per member"
    assert "carol" not in text and "/nudge off" in text
    assert "point" not in text.lower() and "correct" not in text.lower(), "never a score"
    assert nudge.json["allowed_mentions"] == {"parse": []}
    assert channel_posts.index(nudge) == len(channel_posts) - 1, "after the weekly summary"
