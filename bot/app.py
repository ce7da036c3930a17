"""Wiring: build the core over one database, start the scheduler and the configured adapters.

Adapters are chosen by the environment: DISCORD_TOKEN starts Discord, SLACK_BOT_TOKEN starts
Slack (both can run in one process over one core); with neither, the terminal chat runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from contextlib import AsyncExitStack
from pathlib import Path

from bot.bank import BankError, QuestionBank, bundled_bank_dir, load_bank
from bot.bank.paths import bundled_bank_origin
from bot.config import Config, ConfigError, Secrets
from bot.core.service import StudyService
from bot.sandbox import ProcessSandbox
from bot.storage.db import Database

log = logging.getLogger(__name__)


class StartupError(RuntimeError):
    """The bot cannot start; the message is one line naming what is wrong and what to do."""


def bank_dirs(config: Config) -> list[Path]:
    dirs = [bundled_bank_dir()] if config.questions.bundled else []
    return dirs + [Path(d).expanduser() for d in config.questions.dirs]


def load_configured_bank(config: Config) -> QuestionBank:
    """The configured bank; StartupError (one line, naming the folder or the file and field)
    when it is missing, empty or has a bad file."""
    dirs = bank_dirs(config)
    if not dirs:
        raise StartupError(
            "no question bank: [questions] bundled = false and dirs is empty; set bundled = true "
            "or list a folder of question files in questions.dirs"
        )
    for index, folder in enumerate(dirs):
        bundled = config.questions.bundled and index == 0
        where = f"the bundled bank, {bundled_bank_origin()}" if bundled else "questions.dirs"
        if not folder.exists():
            raise StartupError(f"question folder {folder} (from {where}) does not exist")
        if folder.is_dir() and not any(folder.glob("*.toml")):
            raise StartupError(f"question folder {folder} (from {where}) has no *.toml files")
    try:
        bank = load_bank(dirs)
    except BankError as exc:
        more = len(exc.problems) - 1
        tail = f" (and {more} more; see `studybot questions check`)" if more > 0 else ""
        raise StartupError(f"bad question file: {exc.problems[0]}{tail}") from exc
    if not len(bank):
        raise StartupError(f"no questions in {', '.join(map(str, dirs))}")
    return bank


def _adapter_error(platform: str, variable: str, exc: BaseException) -> Exception:
    """One line for an adapter that could not log in or connect."""
    if isinstance(exc, ConfigError | StartupError):
        return exc
    name = type(exc).__name__
    detail = str(exc).splitlines()[0] if str(exc) else name
    if name == "LoginFailure":
        return StartupError(f"{platform} rejected {variable} ({detail}); check the token")
    if name == "PrivilegedIntentsRequired":
        return StartupError(
            f"{platform}: {detail}; enable the Message Content intent of the bot in the "
            "Developer Portal"
        )
    if isinstance(exc, OSError | TimeoutError) or name.startswith("ClientConnector"):
        return StartupError(
            f"{platform}: cannot reach the {platform} servers ({detail}); check the network "
            f"connection, or unset {variable} to run the terminal chat"
        )
    return StartupError(f"{platform}: could not start ({name}: {detail})")


async def _start_adapter(
    stack: AsyncExitStack, adapter, platform: str, variable: str, *args
) -> asyncio.Future:
    try:
        await adapter.start(*args)
    except Exception as exc:
        with contextlib.suppress(Exception):  # its HTTP session, half-open sockets
            await asyncio.wait_for(adapter.close(), timeout=5)
        raise _adapter_error(platform, variable, exc) from exc
    stack.push_async_callback(adapter.close)
    return asyncio.ensure_future(adapter.wait_closed())


async def run_bot(
    config: Config,
    secrets: Secrets,
    *,
    force_terminal: bool = False,
    started: Callable[[], None] | None = None,
    start_date: str | None = None,
) -> None:
    """Run until the chat ends or the adapters close. `started` is called once everything is up
    (the command line then lets the log lines of the start-up through). `start_date`
    (YYYY-MM-DD[THH:MM]) starts the terminal chat's demo clock on that day."""
    bank = load_configured_bank(config)
    async with AsyncExitStack() as stack:
        db = await Database(config.database.path).open()
        stack.push_async_callback(db.close)
        sandbox = ProcessSandbox(config.sandbox)
        stack.push_async_callback(sandbox.close)  # also after a half-done start
        try:
            await sandbox.start()
        except Exception as exc:  # no fork, no libseccomp, a template that died at birth
            detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise StartupError(f"the code sandbox could not start: {detail}") from exc
        terminal = force_terminal or not (secrets.discord_token or secrets.slack_bot_token)
        clock = None
        if terminal:  # the terminal chat's clock can be moved on (/nextday, /wait, --date)
            from bot.adapters.terminal.democlock import DemoClock, parse_start

            start_at = parse_start(start_date) if start_date else None
            clock = DemoClock()
        elif start_date:
            raise StartupError("--date only works in the terminal chat")
        service = StudyService(db, bank, sandbox, config, clock=clock)
        log.info("database %s, %d questions", config.database.path, len(bank))
        scheduler = _start_scheduler(service, config)

        waits: list[asyncio.Future] = []
        if secrets.discord_token and not force_terminal:
            from bot.adapters.discord import DiscordAdapter

            discord_adapter = DiscordAdapter(service, config.discord)
            token = secrets.discord_token
            waits.append(
                await _start_adapter(stack, discord_adapter, "Discord", "DISCORD_TOKEN", token)
            )
        if secrets.slack_bot_token and not force_terminal:
            from bot.adapters.slack import SlackAdapter

            slack_adapter = SlackAdapter(service, config.slack, secrets)
            waits.append(await _start_adapter(stack, slack_adapter, "Slack", "SLACK_BOT_TOKEN"))

        chat = None
        if terminal:
            from bot.adapters.terminal import TerminalChat

            chat = TerminalChat(
                service, config.terminal, scheduler=scheduler, clock=clock, start_at=start_at
            )
            service.register_publisher(chat)
            await chat.start()

        if scheduler is not None:
            await scheduler.start()
            stack.push_async_callback(scheduler.stop)
        if started is not None:
            started()

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
    return RoundScheduler(service, service.clock, grace_seconds=config.schedule.grace_minutes * 60)
