"""The stack the Discord tests drive: fake Discord, real service, adapter (built in conftest)."""

from __future__ import annotations

from dataclasses import dataclass

from fake_discord import FakeDiscord

from bot.adapters.discord import DiscordAdapter
from bot.core.service import StudyService


@dataclass
class DiscordEnv:
    fake: FakeDiscord
    service: StudyService
    adapter: DiscordAdapter
