"""Fixtures for the Slack adapter tests: the fake Web API and a signed-request sender."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from slackfake import FakeSlack

SIGNING_SECRET = "test-signing-secret"
BOT_TOKEN = "xoxb-test-token"


@pytest.fixture
async def fake_slack() -> AsyncIterator[FakeSlack]:
    fake = FakeSlack()
    await fake.start()
    yield fake
    await fake.close()
