"""Leaderboard periods, with week and month boundaries in the group's own timezone."""

from __future__ import annotations

from datetime import date, timedelta

from bot.core.errors import UsageError
from bot.core.models import Period


def period_start(period: Period, local_today: date) -> date | None:
    """First local date of the period containing `local_today` (weeks start on Monday)."""
    if period is Period.WEEK:
        return local_today - timedelta(days=local_today.weekday())
    if period is Period.MONTH:
        return local_today.replace(day=1)
    return None


def parse_period(text: str | None) -> Period:
    value = (text or "all").strip().lower()
    aliases = {"w": "week", "weekly": "week", "m": "month", "monthly": "month", "all-time": "all",
               "alltime": "all", "a": "all", "": "all"}  # fmt: skip
    value = aliases.get(value, value)
    try:
        return Period(value)
    except ValueError:
        raise UsageError(f"Unknown period {text!r}: use week, month or all.") from None
