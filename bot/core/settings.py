"""Group settings: defaults from the config, and validated changes made by admins."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from bot.config import _HHMM, WEEKDAYS, ScheduleConfig, valid_timezone
from bot.core.errors import InvalidSetting
from bot.core.models import GroupSettings, Schedule

SETTING_KEYS = (
    "post_time", "timezone", "weekdays", "reveal_time", "reveal_after_hours",
    "reminder_minutes", "topics", "enabled", "difficulty_mix",
)  # fmt: skip


def default_group_settings(config: ScheduleConfig) -> GroupSettings:
    return GroupSettings(
        schedule=Schedule(
            post_time=config.post_time,
            timezone=config.timezone,
            weekdays=tuple(WEEKDAYS.index(day) for day in config.weekdays),
            reveal_time=config.reveal_time or None,
            reveal_after_hours=config.reveal_after_hours,
            reminder_minutes=config.reminder_minutes or None,
        )
    )


def parse_weekdays(value: Any) -> tuple[int, ...]:
    """'mon,wed,fri', 'mon-fri', 'sat-mon' (a range may wrap past Sunday), 'daily', 'weekdays'
    or a sequence of ints (0 = Monday)."""
    if isinstance(value, list | tuple) and all(isinstance(v, int) for v in value):
        days = tuple(value)
    else:
        text = str(value).strip().lower()
        if text in ("daily", "every day", "all"):
            days = tuple(range(7))
        elif text == "weekdays":
            days = tuple(range(5))
        elif re.fullmatch(r"[a-z]{3}-[a-z]{3}", text) and all(
            p in WEEKDAYS for p in text.split("-")
        ):
            start, end = (WEEKDAYS.index(p) for p in text.split("-"))
            days = tuple(d % 7 for d in range(start, end + 1 + (7 if end < start else 0)))
        else:
            parts = [p.strip()[:3] for p in re.split(r"[,\s]+", text) if p.strip()]
            if not parts or any(p not in WEEKDAYS for p in parts):
                raise InvalidSetting(
                    f"weekdays: expected days like 'mon,wed,fri', 'mon-fri' or 'daily', got {value!r}"
                )
            days = tuple(WEEKDAYS.index(p) for p in parts)
    if not days or any(not 0 <= d <= 6 for d in days):
        raise InvalidSetting(f"weekdays: expected at least one day, got {value!r}")
    return tuple(sorted(set(days)))


def _time(key: str, value: Any, *, allow_none: bool = False) -> str | None:
    if allow_none and (value is None or str(value).lower() in ("", "none", "off")):
        return None
    text = str(value).strip()
    if re.fullmatch(r"\d:\d\d", text):
        text = "0" + text
    if not _HHMM.match(text):
        raise InvalidSetting(f"{key}: expected a time as HH:MM (24h), got {value!r}")
    return text


def _number(key: str, value: Any, cast: type, low: float, high: float) -> Any:
    try:
        number = cast(str(value).rstrip("hm") if isinstance(value, str) else value)
    except (TypeError, ValueError):
        raise InvalidSetting(
            f"{key}: expected a number between {low} and {high}, got {value!r}"
        ) from None
    if not low <= number <= high:
        raise InvalidSetting(f"{key}: expected a number between {low} and {high}, got {value!r}")
    return number


def apply_changes(
    settings: GroupSettings, changes: dict[str, Any], known_topics=()
) -> GroupSettings:
    """Return new settings with `changes` applied; raise InvalidSetting naming the bad key."""
    schedule = settings.schedule
    topics, mix = settings.topics, settings.difficulty_mix
    for key, value in changes.items():
        if key == "post_time":
            schedule = dataclasses.replace(schedule, post_time=_time(key, value))
        elif key == "timezone":
            if not valid_timezone(str(value)):
                raise InvalidSetting(
                    f"timezone: expected an IANA name like Europe/Berlin, got {value!r}"
                )
            schedule = dataclasses.replace(schedule, timezone=str(value))
        elif key == "weekdays":
            schedule = dataclasses.replace(schedule, weekdays=parse_weekdays(value))
        elif key == "reveal_time":
            schedule = dataclasses.replace(schedule, reveal_time=_time(key, value, allow_none=True))
        elif key == "reveal_after_hours":
            hours = _number(key, value, float, 0.05, 168)
            schedule = dataclasses.replace(schedule, reveal_after_hours=hours, reveal_time=None)
        elif key == "reminder_minutes":
            off = value is None or str(value).lower() in ("", "off", "none", "0")
            minutes = None if off else _number(key, value, int, 1, 24 * 60)
            schedule = dataclasses.replace(schedule, reminder_minutes=minutes)
        elif key == "enabled":
            enabled = (
                value if isinstance(value, bool) else str(value).lower() in ("on", "true", "yes")
            )
            schedule = dataclasses.replace(schedule, enabled=enabled)
        elif key == "topics":
            topics = _topics(value, known_topics)
        elif key == "difficulty_mix":
            parts = value if isinstance(value, list | tuple) else re.split(r"[,:/\s]+", str(value))
            if len(parts) != 3:
                raise InvalidSetting(
                    f"difficulty_mix: expected three weights like 1,2,1, got {value!r}"
                )
            mix = tuple(_number(key, part, int, 0, 100) for part in parts)
            if sum(mix) == 0:
                raise InvalidSetting("difficulty_mix: at least one weight must be above 0")
        else:
            raise InvalidSetting(f"unknown setting {key!r}; known: {', '.join(SETTING_KEYS)}")
    if schedule.reveal_time and schedule.reveal_time <= schedule.post_time:
        raise InvalidSetting(
            f"reveal_time: expected a time after the posting time ({schedule.post_time}) the same "
            f"day, got {schedule.reveal_time}; for a reveal the next day use reveal-after HOURS"
        )
    return GroupSettings(schedule=schedule, topics=topics, difficulty_mix=mix)


def _topics(value: Any, known_topics) -> tuple[str, ...]:
    if isinstance(value, list | tuple):
        names = [str(v).strip().lower() for v in value]
    else:
        text = str(value).strip().lower()
        names = [] if text in ("", "all", "any") else re.split(r"[,\s]+", text)
    names = [n for n in names if n]
    unknown = [n for n in names if known_topics and n not in known_topics]
    if unknown:
        raise InvalidSetting(
            f"topics: unknown {', '.join(unknown)}; choose from {', '.join(sorted(known_topics))} or 'all'"
        )
    return tuple(dict.fromkeys(names))
