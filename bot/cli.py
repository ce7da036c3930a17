"""The `studybot` command: run the bot, check and list the question bank, export results."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from pathlib import Path

from bot.config import Config, ConfigError, Secrets, load_config

DEFAULT_CONFIG = "studybot.toml"


def _config_path(arg: str | None) -> Path | None:
    if arg:
        return Path(arg)
    if os.environ.get("STUDYBOT_CONFIG"):
        return Path(os.environ["STUDYBOT_CONFIG"])
    return Path(DEFAULT_CONFIG) if Path(DEFAULT_CONFIG).exists() else None


def load(args: argparse.Namespace) -> Config:
    config = load_config(_config_path(getattr(args, "config", None)))
    if getattr(args, "db", None):
        import dataclasses

        config = dataclasses.replace(
            config, database=dataclasses.replace(config.database, path=args.db)
        )
    return config


def _cmd_run(args: argparse.Namespace) -> int:
    from bot.app import run_bot

    config = load(args)
    secrets = Secrets.from_env()
    level = getattr(logging, config.logging.level)
    terminal = args.terminal or not (secrets.discord_token or secrets.slack_bot_token)
    if terminal:  # the chat shares the terminal: only warnings and errors interrupt it
        level = max(level, logging.WARNING)
    logging.basicConfig(
        level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )
    logging.getLogger("apscheduler").setLevel(max(level, logging.WARNING))
    try:
        asyncio.run(run_bot(config, secrets, force_terminal=args.terminal))
    except KeyboardInterrupt:
        print("\nBye. Everything is saved.", flush=True)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="studybot",
        description="A study-group bot: daily interview questions, sandboxed code answers, "
        "leaderboards. With no DISCORD_TOKEN or SLACK_BOT_TOKEN it runs a terminal chat.",
    )
    sub = parser.add_subparsers(dest="command")
    run = sub.add_parser("run", help="run the bot (the default command)")
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
    run.set_defaults(func=_cmd_run)
    parser.set_defaults(func=_cmd_run)
    try:
        from bot.bank.cli import register as register_questions
    except ImportError:  # pragma: no cover
        pass
    else:
        register_questions(sub)
    try:
        from bot.export import register as register_export
    except ImportError:  # pragma: no cover
        pass
    else:
        register_export(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except ConfigError as exc:
        print(f"studybot: configuration error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
