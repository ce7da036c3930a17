"""The terminal chat's demo clock: play a week in a minute.

The chat's service and scheduler read the time from a `DemoClock`: the system clock moved by an
offset. `/nextday` and `/wait HH:MM` move it forward *through* the schedule: the clock stops at
every instant the group's schedule acts on (a post, a reminder, a reveal), the scheduler does what
is due then, exactly as it would on a real day, and the clock moves on. `studybot run --date
2026-03-02` starts the chat on another day. The database keeps what happened (rounds are dated
by the demo clock), so a restart continues with `--date` of the day reached.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.core.errors import UsageError
from bot.core.models import Group
from bot.core.ports import Clock, SystemClock
from bot.core.text import WEEKDAY_NAMES
from bot.scheduling import times

MAX_STEPS = 500  # schedule events in one move (a retrying failure must not loop for ever)
_DURATION = re.compile(r"^(\d+(?:\.\d+)?)\s*(m|min|h)$")


class DemoClock:
    """The system clock plus an offset that the demo moves."""

    def __init__(self, base: Clock | None = None) -> None:
        self.base = base or SystemClock()
        self.offset = timedelta(0)

    def now(self) -> datetime:
        return self.base.now() + self.offset

    def set(self, instant: datetime) -> None:
        """Make `instant` now (any direction: the start date of a demo)."""
        self.offset = instant - self.base.now()

    def system_time(self, instant: datetime) -> datetime:
        """The system clock's time when this clock shows `instant` (for timers)."""
        return instant - self.offset


def parse_start(text: str) -> tuple[date, time | None]:
    """`--date` as YYYY-MM-DD or YYYY-MM-DDTHH:MM (local time of the group)."""
    day, _, at = text.strip().partition("T")
    try:
        return date.fromisoformat(day), (times.parse_hhmm(at) if at else None)
    except ValueError:
        raise UsageError(f"--date: expected YYYY-MM-DD or YYYY-MM-DDTHH:MM, got {text!r}") from None


def start_instant(group: Group, day: date, at: time | None) -> datetime:
    """The instant the demo starts: `day` at `at` (default: the group's posting time), local."""
    schedule = group.settings.schedule
    wall = at or times.parse_hhmm(schedule.post_time)
    return times.local_instant(day, wall, ZoneInfo(schedule.timezone))


def wait_target(group: Group, now: datetime, arg: str) -> datetime:
    """`/wait HH:MM` (the next time the group's clock shows it) or `/wait 90m`, `/wait 2h`."""
    duration = _DURATION.match(arg.strip().lower())
    if duration:
        amount = float(duration.group(1))
        hours = amount if duration.group(2) == "h" else amount / 60
        if not 0 < hours <= 7 * 24:
            raise UsageError("Usage: /wait HH:MM, or a duration up to a week like 90m or 2h")
        return now + timedelta(hours=hours)
    try:
        wall = times.parse_hhmm(arg)
    except ValueError:
        raise UsageError(
            "Usage: /wait HH:MM (the group's time), or a duration like 90m or 2h"
        ) from None
    tz = ZoneInfo(group.settings.schedule.timezone)
    today = times.local_date(now, tz)
    for day in (today, today + timedelta(days=1)):
        at = times.local_instant(day, wall, tz)
        if at > now:
            return at
    raise UsageError(f"{arg} does not come in the next day here")  # pragma: no cover


def nextday_target(group: Group, now: datetime) -> datetime:
    """The group's next posting instant (the next day it posts on)."""
    at = times.next_post(group.settings.schedule, now)
    if at is None:
        raise UsageError("The schedule never posts (it is paused or has no days): see /schedule.")
    return at


def days_off(group: Group, now: datetime, until: datetime) -> list[date]:
    """Local dates strictly between now's and until's on which the schedule does not post."""
    tz = ZoneInfo(group.settings.schedule.timezone)
    first, last = times.local_date(now, tz), times.local_date(until, tz)
    between = (first + timedelta(days=k) for k in range(1, (last - first).days))
    return [d for d in between if not times.is_post_day(group.settings.schedule, d)]


def day_names(days: list[date]) -> str:
    return ", ".join(f"{WEEKDAY_NAMES[d.weekday()].title()} {d:%d %b}" for d in days)


async def advance(
    clock: DemoClock,
    scheduler: Any,
    group_id: int,
    until: datetime,
    on_step: Callable[[datetime], Awaitable[None] | None] | None = None,
) -> None:
    """Move `clock` to `until`, stopping at each instant the scheduler planned for the group
    (posts, reminders, reveals) and letting it act then; `on_step(instant)` before each stop."""
    planned = await scheduler.wake(group_id)  # what is due now, and the plan from here
    for _ in range(MAX_STEPS):
        if planned is None or planned > until:
            break
        step = max(planned, clock.now())
        clock.set(step)
        if on_step is not None:
            shown = on_step(step)
            if shown is not None:
                await shown
        planned = await scheduler.wake(group_id)
        if planned is not None and planned <= step:  # a retry: never stand still
            planned = step + timedelta(minutes=1)
    if until > clock.now():
        clock.set(until)
    await scheduler.wake(group_id)
