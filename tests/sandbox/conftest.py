"""Shared fixtures: one real sandbox (template process + forked children) per test module, and a
fake bot token in the environment that no member program may ever see."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator

import pytest
import pytest_asyncio
from sandbox_support import FAKE_TOKEN, TEST_SETTINGS

from bot.sandbox import ProcessSandbox


@pytest.fixture(scope="session", autouse=True)
def fake_token() -> Iterator[str]:
    """Set before any sandbox starts: the bot process holds a token, children must not."""
    old = os.environ.get("DISCORD_TOKEN")
    os.environ["DISCORD_TOKEN"] = FAKE_TOKEN
    yield FAKE_TOKEN
    if old is None:
        os.environ.pop("DISCORD_TOKEN", None)
    else:
        os.environ["DISCORD_TOKEN"] = old


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def sandbox() -> AsyncIterator[ProcessSandbox]:
    box = ProcessSandbox(TEST_SETTINGS)
    await box.start()
    try:
        yield box
    finally:
        await box.close()
