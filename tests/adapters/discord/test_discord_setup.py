"""`/setup` in a new channel at 10:00 UTC with the scheduler running (the shipped defaults post at
09:00 UTC on weekdays, with a two-hour grace): the options are saved before anything is posted,
and the reply beats Discord's 3-second deadline although every channel write is slow."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import time_machine
from discordenv import DiscordEnv
from fake_discord import FakeDiscord, Recorded

from bot.scheduling.scheduler import RoundScheduler

WEDNESDAY_10_UTC = datetime(2026, 3, 4, 10, 0, tzinfo=UTC)


@pytest.fixture
def at_ten() -> Iterator[None]:
    with time_machine.travel(WEDNESDAY_10_UTC, tick=True):
        yield


@pytest.fixture
async def scheduler(discord_env: DiscordEnv, at_ten: None):
    running = RoundScheduler(discord_env.service, grace_seconds=2 * 3600)
    await running.start()
    yield running
    await running.stop()


def channel_posts(fake: FakeDiscord) -> list[Recorded]:
    return fake.calls("POST", rf"/channels/{fake.channel['id']}/messages")


async def answered_in_time(fake: FakeDiscord, interaction: dict) -> Recorded:
    callback = await fake.callback_of(interaction)
    assert callback.status == 200, "the interaction was answered after Discord's deadline"
    assert callback.at - fake.sent_at[interaction["id"]] < fake.interaction_deadline
    return callback


async def test_setup_with_options_that_are_not_due_posts_nothing(
    discord_env: DiscordEnv, scheduler: RoundScheduler
) -> None:
    fake, service = discord_env.fake, discord_env.service
    fake.channel_latency = 1.2  # a slow platform: any post before the reply breaks the deadline
    options = {"time": "08:00", "timezone": "America/New_York", "weekdays": "mon,wed,fri"}
    setup = await fake.slash("setup", fake.new_user("admin"), options, admin=True)

    callback = await answered_in_time(fake, setup)
    assert callback.json["type"] == 5 and callback.flags == 0  # deferred, public
    path = f"/webhooks/{fake.app_id}/{setup['token']}"
    reply = await fake.wait_for(lambda r: r.path.startswith(path) and r.method in ("POST", "PATCH"))
    assert "08:00" in reply.json["content"] and "America/New_York" in reply.json["content"]

    group = await service.find_group("discord", fake.channel["id"])
    assert group is not None and group.settings.schedule.timezone == "America/New_York"
    assert group.settings.schedule.weekdays == (0, 2, 4)
    await asyncio.sleep(0.5)
    assert channel_posts(fake) == []  # 05:00 in New York: nothing is due
    assert await service.current_round(group.id) is None
    # the next wake is the group's own first post: 08:00 New York = 13:00 UTC today
    assert scheduler.planned(group.id) == datetime(2026, 3, 4, 13, 0, tzinfo=UTC)


async def test_setup_with_a_due_schedule_replies_first_then_posts_with_its_options(
    discord_env: DiscordEnv, scheduler: RoundScheduler
) -> None:
    fake, service = discord_env.fake, discord_env.service
    fake.channel_latency = 1.2
    options = {"time": "09:30", "timezone": "UTC", "reveal_time": "16:00"}
    setup = await fake.slash("setup", fake.new_user("admin"), options, admin=True)

    await answered_in_time(fake, setup)
    path = f"/webhooks/{fake.app_id}/{setup['token']}"
    reply = await fake.wait_for(lambda r: r.path.startswith(path) and r.method in ("POST", "PATCH"))
    assert "09:30" in reply.json["content"]

    # 09:30 passed half an hour ago (within the grace): the round comes, after the reply
    post = await fake.wait_for(
        lambda r: r.method == "POST" and r.path == f"/channels/{fake.channel['id']}/messages"
    )
    assert reply.at < post.at
    reveal_at = datetime(2026, 3, 4, 16, 0, tzinfo=UTC)  # the option, not the default 12 h
    fields = {f["name"]: f["value"] for f in post.json["embeds"][0]["fields"]}
    assert fields["Reveal"] == f"<t:{int(reveal_at.timestamp())}:R>"
    group = await service.find_group("discord", fake.channel["id"])
    view = await service.current_round(group.id)
    assert view is not None and view.round.reveal_due == reveal_at
    assert view.round.round_date.isoformat() == "2026-03-04" and view.round.scheduled
    assert len(channel_posts(fake)) == 1  # one post, never the default schedule's too
