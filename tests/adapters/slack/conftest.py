"""Fixtures for the Slack adapter tests: the fake Web API, the real service and a signed sender.

`slack_env` runs the whole stack on loopback: a StudyService over a temporary SQLite file and the
bundled question bank, the SlackAdapter serving bolt's HTTP endpoint on 127.0.0.1 (port 0), its
Web API client pointed at `FakeSlack`, and a `SlackSender` that signs requests like Slack does.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from slackfake import FakeSlack, SlackSender

from bot.adapters.slack.adapter import SlackAdapter
from bot.bank import QuestionBank, bundled_bank_dir, load_bank
from bot.config import Config, SlackConfig
from bot.core.service import StudyService
from bot.storage.db import Database

SIGNING_SECRET = "test-signing-secret"
BOT_TOKEN = "xoxb-test-token"
CHANNEL = "C0STUDY"
ADMIN, ALICE, BOB, CAROL = "UADMIN", "UALICE", "UBOB", "UCAROL"


@pytest.fixture
async def fake_slack() -> AsyncIterator[FakeSlack]:
    fake = FakeSlack()
    await fake.start()
    fake.add_user(ADMIN, "admin", admin=True)
    for uid in (ALICE, BOB, CAROL):
        fake.add_user(uid, uid[1:].lower())
    yield fake
    await fake.close()


def make_sandbox(config: Config):
    try:
        from bot.sandbox import ProcessSandbox  # the real sandbox: isolated worker processes
    except ImportError:  # TEMPORARY until the sandbox pool is committed
        return _InterimSandbox()
    return ProcessSandbox(config.sandbox)


class _InterimSandbox:
    """Runs snippets in a child `python -I` (no restrictions). Only until ProcessSandbox lands."""

    async def start(self) -> None: ...

    async def close(self) -> None: ...

    async def run(self, code: str, *, member: str | None = None):
        import sys
        import time

        from bot.sandbox.api import RunResult, RunStatus

        start = time.monotonic()
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-I", "-c", code, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )  # fmt: skip
        out, _ = await asyncio.wait_for(proc.communicate(), 10)
        status = RunStatus.OK if proc.returncode == 0 else RunStatus.ERROR
        return RunResult(status, out.decode(), "", time.monotonic() - start)

    async def grade(self, code, spec, *, member=None):
        raise NotImplementedError


@dataclass
class SlackEnv:
    fake: FakeSlack
    sender: SlackSender
    service: StudyService
    adapter: SlackAdapter

    async def eventually(
        self, check: Callable[[], Awaitable[bool]], timeout: float = 5.0, what: str = ""
    ) -> None:
        """Poll `check` until true: event listeners run after bolt has answered Slack."""
        deadline = asyncio.get_running_loop().time() + timeout
        while not await check():
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"timed out waiting for {what or check}")
            await asyncio.sleep(0.02)


@pytest.fixture
def question_ids() -> tuple[str, ...]:
    """The bank the service sees; override in a test module to fix which question is posted."""
    return ("python.mutable-immutable.check",)


@pytest.fixture
async def slack_env(
    tmp_path: Path, fake_slack: FakeSlack, question_ids: tuple[str, ...]
) -> AsyncIterator[SlackEnv]:
    bundled = load_bank([bundled_bank_dir()])
    bank = QuestionBank(bundled.get(qid) for qid in question_ids)
    config = Config(slack=SlackConfig(host="127.0.0.1", port=0, admin_user_ids=("UCONFIGADMIN",)))
    db = await Database(tmp_path / "study.db").open()
    sandbox = make_sandbox(config)
    await sandbox.start()
    service = StudyService(db, bank, sandbox, config)
    adapter = SlackAdapter(
        service,
        config.slack,
        bot_token=BOT_TOKEN,
        signing_secret=SIGNING_SECRET,
        client_base_url=fake_slack.api_url,
    )
    await adapter.start()
    assert adapter.http_url is not None
    sender = SlackSender(adapter.http_url, SIGNING_SECRET, response_url=fake_slack.response_url())
    try:
        yield SlackEnv(fake_slack, sender, service, adapter)
    finally:
        await sender.close()
        await adapter.close()
        await sandbox.close()
        await db.close()
