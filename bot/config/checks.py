"""Checks a type alone cannot express: times, timezones, weekdays, ports, names, and the bounds of
every number (the sandbox's in `SANDBOX_BOUNDS`). Each failure is a `ConfigError` naming the key.
"""

from __future__ import annotations

import importlib.util
import os
import re
import unicodedata
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.config.model import WEEKDAYS, Config, ConfigError
from bot.sandbox.api import SandboxSettings

_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_HHMM_SS = re.compile(r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$")


def _require(ok: bool, key: str, expected: str, value: Any) -> None:
    if not ok:
        raise ConfigError(f"key '{key}': expected {expected}, got {value!r}")


def check_config(config: Config) -> None:
    """Checks a type alone cannot express."""
    s = config.schedule
    _require(bool(_HHMM.match(s.post_time)), "schedule.post_time", "HH:MM (24h)", s.post_time)
    _require(
        s.reveal_time == "" or bool(_HHMM.match(s.reveal_time)),
        "schedule.reveal_time",
        'HH:MM (24h) or ""',
        s.reveal_time,
    )
    _require(valid_timezone(s.timezone), "schedule.timezone", "an IANA timezone", s.timezone)
    _require(
        s.reveal_time == "" or s.reveal_time > s.post_time,
        "schedule.reveal_time",
        f'a time after post_time ({s.post_time}) or ""',
        s.reveal_time,
    )
    _require(
        bool(s.weekdays) and all(d in WEEKDAYS for d in s.weekdays),
        "schedule.weekdays",
        f"a non-empty list of {', '.join(WEEKDAYS)}",
        list(s.weekdays),
    )
    _require(0 < s.reveal_after_hours <= 24 * 7, "schedule.reveal_after_hours", "0 < h <= 168",
             s.reveal_after_hours)  # fmt: skip
    _require(s.reminder_minutes >= 0, "schedule.reminder_minutes", ">= 0", s.reminder_minutes)
    _require(s.grace_minutes >= 0, "schedule.grace_minutes", ">= 0", s.grace_minutes)
    _check_sandbox(config.sandbox)
    p = config.scoring
    _require(
        len(p.points_by_difficulty) == 3 and all(v >= 0 for v in p.points_by_difficulty),
        "scoring.points_by_difficulty",
        "three non-negative integers (difficulty 1, 2, 3)",
        list(p.points_by_difficulty),
    )
    _require(
        all(v <= MAX_POINTS for v in p.points_by_difficulty),
        "scoring.points_by_difficulty",
        f"at most {MAX_POINTS:,} each",
        list(p.points_by_difficulty),
    )
    for key in ("first_correct_bonus", "speed_bonus", "vote_points", "vote_points_cap",
                "streak_bonus", "streak_bonus_cap"):  # fmt: skip
        _bounded(f"scoring.{key}", getattr(p, key), 0, MAX_POINTS)
    _bounded("schedule.reminder_minutes", s.reminder_minutes, 0, 7 * 24 * 60)
    _bounded("schedule.grace_minutes", s.grace_minutes, 0, 7 * 24 * 60)
    _require(bool(config.database.path.strip()), "database.path", "a file name", "")
    _check_database_url(config.database.url)
    _check_shards(config.discord.shard_ids, config.discord.shard_count)
    _bounded("database.pool_size", config.database.pool_size, 1, 100)
    t = config.terminal
    for key, name in (("terminal.group", t.group), ("terminal.member", t.member)):
        _require(_plain_name(name), key, f"a name of 1-{MAX_NAME_CHARS} printable characters",
                 name)  # fmt: skip
    for i, name in enumerate(t.admins):
        _require(_plain_name(name), f"terminal.admins[{i}]", "a member name", name)
    levels = ("DEBUG", "INFO", "WARNING", "ERROR")
    _require(
        config.logging.level in levels, "logging.level", " / ".join(levels), config.logging.level
    )
    _require(0 < config.slack.port < 65536, "slack.port", "a TCP port 1-65535", config.slack.port)
    _check_ops(config)
    _require(
        config.slack.path.startswith("/") and " " not in config.slack.path,
        "slack.path",
        'a URL path starting with "/"',
        config.slack.path,
    )
    _require(bool(config.slack.host.strip()), "slack.host", "a host name or address", "")
    for key in ("answers_per_minute", "votes_per_minute", "setup_per_minute",
                "clicks_per_minute"):  # fmt: skip
        _bounded(f"limits.{key}", getattr(config.limits, key), 0, 10_000)
    guild = config.discord.sync_guild_id
    _require(guild == "" or guild.isdigit(), "discord.sync_guild_id", 'a numeric id or ""', guild)


def _check_ops(config: Config) -> None:
    """[logging] format and levels, [server], [backup]."""
    lg = config.logging
    _require(lg.format in ("text", "json"), "logging.format", '"text" or "json"', lg.format)
    for name, level in lg.levels.items():
        _require(bool(name.strip()) and " " not in name, "logging.levels", "logger names", name)
        _require(level in LOG_LEVELS, f"logging.levels.{name}", " / ".join(LOG_LEVELS), level)
    sv = config.server
    _require(sv.enabled in ("auto", "on", "off"), "server.enabled", '"auto", "on" or "off"',
             sv.enabled)  # fmt: skip
    _require(0 <= sv.port < 65536, "server.port", "a TCP port 1-65535 (0: any free port)",
             sv.port)  # fmt: skip
    _require(bool(sv.host.strip()), "server.host", "a host name or address", sv.host)
    w = config.web
    _require(w.enabled in ("auto", "on", "off"), "web.enabled", '"auto", "on" or "off"', w.enabled)
    _require(w.public_url == "" or re.match(r"^https?://[^\s/]+(/\S*)?$", w.public_url) is not None,
             "web.public_url", 'an http(s) URL like "https://study.example.org" or ""',
             w.public_url)  # fmt: skip
    _require(0.01 <= w.link_hours <= 24 * 90, "web.link_hours", "hours between 0.01 and 2160",
             w.link_hours)  # fmt: skip
    b = config.backup
    _require(bool(_HHMM_SS.match(b.time)), "backup.time", "HH:MM[:SS] (24h, UTC)", b.time)
    _bounded("backup.keep", b.keep, 1, 10_000)


LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
MAX_POINTS = 1_000_000
MAX_NAME_CHARS = 32
MAX_WORKERS = max(4, (os.cpu_count() or 1) * 4)
# sandbox key: (lowest, highest) accepted; documented in README and config.example.toml.
SANDBOX_BOUNDS: dict[str, tuple[float, float]] = {
    "workers": (1, MAX_WORKERS),  # 4 x the CPU count (at least 4)
    "queue_size": (1, 10_000),
    "member_queue": (1, 1_000),
    "cpu_seconds": (1, 60),
    "wall_seconds": (0.1, 300),
    "memory_mb": (16, 65_536),
    "max_open_files": (4, 4_096),
    "recursion_limit": (50, 100_000),
    "output_bytes": (256, 16 * 1024 * 1024),
    "shown_chars": (50, 100_000),
    "shown_lines": (1, 10_000),
    "runs_per_minute": (0, 10_000),
}


def _bounded(key: str, value: float, low: float, high: float) -> None:
    if not low <= value <= high:
        raise ConfigError(f"key '{key}': expected {low:,} to {high:,}, got {value!r}")


def _check_sandbox(b: SandboxSettings) -> None:
    for key, (low, high) in SANDBOX_BOUNDS.items():
        value = getattr(b, key)
        if value <= 0 and low > 0:
            _require(False, f"sandbox.{key}", "a positive number", value)
        _bounded(f"sandbox.{key}", value, low, high)
    _require(bool(b.allowed_modules), "sandbox.allowed_modules", "at least one module", [])
    for i, name in enumerate(b.allowed_modules):
        problem = module_problem(name)
        if problem:
            raise ConfigError(f"key 'sandbox.allowed_modules[{i}]': module {name!r} {problem}")


def module_problem(name: str) -> str:
    """Why member code can never import `name`, or "" when it can be allowlisted."""
    from bot.sandbox.modules import NEVER, module_allowed

    if not name or not all(part.isidentifier() for part in name.split(".")):
        return "is not a module name"
    if name.split(".")[0] in NEVER:
        return (
            "is never allowed in the sandbox (it reaches the operating system or the interpreter)"
        )
    if not module_allowed(name, [name]):
        return "is never allowed in the sandbox (private modules are refused)"
    try:
        found = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        found = None
    if found is None:
        return "does not exist in this Python (check the spelling)"
    return ""


def _plain_name(name: str) -> bool:
    return (
        0 < len(name) <= MAX_NAME_CHARS
        and name == name.strip()
        and all(ch.isprintable() and unicodedata.category(ch) != "Cf" for ch in name)
    )


def valid_timezone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _check_database_url(url: str) -> None:
    """A PostgreSQL URL without a password (that comes from the environment), or ""."""
    if not url:
        return
    _require(
        url.startswith(("postgresql://", "postgres://")),
        "database.url",
        'a PostgreSQL URL "postgresql://user@host:5432/dbname" (or "" for the SQLite file)',
        url,
    )
    credentials = url.split("://", 1)[1].split("@", 1)[0] if "@" in url else ""
    if ":" in credentials:
        raise ConfigError(
            "key 'database.url': secrets are not read from the config file; leave the password "
            "out of the URL and set STUDYBOT_DATABASE_PASSWORD in the environment instead"
        )


def _check_shards(shard_ids: tuple[int, ...], shard_count: int) -> None:
    _bounded("discord.shard_count", shard_count, 0, 100_000)
    if shard_ids and not shard_count:
        raise ConfigError("key 'discord.shard_ids': needs discord.shard_count (all shards' number)")
    for i, shard in enumerate(shard_ids):
        _require(0 <= shard < shard_count, f"discord.shard_ids[{i}]",
                 f"a shard number 0-{shard_count - 1}", shard)  # fmt: skip
    _require(len(set(shard_ids)) == len(shard_ids), "discord.shard_ids", "distinct shards",
             list(shard_ids))  # fmt: skip
