"""Choice questions with several correct options are answered with a multi-select menu."""

from __future__ import annotations

import pytest
from discordenv import DiscordEnv, post_round


@pytest.fixture
def question_ids() -> tuple[str, ...]:
    return ("python.mutable-immutable.check",)  # B and D are correct


async def test_multi_select_answer(discord_env: DiscordEnv) -> None:
    fake = discord_env.fake
    post_msg = await post_round(fake)
    alice = fake.new_user("alice")
    opener = await fake.button("studybot:post:answer", alice, post_msg)
    picker = await fake.callback_of(opener)
    [menu] = [c for row in picker.json["data"]["components"] for c in row["components"]]
    assert menu["type"] == 3 and menu["max_values"] == len(menu["options"]) == 5
    chosen = await fake.select(menu["custom_id"], alice, fake.response_message(opener), ["D", "B"])
    receipt = await fake.callback_of(chosen)
    assert receipt.flags == 64 and receipt.json["data"]["content"].startswith("📨")

    admin = fake.new_user("admin")
    reveal = await fake.slash("reveal", admin, admin=True)
    path = f"/webhooks/{fake.app_id}/{reveal['token']}"
    done = await fake.wait_for(lambda r: r.method == "POST" and r.path == path)
    assert "1 answered, 1 correct" in done.json["content"]
