"""Shared fixtures: a small deterministic question bank, a service over a real SQLite file."""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.bank import load_bank
from bot.config import Config
from bot.core.models import Group, PostedRefs, RevealSummary, RoundView
from bot.core.service import StudyService
from bot.sandbox.api import GradeResult, RunResult, RunStatus
from bot.storage.db import open_database
from tests.banks import choice_question, open_question, short_question
from tests.postgres_server import (
    URL_VARIABLE,
    PostgresUnavailable,
    create_database,
    drop_database,
    throwaway_cluster,
)

# The choice "Pick B" (answer B), the short "Sum" (2 + 2: 4 or four), the open "Discuss".
SMALL_BANK = (
    'topic = "demo"\n'
    + choice_question("demo.choice.check", "choice")
    + short_question("demo.short.check", "short")
    + open_question("demo.open.discuss", "open")
)


# One code question (difficulty 3, two tests), for tests that need a code round.
CODE_BANK = """
[[question]]
id = "c.add.code"
topic = "code"
kind = "code"
difficulty = 3
title = "add"
prompt = "Write add(a, b)."
explanation = "a + b"
[question.code]
entry_point = "add"
signature = "def add(a, b)"
reference = "def add(a, b):\\n    return a + b\\n"
[[question.code.examples]]
args = [1, 2]
expected = 3
[[question.code.tests]]
args = [2, 2]
expected = 4
"""


def write_bank(directory: Path, body: str = SMALL_BANK, name: str = "demo.toml") -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / name).write_text(body, encoding="utf-8")
    return directory


class ManualClock:
    """A clock tests move by hand."""

    def __init__(self, start: datetime | None = None) -> None:
        self.current = start or datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday

    def now(self) -> datetime:
        return self.current

    def advance(self, **kwargs: float) -> None:
        self.current += timedelta(**kwargs)


@dataclass
class RecordingPublisher:
    """A Publisher that records what the core asked it to publish."""

    platform: str = "test"
    rounds: list[RoundView] = field(default_factory=list)
    reveals: list[RevealSummary] = field(default_factory=list)
    reminders: list[RoundView] = field(default_factory=list)

    async def publish_round(self, group: Group, view: RoundView) -> PostedRefs:
        self.rounds.append(view)
        return PostedRefs(message_ref=f"msg-{view.round.id}", thread_ref=f"thread-{view.round.id}")

    async def publish_reminder(self, group: Group, view: RoundView) -> None:
        self.reminders.append(view)

    async def publish_reveal(self, group: Group, summary: RevealSummary) -> None:
        self.reveals.append(summary)


class ScriptedSandbox:
    """A Sandbox double for core unit tests: grades by looking for 'PASS n/m' in the code.
    The real sandbox is exercised in tests/sandbox and the end-to-end tests."""

    async def start(self) -> None: ...

    async def close(self) -> None: ...

    async def run(self, code: str, *, member: str | None = None) -> RunResult:
        return RunResult(RunStatus.OK, code.upper(), "", 0.001)

    async def grade(self, code: str, spec, *, member: str | None = None) -> GradeResult:
        passed, total = 0, len(spec.all_tests)
        if "PASS" in code:
            passed = int(code.split("PASS", 1)[1].split("/", 1)[0])
        return GradeResult(passed, total, None, RunResult(RunStatus.OK, "", "", 0.001))


@pytest.fixture
def bank_dir(tmp_path: Path) -> Path:
    return write_bank(tmp_path / "bank")


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


async def group_with(service: StudyService, topic: str, external_id: str = "chan"):
    """A group (platform 'test') whose rounds all use the one question of `topic`."""
    from bot.core.models import Actor

    group = await service.ensure_group("test", external_id, external_id)
    admin = await service.ensure_member("test", "admin", "Admin")
    return await service.update_settings(group.id, Actor(admin, is_admin=True), topics=topic)


@pytest.fixture
async def service(
    database_target: str, bank_dir: Path, clock: ManualClock
) -> AsyncIterator[StudyService]:
    """A service over a real database of each backend (a SQLite file; a PostgreSQL database)."""
    db = await open_database(database_target).open()
    svc = StudyService(db, load_bank([bank_dir]), ScriptedSandbox(), Config(), clock=clock)
    yield svc
    await svc.grading.close()
    await db.close()


# -- PostgreSQL --------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A superuser URL of a real PostgreSQL server (see tests/postgres_server.py). Skips when there
    is none, with the reason; under CI=true a missing server fails instead."""
    if url := os.environ.get(URL_VARIABLE):
        yield url
        return
    with contextlib.ExitStack() as stack:
        try:
            url = stack.enter_context(throwaway_cluster())
        except PostgresUnavailable as exc:
            if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
                pytest.fail(f"PostgreSQL is required under CI: {exc}")
            pytest.skip(f"PostgreSQL tests need a server: {exc}")
        yield url


BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def database_target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a test's database lives, once per backend: a new SQLite file path, or the URL of a
    new PostgreSQL database (`bot.storage.db.open_database` takes either)."""
    if request.param == "postgres":
        return request.getfixturevalue("postgres_url")
    return str(tmp_path / "study.db")


@pytest.fixture
async def postgres_url(postgres_server: str) -> AsyncIterator[str]:
    """The URL of a new, empty database of its own, dropped after the test."""
    url = await create_database(postgres_server)
    try:
        yield url
    finally:
        await drop_database(postgres_server, url)
