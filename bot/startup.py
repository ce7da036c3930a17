"""Start-up checks and how their failures read: the configured question bank, and an adapter
that cannot log in or connect. Each failure is a `StartupError` of one line naming what is
wrong and what to do (the command line prints it as is)."""

from __future__ import annotations

import asyncio
import contextlib
from contextlib import AsyncExitStack
from pathlib import Path

from bot.bank import BankError, QuestionBank, bundled_bank_dir, load_bank
from bot.bank.paths import bundled_bank_origin
from bot.config import Config, ConfigError


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


def adapter_error(platform: str, variable: str, exc: BaseException) -> Exception:
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


async def start_adapter(
    stack: AsyncExitStack, adapter, platform: str, variable: str, *args
) -> asyncio.Future:
    """Start an adapter (closed on `stack`); the future ends when it closes. A failure to log in
    or connect is raised as one line (`adapter_error`)."""
    try:
        await adapter.start(*args)
    except Exception as exc:
        with contextlib.suppress(Exception):  # its HTTP session, half-open sockets
            await asyncio.wait_for(adapter.close(), timeout=5)
        raise adapter_error(platform, variable, exc) from exc
    stack.push_async_callback(adapter.close)
    return asyncio.ensure_future(adapter.wait_closed())
