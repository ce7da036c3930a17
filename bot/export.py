"""`studybot export --group ID --format csv|json`: a group's results, for spreadsheets and backups.

CSV: one row per scoring entry (member x round), oldest round first.
JSON: {"group", "exported_at", "leaderboard" (all time, with ranks and streaks), "rounds"
(each with its entries)}. --group takes the numeric group id, PLATFORM:CHANNEL_ID, or a name
that one group has (the terminal chat's "local").
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import csv
import io
import json
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.config import Config
from bot.core.models import Group, Period
from bot.core.settings import default_group_settings
from bot.storage.db import Database, is_postgres_url, open_database
from bot.storage.exports import scoring_entries
from bot.storage.groups import GroupRepository
from bot.storage.leaderboard import LeaderboardRepository

CSV_COLUMNS = (
    "round_date", "round_id", "question_id", "round_state", "member_id", "member",
    "platform", "external_id", "verdict", "score", "points", "vote_points", "total",
    "submitted_at",
)  # fmt: skip
_ROUND_KEYS = ("round_id", "round_date", "question_id", "round_state")


class ExportError(Exception):
    pass


async def find_group(groups: GroupRepository, ref: str) -> Group:
    group = await groups.get(int(ref)) if ref.isdigit() and len(ref) < 19 else None
    if group is None and ":" in ref:
        platform, external_id = ref.split(":", 1)
        group = await groups.find(platform, external_id)
    if group is None:  # a name as chats show it: the terminal's "local", a channel's "#study"
        named = [g for g in await groups.all() if ref in (g.external_id, g.name)]
        if len(named) > 1:
            choices = ", ".join(f"{g.id} ({g.platform}:{g.external_id})" for g in named)
            raise ExportError(f"several groups are called {ref!r}: use one of the ids {choices}")
        group = named[0] if named else None
    if group is None:
        raise ExportError(
            f"no group {ref!r} (use the numeric id, PLATFORM:CHANNEL_ID or the group's name)"
        )
    return group


async def collect(db: Database, config: Config, group_ref: str) -> dict[str, Any]:
    """Everything exported about one group, as plain JSON-able values."""
    group = await find_group(
        GroupRepository(db, default_group_settings(config.schedule)), group_ref
    )
    entries = await scoring_entries(db, group.id)
    board = await LeaderboardRepository(db).top(group.id, Period.ALL, None, limit=1_000_000_000)
    rounds: dict[int, dict[str, Any]] = {}
    for entry in entries:
        round_ = rounds.setdefault(
            entry["round_id"], {key: entry[key] for key in _ROUND_KEYS} | {"entries": []}
        )
        round_["entries"].append({k: entry[k] for k in CSV_COLUMNS if k not in _ROUND_KEYS})
    return {
        "group": {
            "id": group.id,
            "platform": group.platform,
            "external_id": group.external_id,
            "name": group.name,
            "timezone": group.settings.schedule.timezone,
        },
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "leaderboard": [
            {
                "rank": e.rank,
                "member_id": e.member.id,
                "member": e.member.display_name,
                "points": e.points,
                "rounds": e.rounds,
                "current_streak": e.current_streak,
                "longest_streak": e.longest_streak,
            }
            for e in board
        ],
        "rounds": list(rounds.values()),
        "entries": entries,
    }


def to_csv(data: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: _cell(v) for k, v in row.items()} for row in data["entries"])
    return out.getvalue()


def _cell(value: Any) -> Any:
    """Text starting with = + - @ would run as a formula in a spreadsheet: quote it."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def to_json(data: dict[str, Any]) -> str:
    return json.dumps({k: v for k, v in data.items() if k != "entries"}, indent=2) + "\n"


async def export(config: Config, group_ref: str, fmt: str) -> str:
    db = await open_database(config.database.target).open()
    try:
        data = await collect(db, config, group_ref)
    finally:
        await db.close()
    return to_csv(data) if fmt == "csv" else to_json(data)


def _output_problem(output: Path) -> str:
    """Why `output` cannot be written, or ""; checked before the database is read."""
    if output.is_dir():
        return f"{output} is a folder; give a file name, e.g. -o {output / 'results.csv'}"
    folder = output.parent
    if not folder.is_dir():
        return f"the folder {folder} does not exist; create it or choose another -o path"
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"the folder {folder} is not writable; choose another -o path"
    return ""


def write_output(output: Path, text: str) -> None:
    """Write all of `text` or nothing: a temporary file beside `output`, then renamed over it."""
    temp = output.with_name(f".{output.name}.{os.getpid()}.tmp")
    try:
        temp.write_text(text, encoding="utf-8")
        os.replace(temp, output)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise ExportError(f"cannot write {output}: {exc.strerror or exc}") from exc


def _cmd_export(args: argparse.Namespace) -> int:
    from bot.cli import load

    config = load(args)
    output = Path(args.output).expanduser() if args.output else None
    problem = _output_problem(output) if output is not None else ""
    if problem:
        print(f"studybot export: {problem}", file=sys.stderr)
        return 1
    target = config.database.target
    if not is_postgres_url(target) and target != ":memory:" and not Path(target).exists():
        print(f"studybot export: no database at {target}", file=sys.stderr)
        return 1
    try:
        text = asyncio.run(export(config, args.group, args.format))
        if output is not None:
            write_output(output, text)
    except ExportError as exc:
        print(f"studybot export: {exc}", file=sys.stderr)
        return 1
    if output is not None:
        print(f"wrote {output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("export", help="export a group's results as CSV or JSON")
    parser.add_argument(
        "--group",
        required=True,
        help="group id, PLATFORM:CHANNEL_ID, or the group's name (e.g. local)",
    )
    parser.add_argument("--format", choices=("csv", "json"), default="csv")
    parser.add_argument("--db", help="SQLite database file (overrides database.path)")
    parser.add_argument("--config", help="TOML config file")
    parser.add_argument("--output", "-o", help="write here instead of standard output")
    parser.set_defaults(func=_cmd_export)
