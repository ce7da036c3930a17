"""Schedule math: DST changes, the skipped and repeated hours, weekdays, reveals, grace."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.core.models import Schedule
from bot.scheduling import times
from bot.scheduling.times import MissedAction

BERLIN = ZoneInfo("Europe/Berlin")
EVERY_DAY = (0, 1, 2, 3, 4, 5, 6)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def berlin(schedule_time: str = "09:00", **kw) -> Schedule:
    return Schedule(post_time=schedule_time, timezone="Europe/Berlin", weekdays=EVERY_DAY, **kw)


def posts_between(schedule: Schedule, start: datetime, end: datetime) -> list[datetime]:
    out, cursor = [], start
    while (nxt := times.next_post(schedule, cursor)) is not None and nxt < end:
        out.append(nxt)
        cursor = nxt
    return out


def test_0900_berlin_stays_0900_local_across_spring_forward() -> None:
    # 2026-03-29 is the spring-forward Sunday in Europe/Berlin (02:00 CET -> 03:00 CEST).
    posts = posts_between(berlin(), utc(2026, 3, 27), utc(2026, 4, 1))
    local = [p.astimezone(BERLIN) for p in posts]
    assert [p.date() for p in local] == [date(2026, 3, d) for d in (27, 28, 29, 30, 31)]
    assert all((p.hour, p.minute) == (9, 0) for p in local)
    assert posts[1] == utc(2026, 3, 28, 8) and posts[2] == utc(2026, 3, 29, 7)


def test_0900_berlin_stays_0900_local_across_fall_back() -> None:
    # 2026-10-25 is the fall-back Sunday (03:00 CEST -> 02:00 CET).
    posts = posts_between(berlin(), utc(2026, 10, 23), utc(2026, 10, 28))
    local = [p.astimezone(BERLIN) for p in posts]
    assert [p.date() for p in local] == [date(2026, 10, d) for d in (23, 24, 25, 26, 27)]
    assert all((p.hour, p.minute) == (9, 0) for p in local)
    assert posts[1] == utc(2026, 10, 24, 7) and posts[2] == utc(2026, 10, 25, 8)


def test_post_time_inside_skipped_hour_fires_once_at_end_of_gap() -> None:
    posts = posts_between(berlin("02:30"), utc(2026, 3, 28), utc(2026, 3, 31))
    assert len(posts) == 3  # 28th, 29th (the gap day), 30th: nothing skipped or doubled
    gap_day = posts[1]
    assert gap_day == utc(2026, 3, 29, 1)  # 03:00 CEST, the first valid instant after the gap
    assert gap_day.astimezone(BERLIN).strftime("%H:%M %Z") == "03:00 CEST"
    assert posts[0].astimezone(BERLIN).strftime("%H:%M") == "02:30"
    assert posts[2].astimezone(BERLIN).strftime("%H:%M") == "02:30"


def test_post_time_inside_repeated_hour_fires_once_first_occurrence() -> None:
    posts = posts_between(berlin("02:30"), utc(2026, 10, 24), utc(2026, 10, 27))
    assert len(posts) == 3
    assert posts[1] == utc(2026, 10, 25, 0, 30)  # 02:30 CEST (fold=0), not 02:30 CET
    # asking again from just after the first occurrence does not find the second one that day
    assert times.next_post(berlin("02:30"), posts[1]) == utc(2026, 10, 26, 1, 30)


def test_weekdays_and_disabled() -> None:
    weekdays = Schedule(post_time="18:00", timezone="America/New_York", weekdays=(0, 2))
    # Friday 2026-11-27 12:00 UTC -> next is Monday 2026-11-30 18:00 EST = 23:00 UTC
    assert times.next_post(weekdays, utc(2026, 11, 27, 12)) == utc(2026, 11, 30, 23)
    assert times.next_post(Schedule(enabled=False), utc(2026, 1, 1)) is None
    assert times.next_post(Schedule(weekdays=()), utc(2026, 1, 1)) is None


def test_next_post_is_strictly_after_and_local_date_crosses_utc_midnight() -> None:
    tokyo = Schedule(post_time="08:00", timezone="Asia/Tokyo", weekdays=EVERY_DAY)
    due = utc(2026, 6, 1, 23)  # 08:00 JST on June 2nd
    assert times.next_post(tokyo, due - timedelta(seconds=1)) == due
    assert times.next_post(tokyo, due) == due + timedelta(days=1)
    assert times.round_date(tokyo, due) == date(2026, 6, 2)
    assert times.local_date(due, "UTC") == date(2026, 6, 1)


def test_naive_instants_are_rejected() -> None:
    with pytest.raises(ValueError):
        times.next_post(Schedule(), datetime(2026, 1, 1))


@pytest.mark.parametrize("bad", ["9", "09:0", "ab:cd", "24:00", "09:60", ""])
def test_parse_hhmm_rejects(bad: str) -> None:
    with pytest.raises(ValueError):
        times.parse_hhmm(bad)


def test_reveal_at_local_time_or_after_hours() -> None:
    sched = berlin(reveal_time="18:00", reminder_minutes=30)
    opened = utc(2026, 3, 29, 7)  # 09:00 CEST on the spring-forward day
    reveal = times.reveal_instant(sched, date(2026, 3, 29), opened)
    assert reveal == utc(2026, 3, 29, 16)  # 18:00 CEST
    assert times.reminder_instant(sched, opened, reveal) == utc(2026, 3, 29, 15, 30)
    # a forced post after the reveal time falls back to reveal_after_hours (default 12 h)
    late = utc(2026, 3, 29, 17)
    assert times.reveal_instant(sched, date(2026, 3, 29), late) == late + timedelta(hours=12)
    # hours-based reveal is elapsed time, so a DST night does not stretch it
    hours = berlin(reveal_after_hours=24)
    opened = utc(2026, 3, 28, 8)
    assert times.reveal_instant(hours, date(2026, 3, 28), opened) == utc(2026, 3, 29, 8)


def test_reminder_absent_or_not_before_opening() -> None:
    opened, reveal = utc(2026, 1, 1, 9), utc(2026, 1, 1, 10)
    assert times.reminder_instant(berlin(), opened, reveal) is None
    assert times.reminder_instant(berlin(reminder_minutes=90), opened, reveal) is None


def test_missed_post_within_and_beyond_grace() -> None:
    sched = berlin()
    grace = timedelta(minutes=30)
    due = utc(2026, 7, 1, 7)  # 09:00 CEST
    assert times.missed_post(sched, due, grace).action is MissedAction.POST_LATE
    within = times.missed_post(sched, due + timedelta(minutes=29), grace)
    assert within.action is MissedAction.POST_LATE and within.day == date(2026, 7, 1)
    beyond = times.missed_post(sched, due + timedelta(minutes=31), grace)
    assert beyond.action is MissedAction.SKIP and beyond.late_by == timedelta(minutes=31)
    # just before today's post the missed candidate is yesterday's
    assert times.missed_post(sched, due - timedelta(seconds=1), grace).day == date(2026, 6, 30)
    assert times.missed_post(Schedule(enabled=False), due, grace) is None
