"""Groups (one per platform channel) and members (one per platform user)."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime

from bot.core.models import Group, GroupSettings, Member, Schedule
from bot.storage.db import Database, Row, Transaction
from bot.storage.timeutil import to_db


def settings_to_json(settings: GroupSettings) -> str:
    return json.dumps(asdict(settings), sort_keys=True)


@functools.lru_cache(maxsize=1024)
def settings_from_json(text: str, default: GroupSettings) -> GroupSettings:
    """Settings stored as JSON; keys missing from older rows fall back to `default`. Cached by
    text (settings are frozen): a group is read on every request, its settings rarely change."""
    raw = json.loads(text or "{}")
    schedule = {**asdict(default.schedule), **raw.get("schedule", {})}
    schedule["weekdays"] = tuple(schedule["weekdays"])
    return GroupSettings(
        schedule=Schedule(**schedule),
        topics=tuple(raw.get("topics", default.topics)),
        difficulty_mix=tuple(raw.get("difficulty_mix", default.difficulty_mix)),
    )


def _group(row: Row, default: GroupSettings) -> Group:
    return Group(
        id=row["id"],
        platform=row["platform"],
        external_id=row["external_id"],
        name=row["name"],
        settings=settings_from_json(row["settings"], default),
    )


def _member(row: Row) -> Member:
    return Member(row["id"], row["platform"], row["external_id"], row["display_name"])


class GroupRepository:
    def __init__(self, db: Database, default_settings: GroupSettings) -> None:
        self.db = db
        self.default_settings = default_settings

    async def ensure(self, platform: str, external_id: str, name: str, now: datetime) -> Group:
        await self.db.execute(
            "INSERT INTO groups (platform, external_id, name, settings, created_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (platform, external_id) DO NOTHING",
            (platform, external_id, name, settings_to_json(self.default_settings), to_db(now)),
        )
        group = await self.find(platform, external_id)
        assert group is not None
        return group

    async def save(
        self,
        platform: str,
        external_id: str,
        name: str,
        change: Callable[[GroupSettings], GroupSettings],
        now: datetime,
    ) -> Group:
        """Create or update a channel's group in one transaction: its settings become
        `change(current settings)` (the defaults for a new group). An exception from `change`
        (an invalid option) leaves the database as it was."""

        async def work(tx: Transaction) -> None:
            row = await tx.fetchone(
                "SELECT settings FROM groups WHERE platform = ? AND external_id = ?",
                (platform, external_id),
            )
            current = (
                settings_from_json(row["settings"], self.default_settings)
                if row
                else self.default_settings
            )
            await tx.execute(
                "INSERT INTO groups (platform, external_id, name, settings, created_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (platform, external_id) DO UPDATE SET"
                " settings = excluded.settings,"
                " name = CASE WHEN excluded.name <> '' THEN excluded.name ELSE groups.name END",
                (platform, external_id, name, settings_to_json(change(current)), to_db(now)),
            )

        await self.db.write(work)
        group = await self.find(platform, external_id)
        assert group is not None
        return group

    async def find(self, platform: str, external_id: str) -> Group | None:
        row = await self.db.fetchone(
            "SELECT * FROM groups WHERE platform = ? AND external_id = ?", (platform, external_id)
        )
        return _group(row, self.default_settings) if row else None

    async def get(self, group_id: int) -> Group | None:
        row = await self.db.fetchone("SELECT * FROM groups WHERE id = ?", (group_id,))
        return _group(row, self.default_settings) if row else None

    async def all(self) -> list[Group]:
        rows = await self.db.fetchall("SELECT * FROM groups ORDER BY id")
        return [_group(row, self.default_settings) for row in rows]

    async def save_settings(self, group_id: int, settings: GroupSettings) -> None:
        await self.db.execute(
            "UPDATE groups SET settings = ? WHERE id = ?", (settings_to_json(settings), group_id)
        )


class MemberRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def ensure(
        self, platform: str, external_id: str, display_name: str, now: datetime
    ) -> Member:
        await self.db.execute(
            "INSERT INTO members (platform, external_id, display_name, created_at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (platform, external_id)"
            " DO UPDATE SET display_name = excluded.display_name"
            " WHERE members.display_name <> excluded.display_name",
            (platform, external_id, display_name, to_db(now)),
        )
        row = await self.db.fetchone(
            "SELECT * FROM members WHERE platform = ? AND external_id = ?", (platform, external_id)
        )
        assert row is not None
        return _member(row)

    async def get(self, member_id: int) -> Member | None:
        row = await self.db.fetchone("SELECT * FROM members WHERE id = ?", (member_id,))
        return _member(row) if row else None

    async def find(self, platform: str, external_id: str) -> Member | None:
        row = await self.db.fetchone(
            "SELECT * FROM members WHERE platform = ? AND external_id = ?", (platform, external_id)
        )
        return _member(row) if row else None


member_from_row = _member
