"""What every `studybot` command does first: find and load the config (`--config`,
$STUDYBOT_CONFIG or ./studybot.toml; `--db` overrides database.path), and set up logging."""

from __future__ import annotations

import argparse
import logging
import logging.handlers
import os
import sys
from collections.abc import Callable
from pathlib import Path

from bot.config import Config, ConfigError, load_config

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
