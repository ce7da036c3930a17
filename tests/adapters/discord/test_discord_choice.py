"""Choice questions are answered with buttons; the answer stays hidden until the reveal."""

from __future__ import annotations

import pytest
from discordenv import DiscordEnv, post_round
from fake_discord import Recorded


@pytest.fixture
def question_ids() -> tuple[str, ...]:
    return ("algorithms.pairs-with-difference.check",)  # single answer: B ("O(n)")


def option_ids(callback: Recorded) -> list[str]:
    rows = callback.json["data"]["components"]
    return [c["custom_id"] for row in rows for c in row["components"]]


async def test_choice_answers_by_button_are_ephemeral_and_graded_at_reveal(
    discord_env: DiscordEnv,
) -> None:
    fake = discord_env.fake
    post_msg = await post_round(fake)
    alice, bob = fake.new_user("alice"), fake.new_user("bob")

    opener = await fake.button("studybot:post:answer", alice, post_msg)
    picker = await fake.callback_of(opener)
    assert picker.json["type"] == 4 and picker.flags == 64
    options = fake.response_message(opener)  # the ephemeral message carrying the option buttons
    ids = option_ids(picker)
    assert [i.rsplit(":", 1)[1] for i in ids] == ["A", "B", "C", "D"]
    choice_b = next(i for i in ids if i.endswith(":B"))
    choice_a = next(i for i in ids if i.endswith(":A"))

    picked = await fake.callback_of(await fake.button(choice_b, alice, options))
    assert picked.json["type"] == 4 and picked.flags == 64
    assert picked.json["data"]["content"].startswith("📨")  # pending: graded at the reveal
    assert "reveal" in picked.json["data"]["content"]

    opener = await fake.slash("answer", bob)
    picker = await fake.callback_of(opener)
    assert picker.flags == 64 and option_ids(picker) == ids
    options = fake.response_message(opener)
    await fake.callback_of(await fake.button(choice_b, bob, options))
    changed = await fake.callback_of(await fake.button(choice_a, bob, options))
    assert "replaces your earlier answer" in changed.json["data"]["content"]

    admin = fake.new_user("admin")
    reveal = await fake.slash("reveal", admin, admin=True)
    path = f"/webhooks/{fake.app_id}/{reveal['token']}"
    done = await fake.wait_for(lambda r: r.method == "POST" and r.path == path)
    assert "2 answered, 1 correct" in done.json["content"]
    shown = fake.bot_messages(post_msg["id"])[-1]["embeds"][0]
    assert "**Answer:** B" in shown["description"]

    # after the reveal an answer is practice: graded, scores nothing
    late = await fake.callback_of(await fake.button(choice_b, fake.new_user("late"), options))
    assert late.flags == 64 and "Practice" in late.json["data"]["content"]


async def test_question_shows_the_post_only_to_the_caller(discord_env: DiscordEnv) -> None:
    fake = discord_env.fake
    await post_round(fake)
    shown = await fake.callback_of(await fake.slash("question", fake.new_user("carol")))
    assert shown.json["type"] == 4 and shown.flags == 64
    embed = shown.json["data"]["embeds"][0]
    assert "**A.** O(log n)" in embed["description"] and "**D.** O(n²)" in embed["description"]


async def test_commands_in_the_discussion_thread_use_the_channel_group(
    discord_env: DiscordEnv,
) -> None:
    fake = discord_env.fake
    post_msg = await post_round(fake)
    thread = fake.channels[post_msg["id"]]
    asked = await fake.slash("question", fake.new_user("dave"), channel=thread)
    shown = await fake.callback_of(asked)
    assert shown.flags == 64 and shown.json["data"]["embeds"][0]["title"].startswith("📚")
