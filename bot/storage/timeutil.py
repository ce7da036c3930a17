"""How instants and dates are stored: UTC ISO 8601 text (sorts correctly) and YYYY-MM-DD."""

from __future__ import annotations

from datetime import UTC, date, datetime


def to_db(instant: datetime | None) -> str | None:
    if instant is None:
        return None
    if instant.tzinfo is None:
        raise ValueError("naive datetime given to storage; use timezone-aware UTC instants")
    return instant.astimezone(UTC).isoformat(timespec="microseconds")


def from_db(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def date_from_db(text: str) -> date:
    return date.fromisoformat(text)
