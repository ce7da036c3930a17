"""A study group's creation and its settings changes (admins only).

StudyService delegates here (`ensure_group`, `setup_group`, `update_settings`); these functions
use its repositories and bank, and tell the schedule listeners through `service.schedule_changed`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.core.errors import NotAdmin
from bot.core.models import Actor, Group
from bot.core.settings import apply_changes

if TYPE_CHECKING:
    from bot.core.service import StudyService


async def ensure_group(service: StudyService, platform: str, external_id: str, name: str) -> Group:
    """The channel's group, created with the default settings (and scheduled) if it is new."""
    group = await service.groups.find(platform, external_id)
    if group is None:
        group = await service.groups.ensure(platform, external_id, name, service.clock.now())
        await service.schedule_changed(group)
    return group


async def setup_group(
    service: StudyService,
    platform: str,
    external_id: str,
    name: str,
    actor: Actor,
    notify: bool,
    changes: dict[str, Any],
) -> Group:
    """Create (or change) a channel's group with its options in one transaction, so nothing
    is ever scheduled with settings the admin did not ask for. With `notify=False` the caller
    applies the schedule (`schedule_changed`) once it has answered the admin: that may post
    at once when the new schedule is due."""
    if not actor.is_admin:
        raise NotAdmin("set up a study group")
    topics = service.bank.topics()
    group = await service.groups.save(
        platform,
        external_id,
        name,
        lambda current: apply_changes(current, changes, known_topics=topics),
        service.clock.now(),
    )
    if notify:
        await service.schedule_changed(group)
    return group


async def update_settings(
    service: StudyService, group_id: int, actor: Actor, changes: dict[str, Any]
) -> Group:
    """Change an existing group's settings; the schedule listeners get the changed group."""
    if not actor.is_admin:
        raise NotAdmin("change the schedule or topics")
    group = await service.get_group(group_id)
    settings = apply_changes(group.settings, changes, known_topics=service.bank.topics())
    await service.groups.save_settings(group_id, settings)
    group = await service.get_group(group_id)
    await service.schedule_changed(group)
    return group
