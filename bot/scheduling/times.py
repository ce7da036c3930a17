"""Pure schedule math: when a group's post, reminder and reveal happen, DST-correct.

Every function takes and returns *aware* datetimes; returned instants are in UTC. Local wall-clock
times (``post_time``, ``reveal_time``) are interpreted in the schedule's IANA timezone:

* A normal day: ``09:00 Europe/Berlin`` is 09:00 local, whatever the UTC offset is that day.
* Spring forward (a wall time inside the skipped hour, e.g. ``02:30`` on the last Sunday of March
  in Berlin): that wall time does not exist, so the event fires **once, at the first valid instant
  after the gap** (03:00 local, 01:00 UTC). It is neither skipped nor shifted by the gap's length.
* Fall back (a wall time inside the repeated hour, e.g. ``02:30`` on the last Sunday of October):
  the event fires **once, at the first occurrence** (``fold=0``, still summer time).

Nothing here reads a clock; callers pass ``now``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.core.models import Schedule

_SEARCH_DAYS = 8  # a week plus one day covers every weekday set


def parse_hhmm(text: str) -> time:
    """Parse ``"HH:MM"`` (24 h). Raises ValueError on anything else."""
    hours, sep, minutes = text.strip().partition(":")
    if not sep or not hours.isdigit() or not minutes.isdigit() or len(minutes) != 2:
        raise ValueError(f"expected HH:MM, got {text!r}")
    return time(int(hours), int(minutes))


def zone(schedule: Schedule) -> ZoneInfo:
    return ZoneInfo(schedule.timezone)


def _require_aware(instant: datetime) -> None:
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError("instant must be timezone-aware")


def local_date(instant: datetime, tz: ZoneInfo | str) -> date:
    """The calendar date of ``instant`` on the wall clock of ``tz``."""
    _require_aware(instant)
    tz = ZoneInfo(tz) if isinstance(tz, str) else tz
    return instant.astimezone(tz).date()


def round_date(schedule: Schedule, instant: datetime) -> date:
    """The local round date an instant belongs to in the group's timezone."""
    return local_date(instant, zone(schedule))


def local_instant(day: date, wall: time, tz: ZoneInfo) -> datetime:
    """The UTC instant at which the wall clock of ``tz`` shows ``day wall``.

    Inside a spring-forward gap this is the first valid instant after the gap; inside a fall-back
    overlap it is the first occurrence (``fold=0``).
    """
    naive = datetime.combine(day, wall)
    first = naive.replace(tzinfo=tz, fold=0)
    if first.astimezone(UTC).astimezone(tz).replace(tzinfo=None) == naive:
        return first.astimezone(UTC)  # exists (fold=0 is the first occurrence in an overlap)
    # Non-existent wall time. With fold=0 zoneinfo uses the offset from before the transition,
    # which lands *after* the transition; with fold=1 it uses the later offset, landing before.
    hi = first.astimezone(UTC)
    lo = naive.replace(tzinfo=tz, fold=1).astimezone(UTC)
    if lo > hi:  # defensive: unusual zone data
        lo, hi = hi, lo
    after = hi.astimezone(tz).utcoffset()
    # Binary search (1 s resolution) for the transition: the first instant with the new offset.
    while hi - lo > timedelta(seconds=1):
        mid = lo + (hi - lo) / 2
        if mid.astimezone(tz).utcoffset() == after:
            hi = mid
        else:
            lo = mid
    return hi.replace(microsecond=0)


def post_instant(schedule: Schedule, day: date) -> datetime:
    """When the post for local ``day`` is due (UTC), ignoring weekdays."""
    return local_instant(day, parse_hhmm(schedule.post_time), zone(schedule))


def is_post_day(schedule: Schedule, day: date) -> bool:
    return schedule.enabled and day.weekday() in schedule.weekdays


def _candidate_posts(schedule: Schedule, around: datetime) -> list[datetime]:
    """Post instants of allowed days within about a week on either side of ``around``."""
    center = round_date(schedule, around)
    days = (center + timedelta(days=k) for k in range(-_SEARCH_DAYS, _SEARCH_DAYS + 1))
    out = []
    for day in days:
        if not is_post_day(schedule, day):
            continue
        at = post_instant(schedule, day)
        # A day whose whole morning vanished (e.g. Samoa 2011) would land on the next day: skip it
        # rather than post twice on one local date.
        if round_date(schedule, at) == day:
            out.append(at)
    return out


def next_post(schedule: Schedule, after: datetime) -> datetime | None:
    """The first post instant strictly after ``after``; None if the schedule never posts."""
    _require_aware(after)
    later = [at for at in _candidate_posts(schedule, after) if at > after]
    return min(later) if later else None


def last_post(schedule: Schedule, at_or_before: datetime) -> datetime | None:
    """The latest post instant ``<= at_or_before`` (within the last week); None if none."""
    _require_aware(at_or_before)
    earlier = [at for at in _candidate_posts(schedule, at_or_before) if at <= at_or_before]
    return max(earlier) if earlier else None


def reveal_instant(schedule: Schedule, day: date, opened_at: datetime) -> datetime:
    """When a round of local ``day`` opened at ``opened_at`` is revealed (UTC).

    ``reveal_time`` (same local day) wins when it is still ahead of the opening; a round opened
    after that time (a late or forced post) falls back to ``opened_at + reveal_after_hours``.
    """
    _require_aware(opened_at)
    if schedule.reveal_time:
        at = local_instant(day, parse_hhmm(schedule.reveal_time), zone(schedule))
        if at > opened_at:
            return at
    return (opened_at + timedelta(hours=schedule.reveal_after_hours)).astimezone(UTC)


def reminder_instant(
    schedule: Schedule, opened_at: datetime, reveal_at: datetime
) -> datetime | None:
    """``reminder_minutes`` before the reveal; None if unset or not after the opening."""
    if schedule.reminder_minutes is None or schedule.reminder_minutes <= 0:
        return None
    at = reveal_at - timedelta(minutes=schedule.reminder_minutes)
    return at.astimezone(UTC) if at > opened_at else None


class MissedAction(StrEnum):
    POST_LATE = "post_late"  # still within the grace window: post now, for the missed date
    SKIP = "skip"  # too late: skip the date and log it


@dataclass(frozen=True)
class MissedPost:
    due: datetime  # the scheduled post instant (UTC)
    day: date  # its local round date
    late_by: timedelta
    action: MissedAction


def missed_post(schedule: Schedule, now: datetime, grace: timedelta) -> MissedPost | None:
    """The most recent scheduled post at or before ``now`` and what to do if it never happened.

    ``late_by <= grace`` means post it late (on time counts too), otherwise skip. Callers check
    storage for an existing round of ``day`` first: this function knows nothing about rounds.
    """
    due = last_post(schedule, now)
    if due is None:
        return None
    late_by = now - due
    action = MissedAction.POST_LATE if late_by <= grace else MissedAction.SKIP
    return MissedPost(due=due, day=round_date(schedule, due), late_by=late_by, action=action)
