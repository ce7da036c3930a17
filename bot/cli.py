"""The `studybot` command: run the bot, check and list the question bank, export results.

A fault at start-up (a bad config, database, question bank, token or network) ends the command
with one line on standard error naming the file or key and what to do, and a non-zero status:
2 for a configuration error, 1 for anything else. `--debug` (or `-v`) shows the traceback too.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import logging.handlers
import os
import sqlite3
import sys
import traceback
import typing
from collections.abc import Callable
from pathlib import Path

from bot.config import Config, ConfigError, Secrets, load_config

DEFAULT_CONFIG = "studybot.toml"
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
TERMINAL_LOG = "studybot.log"


def _config_path(arg: str | None) -> Path | None:
    if arg:
        return Path(arg)
    if os.environ.get("STUDYBOT_CONFIG"):
        return Path(os.environ["STUDYBOT_CONFIG"])
    return Path(DEFAULT_CONFIG) if Path(DEFAULT_CONFIG).is_file() else None


def load(args: argparse.Namespace) -> Config:
    import dataclasses

    config = load_config(_config_path(getattr(args, "config", None)))
    db = getattr(args, "db", None)
    if db is not None and not db.strip():
        raise ConfigError("--db: expected a database file name, got an empty one")
    path = os.path.expanduser(db if db is not None else config.database.path)
    if path != config.database.path:
        config = dataclasses.replace(
            config, database=dataclasses.replace(config.database, path=path)
        )
    return config


def terminal_log_file(config: Config) -> Path:
    """Where the terminal chat writes its log: logging.file, or studybot.log beside the database."""
    if config.logging.file:
        return Path(config.logging.file).expanduser()
    db = config.database.path
    folder = Path.cwd() if db == ":memory:" else Path(db).expanduser().resolve().parent
    return folder / TERMINAL_LOG


def _writable(path: Path) -> bool:
    if path.exists():
        return path.is_file() and os.access(path, os.W_OK)
    return path.parent.is_dir() and os.access(path.parent, os.W_OK | os.X_OK)


class StartupLog(logging.handlers.MemoryHandler):
    """Holds the log lines of the start-up until it succeeds (then they are written out), so a
    failed start shows only its one-line error (`--debug` shows everything as it happens)."""

    def __init__(self, target: logging.Handler) -> None:
        super().__init__(capacity=5000, flushLevel=logging.CRITICAL + 1, target=target,
                         flushOnClose=False)  # fmt: skip

    opened = False

    def shouldFlush(self, record: logging.LogRecord) -> bool:
        if len(self.buffer) >= self.capacity:  # a very chatty start: keep the last lines
            del self.buffer[: self.capacity // 2]
        return False

    def flush(self) -> None:
        """Only once released: logging.shutdown() at exit flushes every handler."""
        if self.opened:
            super().flush()

    def open_up(self) -> None:
        self.opened = True
        self.flush()


def setup_logging(
    config: Config, *, terminal: bool, debug: bool = False
) -> tuple[Path | None, Callable[[], None]]:
    """Log to standard error, or to a file: in the terminal chat log lines would land between
    chat lines (the file is opened at the first log line). Returns the log file, if any, and
    the function to call once the bot has started: until then lines on standard error wait."""
    level = logging.DEBUG if debug else getattr(logging, config.logging.level)
    path = terminal_log_file(config) if terminal or config.logging.file else None
    if path is not None and not _writable(path):
        if config.logging.file:
            raise ConfigError(f"key 'logging.file': cannot write to {path}; choose another file")
        if path.parent.exists():
            path = None  # the database's folder is not writable: its own check says so
        # else: the database's folder is made when the database is opened, before any log line
    handler: logging.Handler
    if path is not None:
        handler = logging.FileHandler(path, encoding="utf-8", delay=True)
    else:
        handler = logging.StreamHandler(sys.stderr)
    logging.raiseExceptions = debug  # a failing log write (disk full) never prints in the chat
    from bot.ops import logs

    handler.setFormatter(logs.formatter(config.logging.format))
    handler.addFilter(logs.RedactFilter(logs.Redactor(logs.secrets_from_env(os.environ))))
    front: logging.Handler = handler if path is not None or debug else StartupLog(handler)
    front.set_name("studybot")
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == "studybot"]:
        root.removeHandler(old)
        old.close()
    root.addHandler(front)
    root.setLevel(level)
    logging.getLogger("apscheduler").setLevel(max(level, logging.WARNING))
    logs.apply_levels(config.logging.levels)

    def started() -> None:
        if isinstance(front, StartupLog):
            front.open_up()
            handler.set_name("studybot")
            root.addHandler(handler)
            root.removeHandler(front)

    return path, started


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
        asyncio.run(run)
    except KeyboardInterrupt:
        print("\nBye. Everything is saved.", flush=True)
    return 0


def _cmd_backup(args: argparse.Namespace) -> int:
    from bot.ops.backup import BackupError, backup_database, is_postgres

    config = load(args)
    if is_postgres(config.database.path):
        from bot.ops.backup import PG_ADVICE

        print(f"studybot: {PG_ADVICE}", file=sys.stderr)
        return 2
    try:
        info = backup_database(config.database.path, args.dest)
    except BackupError as exc:
        print(f"studybot: backup failed: {exc}", file=sys.stderr)
        return 1
    print(f"backed up {config.database.path} to {info.path} ({info.size:,} bytes, integrity "
          f"{info.integrity}, {info.seconds:.2f} s)")  # fmt: skip
    return 0


def _cmd_restore(args: argparse.Namespace) -> int:
    from bot.ops.backup import BackupError, restore_database

    config = load(args)
    try:
        kept = restore_database(args.src, config.database.path)
    except BackupError as exc:
        print(f"studybot: restore refused: {exc}", file=sys.stderr)
        return 1
    print(f"restored {args.src} into {config.database.path}")
    if kept is not None:
        print(f"the database it replaced is kept as {kept}")
    return 0


def health_url(config: Config, secrets: Secrets) -> str:
    """Where the running bot answers /healthz, from the same config and environment."""
    from bot.app import slack_http_mode

    if slack_http_mode(secrets):
        host, port = config.slack.host, config.slack.port
    else:
        host, port = config.server.host, config.server.port
    host = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    host = f"[{host}]" if ":" in host else host
    return f"http://{host}:{port}/healthz"


def _cmd_health(args: argparse.Namespace) -> int:
    import urllib.error
    import urllib.request

    url = args.url or health_url(load(args), Secrets.from_env())
    try:
        with urllib.request.urlopen(url, timeout=args.timeout) as response:
            print(response.read().decode("utf-8", "replace").strip())
            return 0
    except urllib.error.HTTPError as exc:
        print(exc.read().decode("utf-8", "replace").strip() or f"HTTP {exc.code}")
        return 1
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        print(f"studybot: {url}: {reason}", file=sys.stderr)
        return 1


def register_ops(sub: argparse._SubParsersAction) -> None:
    """`studybot backup`, `studybot restore`, `studybot health`."""
    backup = sub.add_parser(
        "backup",
        help="copy the database consistently, also while the bot runs",
        description="Copy the SQLite database with SQLite's online backup API (a consistent "
        "snapshot, safe while the bot runs) and check the copy's integrity. For PostgreSQL it "
        "says how to use pg_dump.",
    )
    backup.add_argument("dest", help="the copy's file name, or a folder (a dated file inside)")
    restore = sub.add_parser(
        "restore",
        help="put a backup in place of the database (the bot must be stopped)",
        description="Replace the database with a backup made by `studybot backup`. Refused "
        "while any process has the database open; the replaced database is kept beside it.",
    )
    restore.add_argument("src", help="the backup file")
    health = sub.add_parser(
        "health",
        help="ask the running bot's /healthz (exit 0 when healthy)",
        description="GET /healthz of the running bot at [server] host and port (or Slack's "
        "HTTP server in Slack's HTTP mode); exit 0 on 200, 1 otherwise. The Docker image's "
        "HEALTHCHECK runs it.",
    )
    health.add_argument("--url", help="ask this URL instead")
    health.add_argument("--timeout", type=float, default=3.0, help="seconds (default 3)")
    for command, func in ((backup, _cmd_backup), (restore, _cmd_restore), (health, _cmd_health)):
        command.add_argument("--config", help="TOML config file (default: $STUDYBOT_CONFIG or "
                             f"./{DEFAULT_CONFIG})")  # fmt: skip
        if command is not health:
            command.add_argument("--db", help="SQLite database file (overrides database.path)")
        command.set_defaults(func=func)


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
        else:
            hint = "" if debug else " (run with --debug for the traceback)"
            print(f"studybot: unexpected error: {type(exc).__name__}: {one_line(exc)}{hint}",
                  file=sys.stderr)  # fmt: skip
        return 1


if __name__ == "__main__":
    sys.exit(main())
