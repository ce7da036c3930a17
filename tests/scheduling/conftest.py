"""Scheduling fixtures: services over real SQLite files, a clock moved by hand, a timed publisher."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pytest

from bot.bank import load_bank
from bot.config import Config
from bot.core.models import Actor, Group, PostedRefs, RevealSummary, RoundView
from bot.core.service import StudyService
from bot.scheduling.scheduler import RoundScheduler
from bot.storage.db import Database, open_database
from tests.conftest import ManualClock, ScriptedSandbox


@dataclass
class TimedPublisher:
    """Records (kind, round date, instant) of every publish, instants from the shared clock."""

    clock: ManualClock
    platform: str = "test"
    events: list[tuple[str, object, datetime]] = field(default_factory=list)
    fail_next: int = 0  # raise on this many next publish calls (a flaky platform)

    def _record(self, kind: str, day: object) -> None:
        if self.fail_next:
            self.fail_next -= 1
            raise ConnectionError(f"platform down while publishing a {kind}")
        self.events.append((kind, day, self.clock.now()))

    async def publish_round(self, group: Group, view: RoundView) -> PostedRefs:
        self._record("post", view.round.round_date)
        return PostedRefs(message_ref=f"msg-{view.round.id}", thread_ref=f"thr-{view.round.id}")

    async def publish_reminder(self, group: Group, view: RoundView) -> None:
        self._record("remind", view.round.round_date)

    async def publish_reveal(self, group: Group, summary: RevealSummary) -> None:
        self._record("reveal", summary.round.round_date)

    def of(self, kind: str) -> list[tuple[object, datetime]]:
        return [(day, at) for k, day, at in self.events if k == kind]


@dataclass
class Bot:
    """One 'process': a service with its own connection to the shared database file."""

    service: StudyService
    publisher: TimedPublisher
    scheduler: RoundScheduler


BotFactory = Callable[..., Awaitable[Bot]]


@pytest.fixture
async def make_bot(
    database_target: str, bank_dir: Path, clock: ManualClock
) -> AsyncIterator[BotFactory]:
    """Bots ("processes") sharing one database of each backend, each with its own connection."""
    dbs: list[Database] = []
    bank = load_bank([bank_dir])

    async def make(grace_seconds: float = 1800, *, listen: bool = False, **kwargs: float) -> Bot:
        db = await open_database(database_target).open()
        dbs.append(db)
        service = StudyService(db, bank, ScriptedSandbox(), Config(), clock=clock)
        publisher = TimedPublisher(clock)
        service.register_publisher(publisher)
        scheduler = RoundScheduler(service, clock, grace_seconds, **kwargs)
        if listen:
            scheduler.listen()
        return Bot(service, publisher, scheduler)

    yield make
    for db in dbs:
        await db.close()


async def admin(service: StudyService) -> Actor:
    return Actor(await service.ensure_member("test", "admin", "Admin"), is_admin=True)


async def scheduled_group(service: StudyService, **schedule: object) -> Group:
    """A group (platform 'test', only the choice question) with the given schedule settings."""
    group = await service.ensure_group("test", "chan", "chan")
    changes = {"topics": "choice", "weekdays": "mon,tue,wed,thu,fri,sat,sun", **schedule}
    return await service.update_settings(group.id, await admin(service), **changes)


async def run_until(bot: Bot, clock: ManualClock, group_id: int, end: datetime) -> None:
    """Jump the clock from one planned wake to the next, waking the group each time, until `end`."""
    if bot.scheduler.planned(group_id) is None:
        await bot.scheduler.wake(group_id)  # the first wake plans the group
    for _ in range(1000):
        at = bot.scheduler.planned(group_id)
        if at is None or at > end:
            clock.current = max(clock.current, end)
            return
        clock.current = max(clock.current, at)
        await bot.scheduler.wake(group_id)
    raise AssertionError("the scheduler kept waking without making progress")
