"""Admin-only commands refused for a member without Manage Server: nothing changes."""

from __future__ import annotations

from discordenv import DiscordEnv, post_round, setup_channel

from bot.core.models import RoundState


async def test_member_cannot_reveal_or_skip_the_open_round(discord_env: DiscordEnv) -> None:
    fake, service = discord_env.fake, discord_env.service
    daily = await post_round(fake)
    group = await service.find_group("discord", fake.channel["id"])
    assert group is not None
    view = await service.current_round(group.id)
    assert view is not None and view.round.state is RoundState.POSTED
    thread_id = view.round.thread_ref
    assert thread_id == daily["id"]
    in_thread = len(fake.bot_messages(thread_id))
    in_channel = len(fake.bot_messages(fake.channel["id"]))

    mallory = fake.new_user("mallory")
    for command, action in (("reveal", "reveal the answer"), ("skip", "skip a round")):
        interaction = await fake.slash(command, mallory)
        reply = await fake.callback_of(interaction)
        assert reply.json["type"] == 4 and reply.flags == 64  # an immediate, ephemeral refusal
        content = reply.json["data"]["content"]
        assert content.startswith(f"Only admins can {action}"), content
        assert "Manage Server" in content
        assert not fake.webhook_calls(interaction), "no deferral and no follow-up"
        # hidden from members by default, too
        assert str(fake.commands[command]["default_member_permissions"]) == str(1 << 5)

    assert len(fake.bot_messages(thread_id)) == in_thread, "no reveal posted in the thread"
    assert len(fake.bot_messages(fake.channel["id"])) == in_channel
    titles = [e.get("title", "") for m in fake.posted for e in m.get("embeds") or []]
    assert not [t for t in titles if t.startswith("✅ Reveal")], titles
    after = await service.current_round(group.id)
    assert after is not None and after.round.id == view.round.id
    assert after.round.state is RoundState.POSTED and after.round.revealed_at is None

    # an admin can still reveal it afterwards: the refusals left the round intact
    reveal = await fake.slash("reveal", fake.new_user("admin2"), admin=True)
    await fake.callback_of(reveal)
    path = f"/webhooks/{fake.app_id}/{reveal['token']}"
    done = await fake.wait_for(lambda r: r.method == "POST" and r.path == path)
    assert done.json["content"].startswith("✅ Revealed")
    assert (await service.current_round(group.id)).round.state is RoundState.REVEALED
    assert fake.bot_messages(thread_id)[-1]["embeds"][0]["title"].startswith("✅ Reveal")


async def test_member_cannot_skip_before_the_post(discord_env: DiscordEnv) -> None:
    """A refused /skip before the daily post must not claim the day (the scheduler still posts)."""
    fake, service = discord_env.fake, discord_env.service
    admin = fake.new_user("admin")
    await setup_channel(fake, admin)
    group = await service.find_group("discord", fake.channel["id"])
    assert group is not None

    interaction = await fake.slash("skip", fake.new_user("mallory"))
    reply = await fake.callback_of(interaction)
    assert reply.flags == 64 and reply.json["data"]["content"].startswith("Only admins can skip")
    assert await service.current_round(group.id) is None

    view = await service.post_round(group.id)  # what the scheduler does later that day
    assert view.round.state is RoundState.POSTED
