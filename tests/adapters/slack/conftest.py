"""Fixtures for the Slack adapter tests: the fake Web API, the real service and a signed sender.

`slack_env` runs the whole stack on loopback: a StudyService over a temporary SQLite file and the
bundled question bank, the SlackAdapter serving bolt's HTTP endpoint on 127.0.0.1 (port 0), its
Web API client pointed at `FakeSlack`, and a `SlackSender` that signs requests like Slack does.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from slackenv import (
    ADMIN,
    ALICE,
    BOB,
    BOT_TOKEN,
    CAROL,
    CHANNEL,
    SIGNING_SECRET,
    SlackEnv,
    make_sandbox,
)
from slackfake import FakeSlack
from slacksender import SlackSender

from bot.adapters.slack.adapter import SlackAdapter
from bot.bank import QuestionBank, bundled_bank_dir, load_bank
from bot.config import Config, SlackConfig
from bot.core.service import StudyService
from bot.storage.db import open_database


@pytest.fixture
async def fake_slack() -> AsyncIterator[FakeSlack]:
    fake = FakeSlack()
    await fake.start()
    fake.channels[CHANNEL] = "study"  # everyone below is a member of the study channel
    fake.add_user(ADMIN, "admin", admin=True)
    for uid in (ALICE, BOB, CAROL):
        fake.add_user(uid, uid[1:].lower())
    yield fake
    await fake.close()


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
    db = await open_database(tmp_path / "study.db").open()
    sandbox = make_sandbox(config)
    await sandbox.start()
    service = StudyService(db, bank, sandbox, config)
    for user in fake_slack.users.values():  # members from before: boards show stored names
        await service.ensure_member("slack", user.id, user.name)
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
