"""Wiring: build the core over one database, start the scheduler and the configured adapters.

Adapters are chosen by the environment: DISCORD_TOKEN starts Discord, SLACK_BOT_TOKEN starts
Slack (both can run in one process over one core); with neither, the terminal chat runs.
"""

from __future__ import annotations

import asyncio
import logging
from contextlib import AsyncExitStack
from pathlib import Path

from bot.bank import QuestionBank, bundled_bank_dir, load_bank
from bot.config import Config, Secrets
from bot.core.service import StudyService
from bot.sandbox import ProcessSandbox
from bot.storage.db import Database

log = logging.getLogger(__name__)


def bank_dirs(config: Config) -> list[Path]:
    dirs = [bundled_bank_dir()] if config.questions.bundled else []
    return dirs + [Path(d).expanduser() for d in config.questions.dirs]


def load_configured_bank(config: Config) -> QuestionBank:
    return load_bank(bank_dirs(config))


async def run_bot(config: Config, secrets: Secrets, *, force_terminal: bool = False) -> None:
    bank = load_configured_bank(config)
    async with AsyncExitStack() as stack:
        db = await Database(config.database.path).open()
        stack.push_async_callback(db.close)
        sandbox = ProcessSandbox(config.sandbox)
        await sandbox.start()
        stack.push_async_callback(sandbox.close)
        service = StudyService(db, bank, sandbox, config)
        log.info("database %s, %d questions", config.database.path, len(bank))

        waits: list[asyncio.Future] = []
        terminal = force_terminal or not (secrets.discord_token or secrets.slack_bot_token)
        if secrets.discord_token and not force_terminal:
            from bot.adapters.discord import DiscordAdapter

            discord_adapter = DiscordAdapter(service, config.discord)
            await discord_adapter.start(secrets.discord_token)
            stack.push_async_callback(discord_adapter.close)
            waits.append(asyncio.ensure_future(discord_adapter.wait_closed()))
        if secrets.slack_bot_token and not force_terminal:
            from bot.adapters.slack import SlackAdapter

            slack_adapter = SlackAdapter(service, config.slack, secrets)
            await slack_adapter.start()
            stack.push_async_callback(slack_adapter.close)
            waits.append(asyncio.ensure_future(slack_adapter.wait_closed()))

        chat = None
        if terminal:
            from bot.adapters.terminal import TerminalChat

            chat = TerminalChat(service, config.terminal)
            service.register_publisher(chat)
            await chat.start()

        scheduler = _start_scheduler(service, config)
        if scheduler is not None:
            await scheduler.start()
            stack.push_async_callback(scheduler.stop)

        if chat is not None:
            await chat.loop()
        elif waits:
            await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)


def _start_scheduler(service: StudyService, config: Config):
    try:
        from bot.scheduling.scheduler import RoundScheduler
    except ImportError:  # pragma: no cover - the scheduler lands in its own change
        log.warning("scheduler not available; rounds are posted by command only")
        return None
    return RoundScheduler(service, grace_seconds=config.schedule.grace_minutes * 60)
