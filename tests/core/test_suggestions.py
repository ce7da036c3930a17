"""Suggested questions in the core, on each backend (the `service` fixture): stored pending,
edited while pending, decided exactly once (concurrent admins), and the accepted ones per group."""

from __future__ import annotations

import asyncio

import pytest

from bot.core.errors import NotAdmin, UsageError
from bot.core.models import Actor

SUGGESTION = """```
topic = "git"
kind = "short"
difficulty = 1
title = "Undo the last commit"
prompt = "Which command moves HEAD back one commit and keeps the changes staged?"
explanation = "--soft moves HEAD only."
[short]
accepted = ["git reset --soft HEAD~1"]
```"""


async def people(service):
    group = await service.ensure_group("test", "chan", "chan")
    other = await service.ensure_group("test", "other", "other")
    alice = await service.ensure_member("test", "alice", "Alice")
    admin = Actor(await service.ensure_member("test", "admin", "Admin"), is_admin=True)
    return group, other, alice, admin


async def test_a_suggestion_is_edited_then_accepted_once(service) -> None:
    group, other, alice, admin = await people(service)
    row = await service.suggestions.suggest(group.id, alice, SUGGESTION)
    assert row.state == "pending" and row.author_name == "Alice" and row.id > 0
    second = await service.suggestions.suggest(
        group.id, alice, SUGGESTION.replace("Undo the last commit", "Undo once more")
    )
    assert second.id > row.id
    with pytest.raises(NotAdmin):
        await service.suggestions.pending(group.id, Actor(alice))
    assert [r.id for r in await service.suggestions.pending(group.id, admin)] == [row.id, second.id]
    assert await service.suggestions.pending(other.id, admin) == []
    with pytest.raises(UsageError):  # another group's suggestion is not found here
        await service.suggestions.get(other.id, admin, row.id)

    edited = await service.suggestions.edit(
        group.id, admin, row.id, SUGGESTION.replace("keeps the changes", "keeps your changes")
    )
    assert "keeps your changes" in edited.body and edited.state == "pending"

    # two admins accept at once: exactly one decision is stored
    results = await asyncio.gather(
        *(service.suggestions.accept(group.id, admin, row.id) for _ in range(4)),
        return_exceptions=True,
    )
    assert sum(not isinstance(r, BaseException) for r in results) == 1
    assert all(isinstance(r, UsageError) for r in results if isinstance(r, BaseException))
    assert not await service.suggestions.repo.decide(
        row.id, "rejected", admin.member.id, service.now()
    )
    assert not await service.suggestions.repo.edit(row.id, "x.y", "body")
    accepted = service.suggestions.for_group(group.id)
    assert [a.suggestion_id for a in accepted] == [row.id] and accepted[0].author_name == "Alice"
    assert service.suggestions.for_group(other.id) == []

    rejected = await service.suggestions.reject(group.id, admin, second.id, " not now ")
    assert rejected.id == second.id
    found = await service.suggestions.repo.in_state("rejected")
    assert [(r.id, r.note) for r in found] == [(second.id, "not now")]
    text, count = await service.suggestions.export_toml(group.id)
    assert count == 1 and "keeps your changes" in text
    assert (await service.suggestions.export_toml(other.id))[1] == 0
