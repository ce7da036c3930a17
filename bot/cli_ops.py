"""The operations commands: `studybot backup`, `studybot restore`, `studybot health`."""

from __future__ import annotations

import argparse
import sys

from bot.cli_setup import DEFAULT_CONFIG, load
from bot.config import Config, Secrets


def _cmd_backup(args: argparse.Namespace) -> int:
    from bot.ops.backup import BackupError, backup_database
    from bot.storage.db import is_postgres_url

    config = load(args)
    if is_postgres_url(config.database.target):
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
        kept = restore_database(args.src, config.database.target)
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
