"""The `studybot` command: run the bot, check and list the question bank, export results.

The config and logging set-up is in `bot.cli_setup`, backup/restore/health in `bot.cli_ops`,
`studybot questions` in `bot.bank.cli`, `studybot export` in `bot.export`.

A fault at start-up (a bad config, database, question bank, token or network) ends the command
with one line on standard error naming the file or key and what to do, and a non-zero status:
2 for a configuration error, 1 for anything else. `--debug` (or `-v`) shows the traceback too.
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import sys
import traceback
import typing
from typing import Any

from bot.cli_ops import health_url, register_ops
from bot.cli_setup import (
    DEFAULT_CONFIG,
    LOG_FORMAT,
    TERMINAL_LOG,
    StartupLog,
    load,
    setup_logging,
    terminal_log_file,
)
from bot.config import ConfigError, Secrets

__all__ = [
    "DEFAULT_CONFIG",
    "LOG_FORMAT",
    "TERMINAL_LOG",
    "Parser",
    "StartupLog",
    "build_parser",
    "health_url",
    "load",
    "main",
    "one_line",
    "register_ops",
    "setup_logging",
    "terminal_log_file",
]


class Parser(argparse.ArgumentParser):
    """argparse, with a command-line mistake reported in one line (the usage is in --help)."""

    def error(self, message: str) -> typing.NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _cmd_run(args: argparse.Namespace) -> int:
    from bot.app import run_bot

    config = load(args)
    secrets = Secrets.from_env()
    terminal = args.terminal or not (secrets.discord_token or secrets.slack_bot_token)
    _, started = setup_logging(config, terminal=terminal, debug=bool(getattr(args, "debug", False)))
    try:
        date = getattr(args, "date", None)
        run = run_bot(
            config, secrets, force_terminal=args.terminal, started=started, start_date=date
        )
        with asyncio.Runner(loop_factory=loop_factory()) as runner:
            runner.run(run)
    except KeyboardInterrupt:
        print("\nBye. Everything is saved.", flush=True)
    return 0


def loop_factory() -> Any:
    """The bot's event loop: uvloop's when installed (about 10% less CPU per Slack answer,
    measured by bench/load_slack.py), else asyncio's own (None). Benchmarks run on it too."""
    try:
        import uvloop
    except ImportError:
        return None
    return uvloop.new_event_loop


def _start_date(text: str) -> str:
    from bot.adapters.terminal.democlock import parse_start
    from bot.core.errors import UsageError

    try:
        parse_start(text)
    except UsageError as exc:
        raise argparse.ArgumentTypeError(str(exc).removeprefix("--date: ")) from None
    return text


def add_debug_option(parser: argparse.ArgumentParser, *, top: bool = False) -> None:
    """`--debug`/`-v` on the top parser and on each command (so it works before or after it)."""
    parser.add_argument(
        "-v",
        "--debug",
        action="store_true",
        default=False if top else argparse.SUPPRESS,
        help="show tracebacks and debug logs",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="studybot",
        description="A study-group bot: daily interview questions, sandboxed code answers, "
        "leaderboards. With no DISCORD_TOKEN or SLACK_BOT_TOKEN it runs a terminal chat.",
    )
    add_debug_option(parser, top=True)
    sub = parser.add_subparsers(dest="command")
    run = sub.add_parser("run", help="run the bot (the default command)")
    add_debug_option(run)
    for p, default in ((parser, None), (run, argparse.SUPPRESS)):
        # `run` repeats the options without defaults, so `studybot --db X run` keeps X.
        p.add_argument(
            "--config",
            default=default,
            help=f"TOML config file (default: $STUDYBOT_CONFIG or ./{DEFAULT_CONFIG})",
        )
        p.add_argument(
            "--db", default=default, help="SQLite database file (overrides database.path)"
        )
        p.add_argument(
            "--terminal",
            action="store_true",
            default=default if default is not None else False,
            help="run the terminal chat even if tokens are set",
        )
        p.add_argument(
            "--date",
            type=_start_date,
            default=default,
            metavar="YYYY-MM-DD[THH:MM]",
            help="terminal chat: start its demo clock on this day (default time: the posting "
            "time); /nextday and /wait move it on",
        )
    run.set_defaults(func=_cmd_run)
    parser.set_defaults(func=_cmd_run)
    try:
        from bot.bank.cli import register as register_questions
    except ImportError:  # pragma: no cover
        pass
    else:
        register_questions(sub)
    register_ops(sub)
    try:
        from bot.export import register as register_export
    except ImportError:  # pragma: no cover
        pass
    else:
        register_export(sub)
    for command in sub.choices.values():
        if not any("--debug" in action.option_strings for action in command._actions):
            add_debug_option(command)
    return parser


def one_line(exc: BaseException) -> str:
    """An exception as one line (the first line of its message)."""
    text = str(exc).strip()
    first = text.splitlines()[0] if text else type(exc).__name__
    return first if len(text.splitlines()) <= 1 else f"{first} ..."


def _known_errors() -> tuple[type[BaseException], ...]:
    from bot.app import StartupError
    from bot.bank.errors import BankError
    from bot.export import ExportError
    from bot.storage.db import DatabaseFileError, MigrationError

    return (StartupError, DatabaseFileError, MigrationError, BankError, ExportError)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    debug = bool(getattr(args, "debug", False))
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("\nstudybot: stopped.", file=sys.stderr)
        return 130
    except ConfigError as exc:
        if debug:
            traceback.print_exc()
        print(f"studybot: configuration error: {one_line(exc)}", file=sys.stderr)
        return 2
    except Exception as exc:
        if debug:
            traceback.print_exc()
        if isinstance(exc, _known_errors()):
            print(f"studybot: {one_line(exc)}", file=sys.stderr)
        elif isinstance(exc, sqlite3.Error):  # after the checks at open: damage met while running
            print(f"studybot: database error: {one_line(exc)}; if the file is damaged, recover "
                  "it with `sqlite3 FILE .recover` or restore a backup", file=sys.stderr)  # fmt: skip
        elif type(exc).__module__.startswith("asyncpg"):  # PostgreSQL failed while running
            print(f"studybot: PostgreSQL error: {one_line(exc)}", file=sys.stderr)
        else:
            hint = "" if debug else " (run with --debug for the traceback)"
            print(f"studybot: unexpected error: {type(exc).__name__}: {one_line(exc)}{hint}",
                  file=sys.stderr)  # fmt: skip
        return 1


if __name__ == "__main__":
    sys.exit(main())
