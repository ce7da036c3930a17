"""👍 votes in the round's thread: a removed reaction withdraws the vote until the reveal."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest
from discordenv import DiscordEnv, post_round
from fake_discord import FakeDiscord

from bot.core.service import StudyService


class UnvoteSpy:
    """Wraps `service.unvote` so a test can wait for the adapter's call and see its result."""

    def __init__(self, service: StudyService, monkeypatch: pytest.MonkeyPatch) -> None:
        self.results: list[bool] = []
        self._changed = asyncio.Condition()
        real = service.unvote

        async def unvote(*args, **kwargs) -> bool:
            result = await real(*args, **kwargs)
            async with self._changed:
                self.results.append(result)
                self._changed.notify_all()
            return result

        monkeypatch.setattr(service, "unvote", unvote)

    async def wait(self, n: int) -> list[bool]:
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(lambda: len(self.results) >= n), 10)
        return self.results


async def eventually(check: Callable[[], Awaitable[bool]], what: str) -> None:
    for _ in range(200):  # reactions are handled in tasks of their own
        if await check():
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


async def test_removed_thumbs_up_no_longer_counts_until_the_reveal(
    discord_env: DiscordEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake, service = discord_env.fake, discord_env.service
    spy = UnvoteSpy(service, monkeypatch)
    await post_round(fake)
    group = await service.find_group("discord", fake.channel["id"])
    view = await service.current_round(group.id)
    thread_id = view.round.thread_ref
    alice, bob, carol = (fake.new_user(n) for n in ("alice", "bob", "carol"))
    says = await fake.user_message(thread_id, alice, "n * (n + 1) // 2")

    async def votes() -> dict[str, int]:
        counts = await service.submissions.vote_counts(view.round.id)
        return {m.display_name: n for m, n in counts}

    await fake.react(says, bob)
    await fake.react(says, carol)
    await eventually(lambda: _equals(votes, {"alice": 2}), "two votes")

    await fake.unreact(says, bob, "\N{HEAVY BLACK HEART}")  # not the vote emoji: ignored
    await fake.unreact(says, bob)
    assert (await spy.wait(1)) == [True]
    assert await votes() == {"alice": 1}
    await fake.unreact(says, bob)  # again: nothing left to withdraw
    assert (await spy.wait(2)) == [True, False]
    await fake.unreact(says, fake.new_user("dave"))  # never voted, not even a member yet
    await fake.react(says, bob)  # bob changes his mind back
    await eventually(lambda: _equals(votes, {"alice": 2}), "bob's vote again")
    assert len(spy.results) == 2, "the stranger's removal never reached the core"

    reveal = await fake.slash("reveal", fake.new_user("admin"), admin=True)
    path = f"/webhooks/{fake.app_id}/{reveal['token']}"
    await fake.wait_for(lambda r: r.method == "POST" and r.path == path)
    fields = {
        f["name"]: f["value"] for f in fake.bot_messages(thread_id)[-1]["embeds"][0]["fields"]
    }
    assert fields["Most upvoted"] == "alice (2 👍)"

    await fake.unreact(says, carol)  # after the reveal votes are final
    assert (await spy.wait(3)) == [True, False, False]
    assert await votes() == {"alice": 2}


async def test_removing_a_reaction_outside_the_round_thread_changes_nothing(
    discord_env: DiscordEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake, service = discord_env.fake, discord_env.service
    spy = UnvoteSpy(service, monkeypatch)
    daily = await post_round(fake)
    group = await service.find_group("discord", fake.channel["id"])
    view = await service.current_round(group.id)
    alice, bob = fake.new_user("alice"), fake.new_user("bob")
    says = await fake.user_message(view.round.thread_ref, alice, "mine")
    await fake.react(says, bob)
    await eventually(lambda: _count_is(service, view.round.id, 1), "bob's vote")
    in_channel = await fake.user_message(
        fake.channel["id"], alice, "in the channel, not the thread"
    )
    await fake.unreact(in_channel, bob)
    await fake.unreact(daily, bob)  # the daily post itself lives in the channel
    await _settle(fake)
    assert spy.results == [] and await _count_is(service, view.round.id, 1)


async def _equals(get: Callable[[], Awaitable[dict]], expected: dict) -> bool:
    return await get() == expected


async def _count_is(service: StudyService, round_id: int, n: int) -> bool:
    counts = await service.submissions.vote_counts(round_id)
    return sum(c for _, c in counts) == n


async def _settle(fake: FakeDiscord) -> None:
    """Let the client finish handling the events dispatched so far (a round trip on the gateway
    plus time for the handler tasks, which here stop before reaching the core)."""
    probe = await fake.slash("question", fake.new_user("probe"))
    await fake.callback_of(probe)
    await asyncio.sleep(0.2)
