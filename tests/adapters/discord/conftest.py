"""Fixtures for the Discord adapter tests: a fake Discord on 127.0.0.1, discord.py pointed at it.

`discord_env` runs the whole stack on loopback: a StudyService over a temporary SQLite file, the
bundled question bank (narrowed to `question_ids`), the real sandbox, and the DiscordAdapter
connected to `FakeDiscord` through the real discord.py client.
"""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from discordenv import DiscordEnv
from fake_discord import FakeDiscord

from bot.adapters.discord import DiscordAdapter
from bot.bank import QuestionBank, bundled_bank_dir, load_bank
from bot.config import Config, DiscordConfig
from bot.core.service import StudyService
from bot.sandbox import ProcessSandbox, SandboxSettings
from bot.storage.db import open_database


@pytest.fixture
async def fake_discord(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeDiscord]:
    fake = FakeDiscord()
    await fake.start()
    fake.patch_discord_py(monkeypatch)
    try:
        yield fake
    finally:
        await fake.close()


@pytest.fixture
def question_ids() -> tuple[str, ...]:
    """The bank the service sees; override in a test module to fix which question is posted."""
    return ("algorithms.sum-one-line.code",)


@pytest.fixture
async def discord_env(
    tmp_path: Path, fake_discord: FakeDiscord, question_ids: tuple[str, ...]
) -> AsyncIterator[DiscordEnv]:
    bundled = load_bank([bundled_bank_dir()])
    bank = QuestionBank(bundled.get(qid) for qid in question_ids)
    # long outputs are shown in full so that replies over 2,000 characters can be tested
    sandbox_settings = SandboxSettings(shown_chars=20_000, shown_lines=1_000)
    config = Config(sandbox=sandbox_settings, discord=DiscordConfig())
    db = await open_database(tmp_path / "study.db").open()
    sandbox = ProcessSandbox(config.sandbox)
    await sandbox.start()
    service = StudyService(db, bank, sandbox, config)
    adapter = DiscordAdapter(service, config.discord, client_options={"guild_ready_timeout": 0.05})
    try:
        await adapter.start("fake-token", ready_timeout=15)
        yield DiscordEnv(fake_discord, service, adapter)
    finally:
        await adapter.close()
        await sandbox.close()
        await db.close()
