"""The reveal of an open question on Discord: its key points in the reveal, scored by votes."""

from __future__ import annotations

import pytest
from discordenv import DiscordEnv, post_round


@pytest.fixture
def question_ids() -> tuple[str, ...]:
    return ("algorithms.sorting.discuss",)


async def test_open_reveal_shows_the_key_points(discord_env: DiscordEnv) -> None:
    fake, service = discord_env.fake, discord_env.service
    post = await post_round(fake)
    admin = fake.new_user("admin")
    reveal = await fake.slash("reveal", admin, admin=True)
    path = f"/webhooks/{fake.app_id}/{reveal['token']}"
    await fake.wait_for(lambda r: r.method == "POST" and r.path == path)
    shown = fake.bot_messages(post["id"])[-1]["embeds"][0]
    assert shown["title"].startswith("✅ Reveal")
    assert "**Key points:**" in shown["description"]
    for point in service.bank.get("algorithms.sorting.discuss").spec.key_points:
        assert f"• {point}" in shown["description"]
    fields = {f["name"]: f["value"] for f in shown["fields"]}
    assert fields["Scored by"].startswith("peer votes") and "Correct" not in fields
