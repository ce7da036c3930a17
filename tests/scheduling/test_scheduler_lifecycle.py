"""Restarts, downtime vs the grace window, schedule changes, stuck posts and failing platforms."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.core.models import PostedRefs, RoundState
from bot.storage.db import open_database
from tests.scheduling.conftest import TimedPublisher, admin, run_until, scheduled_group

BERLIN = ZoneInfo("Europe/Berlin")
DAY = date(2026, 7, 1)  # a Wednesday; Berlin is UTC+2


def berlin(hour: int, minute: int = 0, day: date = DAY) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=BERLIN).astimezone(UTC)


async def db_rounds(target: str) -> list[tuple]:
    """The rounds as stored, read over a connection of its own (either backend)."""
    db = await open_database(target).open(migrate=False)
    try:
        rows = await db.fetchall(
            "SELECT round_date, state, message_ref FROM rounds ORDER BY round_date"
        )
    finally:
        await db.close()
    return [tuple(row) for row in rows]


SCHEDULE = {"timezone": "Europe/Berlin", "post_time": "09:00", "reveal_time": "18:00",
            "reminder_minutes": 30}  # fmt: skip


async def test_restart_in_the_middle_of_a_round(make_bot, clock, database_target) -> None:
    clock.current = berlin(8)
    first = await make_bot()
    group = await scheduled_group(first.service, **SCHEDULE)
    await run_until(first, clock, group.id, berlin(12))
    alice = await first.service.ensure_member("test", "alice", "Alice")
    await first.service.submit(group.id, alice, "B")
    assert [day for day, _ in first.publisher.of("post")] == [DAY]

    clock.current = berlin(13)  # the first process is gone; a new one starts on the same file
    second = await make_bot()
    await second.scheduler.catch_up()
    assert second.publisher.events == []  # nothing re-posted
    assert second.scheduler.planned(group.id) == berlin(17, 30)  # the reminder comes next
    await run_until(second, clock, group.id, berlin(23))

    assert second.publisher.of("remind") == [(DAY, berlin(17, 30))]
    assert second.publisher.of("reveal") == [(DAY, berlin(18))]
    assert second.publisher.of("post") == []
    assert (await db_rounds(database_target)) == [(DAY.isoformat(), "revealed", "msg-1")]
    board = await second.service.leaderboard(group.id)
    assert [entry.member.display_name for entry in board.entries] == ["Alice"]


async def test_reveal_missed_while_down_happens_at_start_up(
    make_bot, clock, database_target
) -> None:
    clock.current = berlin(8)
    first = await make_bot()
    group = await scheduled_group(first.service, **SCHEDULE)
    await run_until(first, clock, group.id, berlin(10))

    clock.current = berlin(20)  # down from 10:00 to 20:00: reminder and reveal missed
    second = await make_bot()
    await second.scheduler.catch_up()
    assert second.publisher.of("reveal") == [(DAY, berlin(20))]
    assert second.publisher.of("remind") == []  # a stale reminder is not sent
    assert second.scheduler.planned(group.id) == berlin(9, day=DAY + timedelta(days=1))
    assert (await db_rounds(database_target))[0][1] == "revealed"


async def test_downtime_shorter_than_grace_posts_late(make_bot, clock, database_target) -> None:
    clock.current = berlin(8)
    first = await make_bot(grace_seconds=1800)
    group = await scheduled_group(first.service, **SCHEDULE)
    await first.scheduler.catch_up()
    assert first.scheduler.planned(group.id) == berlin(9)

    clock.current = berlin(9, 25)  # down across 09:00, back within 30 minutes
    second = await make_bot(grace_seconds=1800)
    await second.scheduler.catch_up()
    assert second.publisher.of("post") == [(DAY, berlin(9, 25))]
    assert (await db_rounds(database_target)) == [(DAY.isoformat(), "posted", "msg-1")]
    assert second.scheduler.planned(group.id) == berlin(17, 30)  # reveal stays at 18:00 local


async def test_downtime_longer_than_grace_skips_and_logs(
    make_bot, clock, database_target, caplog
) -> None:
    clock.current = berlin(8)
    first = await make_bot(grace_seconds=1800)
    group = await scheduled_group(first.service, **SCHEDULE)
    await first.scheduler.catch_up()

    clock.current = berlin(9, 31)
    second = await make_bot(grace_seconds=1800)
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="bot.scheduling"):
        await second.scheduler.catch_up()
        await second.scheduler.wake(group.id)  # logged once, not on every wake
    assert second.publisher.events == []
    assert (await db_rounds(database_target)) == []
    skips = [r.getMessage() for r in caplog.records if "skipped the post" in r.getMessage()]
    assert len(skips) == 1 and "2026-07-01" in skips[0]
    tomorrow = DAY + timedelta(days=1)
    assert second.scheduler.planned(group.id) == berlin(9, day=tomorrow)
    await run_until(second, clock, group.id, berlin(10, day=tomorrow))
    assert second.publisher.of("post") == [(tomorrow, berlin(9, day=tomorrow))]


async def test_a_schedule_change_takes_effect_without_restart(make_bot, clock) -> None:
    clock.current = berlin(6)
    bot = await make_bot(listen=True)
    group = await scheduled_group(bot.service, **SCHEDULE)
    assert bot.scheduler.planned(group.id) == berlin(9)

    actor = await admin(bot.service)
    await bot.service.update_settings(group.id, actor, post_time="07:30")
    assert bot.scheduler.planned(group.id) == berlin(7, 30)
    await bot.service.update_settings(group.id, actor, timezone="Europe/London")
    london = datetime(2026, 7, 1, 7, 30, tzinfo=ZoneInfo("Europe/London"))
    assert bot.scheduler.planned(group.id) == london
    await run_until(bot, clock, group.id, london + timedelta(minutes=1))
    assert bot.publisher.of("post") == [(DAY, london)]
    await bot.service.update_settings(group.id, actor, reveal_time="off", enabled="off")
    # the open round still has its reveal (stored when posted); then nothing more is planned
    await run_until(bot, clock, group.id, berlin(23, day=DAY + timedelta(days=3)))
    assert len(bot.publisher.of("reveal")) == 1 and len(bot.publisher.of("post")) == 1
    assert bot.scheduler.planned(group.id) is None


async def test_round_stuck_in_posting_is_finished_once(make_bot, clock, database_target) -> None:
    clock.current = berlin(9)
    crashed = await make_bot(posting_timeout_seconds=90)
    group = await scheduled_group(crashed.service, **SCHEDULE)
    crashed.publisher.fail_next = 1  # the process "dies" inside publish: intent recorded only
    await crashed.scheduler.catch_up()
    assert (await db_rounds(database_target)) == [(DAY.isoformat(), "posting", None)]

    clock.current = berlin(9, 0) + timedelta(seconds=30)  # two new processes start at once
    a, b = await make_bot(posting_timeout_seconds=90), await make_bot(posting_timeout_seconds=90)
    await asyncio.gather(a.scheduler.catch_up(), b.scheduler.catch_up())
    assert a.publisher.events == b.publisher.events == []  # may still be in flight: wait
    assert a.scheduler.planned(group.id) == berlin(9) + timedelta(seconds=90)

    clock.current = berlin(9, 2)
    await asyncio.gather(a.scheduler.wake(group.id), b.scheduler.wake(group.id))
    posts = a.publisher.of("post") + b.publisher.of("post")
    assert posts == [(DAY, berlin(9, 2))]
    [(_day, state, ref)] = await db_rounds(database_target)
    assert state == "posted" and ref is not None


class FindingPublisher(TimedPublisher):
    """A platform that can look its own posts up (e.g. by searching recent channel history)."""

    async def find_round_post(self, group, view) -> PostedRefs | None:
        self.events.append(("found", view.round.round_date, self.clock.now()))
        return PostedRefs(message_ref="found-msg", thread_ref="found-thread")


async def test_stuck_post_found_on_the_platform_is_not_resent(
    make_bot, clock, database_target
) -> None:
    clock.current = berlin(9)
    crashed = await make_bot()
    group = await scheduled_group(crashed.service, **SCHEDULE)
    crashed.publisher.fail_next = 1
    await crashed.scheduler.catch_up()

    clock.current = berlin(9, 5)
    bot = await make_bot()
    bot.service.register_publisher(FindingPublisher(clock))
    await bot.scheduler.catch_up()
    assert (await db_rounds(database_target)) == [(DAY.isoformat(), "posted", "found-msg")]
    view = await bot.service.current_round(group.id)
    assert view.round.state is RoundState.POSTED and view.round.thread_ref == "found-thread"


async def test_a_failing_platform_is_retried_and_never_stops_the_scheduler(
    make_bot, clock, tmp_path
) -> None:
    clock.current = berlin(8)
    bot = await make_bot(posting_timeout_seconds=90)
    group = await scheduled_group(bot.service, **SCHEDULE)
    bot.publisher.fail_next = 1  # the platform is down at 09:00
    await run_until(bot, clock, group.id, berlin(9))
    assert bot.publisher.events == []
    assert bot.scheduler.planned(group.id) == berlin(9, 1)  # retry in a minute
    await run_until(bot, clock, group.id, berlin(23))
    assert bot.publisher.of("post") == [(DAY, berlin(9) + timedelta(seconds=90))]
    assert bot.publisher.of("reveal") == [(DAY, berlin(18))]

    async def broken(group_id: int) -> None:
        raise RuntimeError("bug in reminder")

    bot.service.remind = broken  # an unexpected error inside a job: logged, the day goes on
    tomorrow = DAY + timedelta(days=1)
    await run_until(bot, clock, group.id, berlin(23, day=tomorrow))
    assert [day for day, _ in bot.publisher.of("reveal")] == [DAY, tomorrow]


async def test_two_schedulers_on_one_file_post_once(make_bot, clock, database_target) -> None:
    clock.current = berlin(8)
    a, b = await make_bot(), await make_bot()
    group = await scheduled_group(a.service, **SCHEDULE)
    clock.current = berlin(9)
    await asyncio.gather(a.scheduler.catch_up(), b.scheduler.catch_up())
    await asyncio.gather(a.scheduler.wake(group.id), b.scheduler.wake(group.id))
    assert len(a.publisher.of("post") + b.publisher.of("post")) == 1
    clock.current = berlin(18)
    await asyncio.gather(a.scheduler.wake(group.id), b.scheduler.wake(group.id))
    assert len(a.publisher.of("reveal") + b.publisher.of("reveal")) == 1
    assert (await db_rounds(database_target)) == [(DAY.isoformat(), "revealed", "msg-1")]


async def test_admin_skip_is_respected(make_bot, clock, database_target) -> None:
    clock.current = berlin(8)
    bot = await make_bot()
    group = await scheduled_group(bot.service, **SCHEDULE)
    await bot.service.skip_today(group.id, await admin(bot.service))
    await run_until(bot, clock, group.id, berlin(23))
    assert bot.publisher.events == []
    assert (await db_rounds(database_target)) == [(DAY.isoformat(), "skipped", None)]


async def test_the_next_post_closes_a_round_still_open(make_bot, clock) -> None:
    clock.current = berlin(8)
    bot = await make_bot()
    group = await scheduled_group(
        bot.service, timezone="Europe/Berlin", post_time="09:00", reveal_after_hours=30
    )
    tomorrow = DAY + timedelta(days=1)
    await run_until(bot, clock, group.id, berlin(10, day=tomorrow))
    assert [(kind, day) for kind, day, _ in bot.publisher.events] == [
        ("post", DAY),
        ("reveal", DAY),  # at 09:00 the next day, just before the next question
        ("post", tomorrow),
    ]
    assert bot.publisher.of("reveal") == [(DAY, berlin(9, day=tomorrow))]
