"""The weekly practice nudge: which of a group's members have reviews due, by the name the group
knows them by (never a score), and each member's opt-out (`/practice nudge on|off`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import TYPE_CHECKING

from bot.core.models import Member
from bot.storage.nudges import NudgeRepository

if TYPE_CHECKING:
    from bot.core.service import StudyService

HORIZON = timedelta(days=7)  # the weekly nudge counts reviews due in the coming week


async def set_wanted(service: StudyService, member: Member, wanted: bool) -> None:
    await NudgeRepository(service.db).set_nudge(member.id, wanted, service.clock.now())


async def weekly(service: StudyService, group_id: int) -> list[tuple[str, int]]:
    """(name as the group knows them, reviews due) of the group's opted-in members with
    reviews due, by name: the weekly nudge. Never a score."""
    nudges = NudgeRepository(service.db)
    counts = await due_counts(service, await nudges.group_member_ids(group_id))
    if not counts:
        return []
    known = await nudges.names(group_id, counts)
    return sorted((known.get(m, f"member {m}"), n) for m, n in counts.items())


async def due_counts(
    service: StudyService, member_ids: Sequence[int], within: timedelta = HORIZON
) -> dict[int, int]:
    """Reviews due now or `within` from now, per opted-in member (none: left out)."""
    counts = await NudgeRepository(service.db).due_counts(member_ids, service.clock.now() + within)
    return {m: n for m, n in counts.items() if n}
