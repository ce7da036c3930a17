"""Week and month boards follow the group's timezone, not UTC (through StudyService)."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.core.models import Actor, Period
from bot.core.service import StudyService


def names(board) -> dict[str, int]:
    return {e.member.display_name: e.points for e in board.entries}


async def round_at(service: StudyService, clock, group_id: int, utc: datetime, answers) -> None:
    clock.current = utc
    await service.post_round(group_id)
    for member in answers:
        await service.submit(group_id, member, "4")
    await service.reveal(group_id)


async def test_week_and_month_boundaries_are_in_the_group_timezone(service, clock):
    group = await service.ensure_group("test", "tokyo", "tokyo")
    admin = await service.ensure_member("test", "admin", "Admin")
    await service.update_settings(group.id, Actor(admin, is_admin=True), topics="short",
                                  timezone="Asia/Tokyo")  # fmt: skip
    ann, bob, cy = [await service.ensure_member("test", n, n) for n in ("Ann", "Bob", "Cy")]
    # Friday 6 March 09:00 in Tokyo (00:00 UTC).
    await round_at(service, clock, group.id, datetime(2026, 3, 6, 0, tzinfo=UTC), [ann])
    # Sunday 8 March 16:00 UTC is already Monday 9 March 01:00 in Tokyo: a new week there.
    await round_at(service, clock, group.id, datetime(2026, 3, 8, 16, tzinfo=UTC), [ann, bob])
    rounds = await service.db.fetchall("SELECT round_date FROM rounds ORDER BY id")
    assert [r[0] for r in rounds] == ["2026-03-06", "2026-03-09"]

    week = await service.leaderboard(group.id, Period.WEEK)
    month = await service.leaderboard(group.id, Period.MONTH)
    every = await service.leaderboard(group.id, Period.ALL)
    # Only Monday's round: Ann first again (20 + 5 speed + 5 first + 2 for 2 rounds in a row).
    assert names(week) == {"Ann": 32, "Bob": 25}
    assert names(month) == {"Ann": 30 + 32, "Bob": 25}
    assert names(every) == names(month)

    # Tuesday 31 March 16:00 UTC is Wednesday 1 April 01:00 in Tokyo: a new month there.
    await round_at(service, clock, group.id, datetime(2026, 3, 31, 16, tzinfo=UTC), [cy])
    assert names(await service.leaderboard(group.id, Period.MONTH)) == {"Cy": 30}
    assert names(await service.leaderboard(group.id, Period.WEEK)) == {"Cy": 30}
    assert names(await service.leaderboard(group.id, Period.ALL)) == {
        "Ann": 62,
        "Bob": 25,
        "Cy": 30,
    }
    # The same instant seen from a UTC group would still be March: the board depends on the
    # group's local date, which the service takes from the group's timezone.
    clock.current = datetime(2026, 3, 31, 14, 59, tzinfo=UTC)  # 23:59 on 31 March in Tokyo
    assert names(await service.leaderboard(group.id, Period.MONTH)) == {"Ann": 62, "Bob": 25}
