"""Code answers on Discord: "received, grading..." first (test_discord_round), and an answer
still waiting for its grade when the bot stopped is graded after the restart and its result sent
to the member in a direct message (their interaction is gone), through the real discord.py client
against the fake Discord. Nothing about it is posted in the group's channel."""

from __future__ import annotations

from discordenv import DiscordEnv, post_round

CORRECT = "def sum_to(n):\n    return n * (n + 1) // 2"


async def test_an_answer_graded_after_a_restart_is_sent_in_a_dm(discord_env: DiscordEnv):
    fake, service = discord_env.fake, discord_env.service
    await post_round(fake)
    group = await service.find_group("discord", fake.channel["id"])
    view = await service.current_round(group.id)
    alice = fake.new_user("alice")
    member = await service.ensure_member("discord", alice["id"], "alice")
    # what the previous process left: the answer stored as received, not graded yet
    await service.grading.repo.add(view.round.id, member.id, CORRECT, service.clock.now())
    channel_posts = len(fake.calls("POST", rf"/channels/{fake.channel['id']}/messages"))

    assert await service.grading.resume() == 1
    await fake.wait_for(lambda r: r.method == "POST" and r.path == "/users/@me/channels")
    dm = fake.dms[str(alice["id"])]
    sent = await fake.wait_for(
        lambda r: r.method == "POST" and r.path == f"/channels/{dm}/messages"
    )
    text = sent.json["content"]
    [question] = service.bank.questions
    n = len(question.spec.all_tests)
    assert "One-line sum" in text and f"<#{fake.channel['id']}>" in text
    assert "✅" in text and f"{n}/{n} tests passed" in text
    assert sent.json["allowed_mentions"] == {"parse": []}
    assert len(fake.calls("POST", rf"/channels/{fake.channel['id']}/messages")) == channel_posts
    row = await service.db.fetchone("SELECT COUNT(*) FROM submissions WHERE member_id = ?",
                                    (member.id,))  # fmt: skip
    assert row[0] == 1
