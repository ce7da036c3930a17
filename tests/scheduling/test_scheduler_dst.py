"""A group's day across both DST changes, driven through the real service and SQLite."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from bot.storage.db import open_database
from tests.scheduling.conftest import run_until, scheduled_group

BERLIN = ZoneInfo("Europe/Berlin")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def local_times(events: list[tuple[object, datetime]]) -> list[tuple[object, str]]:
    return [(day, at.astimezone(BERLIN).strftime("%H:%M %Z")) for day, at in events]


async def round_rows(target: str) -> list[tuple[str, str]]:
    db = await open_database(target).open(migrate=False)
    try:
        rows = await db.fetchall("SELECT round_date, state FROM rounds ORDER BY round_date")
    finally:
        await db.close()
    return [tuple(row) for row in rows]


async def test_0900_berlin_across_spring_forward(make_bot, clock, database_target) -> None:
    clock.current = utc(2026, 3, 26, 12)
    bot = await make_bot()
    group = await scheduled_group(
        bot.service, timezone="Europe/Berlin", post_time="09:00", reveal_time="18:00",
        reminder_minutes=30,
    )  # fmt: skip
    await bot.scheduler.catch_up()
    await run_until(bot, clock, group.id, utc(2026, 4, 1))

    days = [date(2026, 3, d) for d in (27, 28, 29, 30, 31)]
    zones = ["CET", "CET", "CEST", "CEST", "CEST"]
    pub = bot.publisher
    assert local_times(pub.of("post")) == [
        (d, f"09:00 {z}") for d, z in zip(days, zones, strict=True)
    ]
    assert local_times(pub.of("remind")) == [
        (d, f"17:30 {z}") for d, z in zip(days, zones, strict=True)
    ]
    assert local_times(pub.of("reveal")) == [
        (d, f"18:00 {z}") for d, z in zip(days, zones, strict=True)
    ]
    assert (await round_rows(database_target)) == [(d.isoformat(), "revealed") for d in days]


async def test_0900_berlin_across_fall_back(make_bot, clock, tmp_path) -> None:
    clock.current = utc(2026, 10, 23, 12)
    bot = await make_bot()
    group = await scheduled_group(bot.service, timezone="Europe/Berlin", post_time="09:00")
    await bot.scheduler.catch_up()
    await run_until(bot, clock, group.id, utc(2026, 10, 28))

    days = [date(2026, 10, d) for d in (24, 25, 26, 27)]
    zones = ["CEST", "CET", "CET", "CET"]
    assert local_times(bot.publisher.of("post")) == [
        (d, f"09:00 {z}") for d, z in zip(days, zones, strict=True)
    ]
    # reveal_after_hours (12 h by default) is elapsed time: 21:00 local on every day
    reveals = local_times(bot.publisher.of("reveal"))
    assert reveals == [(d, f"21:00 {z}") for d, z in zip(days, zones, strict=True)]


async def test_post_inside_the_skipped_hour_fires_once_after_the_gap(make_bot, clock) -> None:
    clock.current = utc(2026, 3, 27, 12)
    bot = await make_bot()
    group = await scheduled_group(bot.service, timezone="Europe/Berlin", post_time="02:30")
    await bot.scheduler.catch_up()
    await run_until(bot, clock, group.id, utc(2026, 3, 31))

    assert local_times(bot.publisher.of("post")) == [
        (date(2026, 3, 28), "02:30 CET"),
        (date(2026, 3, 29), "03:00 CEST"),  # 02:30 does not exist that night
        (date(2026, 3, 30), "02:30 CEST"),
    ]


async def test_post_inside_the_repeated_hour_fires_once(make_bot, clock) -> None:
    clock.current = utc(2026, 10, 23, 12)
    bot = await make_bot()
    group = await scheduled_group(bot.service, timezone="Europe/Berlin", post_time="02:30")
    await bot.scheduler.catch_up()
    await run_until(bot, clock, group.id, utc(2026, 10, 27))

    assert local_times(bot.publisher.of("post")) == [
        (date(2026, 10, 24), "02:30 CEST"),
        (date(2026, 10, 25), "02:30 CEST"),  # the first of the two 02:30s; not again at CET
        (date(2026, 10, 26), "02:30 CET"),
    ]


async def test_default_system_clock_under_time_machine(tmp_path, bank_dir) -> None:
    """The production path (no injected clock) reads the real clock; travel to DST Sunday."""
    import time_machine

    from bot.bank import load_bank
    from bot.config import Config
    from bot.core.service import StudyService
    from bot.scheduling.scheduler import RoundScheduler
    from bot.storage.db import open_database
    from tests.conftest import RecordingPublisher, ScriptedSandbox

    db = await open_database(tmp_path / "tm.db").open()
    service = StudyService(db, load_bank([bank_dir]), ScriptedSandbox(), Config())
    publisher = RecordingPublisher(platform="test")
    service.register_publisher(publisher)
    scheduler = RoundScheduler(service, grace_seconds=600)
    try:
        with time_machine.travel(utc(2026, 3, 29, 0, 59, 59), tick=False) as traveller:
            group = await scheduled_group(service, timezone="Europe/Berlin", post_time="02:30")
            await scheduler.catch_up()
            assert publisher.rounds == []
            assert scheduler.planned(group.id) == utc(2026, 3, 29, 1)  # 03:00 CEST
            traveller.move_to(utc(2026, 3, 29, 1))
            await scheduler.wake(group.id)
        [view] = publisher.rounds
        assert view.round.round_date == date(2026, 3, 29)
        assert view.round.opened_at == utc(2026, 3, 29, 1)
    finally:
        await db.close()
