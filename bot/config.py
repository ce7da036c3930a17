"""Configuration: a TOML file loaded with tomllib into typed, validated, frozen values.

A bad value stops start-up with a `ConfigError` naming the key and what was expected. Secrets
(bot tokens, the Slack signing secret) are read only from environment variables (`Secrets`);
a secret-looking key in the TOML file is itself an error.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import os
import re
import tomllib
import types
import typing
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.sandbox.api import SandboxSettings

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_HHMM_SS = re.compile(r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$")
_SECRET_WORDS = ("token", "secret", "password")


class ConfigError(ValueError):
    """A configuration problem; the message names the key and what was expected."""


@dataclass(frozen=True)
class DatabaseConfig:
    path: str = "studybot.db"


@dataclass(frozen=True)
class QuestionsConfig:
    bundled: bool = True  # include the bank shipped in the repository's questions/ folder
    dirs: tuple[str, ...] = ()  # extra bank directories (each *.toml inside is loaded)


@dataclass(frozen=True)
class ScheduleConfig:
    """Defaults for new groups; each group changes its own with /schedule."""

    post_time: str = "09:00"
    timezone: str = "UTC"
    weekdays: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri")
    reveal_time: str = ""  # "" = reveal after reveal_after_hours
    reveal_after_hours: float = 12.0
    reminder_minutes: int = 0  # 0 = no reminder
    grace_minutes: int = 120  # a post missed while the bot was down is made late within this window


@dataclass(frozen=True)
class ScoringConfig:
    points_by_difficulty: tuple[int, ...] = (10, 20, 30)
    first_correct_bonus: int = 5
    speed_bonus: int = 5  # at most; shrinks linearly to 0 over the answer window
    vote_points: int = 2  # per peer vote received on a discussion answer
    vote_points_cap: int = 10  # per member per round
    streak_bonus: int = 2  # per consecutive round answered beyond the first...
    streak_bonus_cap: int = 10  # ...up to this much per round


@dataclass(frozen=True)
class TerminalConfig:
    group: str = "local"  # the terminal chat's group name
    member: str = "you"  # who you are when the chat starts
    admins: tuple[str, ...] = ("you",)  # members allowed to /post, /reveal, /skip, /schedule
    post_on_start: bool = True  # post today's question when the chat opens on a posting day


@dataclass(frozen=True)
class DiscordConfig:
    sharded: bool = False  # AutoShardedClient for large deployments
    sync_guild_id: str = ""  # sync slash commands to this guild only (instant; for development)


@dataclass(frozen=True)
class SlackConfig:
    host: str = "0.0.0.0"  # HTTP mode (no SLACK_APP_TOKEN): where bolt listens
    port: int = 3000
    path: str = "/slack/events"
    admin_user_ids: tuple[str, ...] = ()  # besides workspace admins and owners


@dataclass(frozen=True)
class LimitsConfig:
    """Per-member rate limits on Discord and Slack, per minute (a burst of that many, then
    refilled evenly); 0 = unlimited. Code runs have their own (sandbox.runs_per_minute)."""

    answers_per_minute: int = 10  # answers (forms, option buttons, /study answer)
    votes_per_minute: int = 30  # vote reactions added or removed
    setup_per_minute: int = 6  # setup and the other admin commands
    clicks_per_minute: int = 30  # buttons and read commands (question, leaderboard, stats...)


@dataclass(frozen=True)
class LoggingConfig:
    level: str = "INFO"
    # Where log lines go. "" = standard error, except in the terminal chat, where they would land
    # between chat lines: there "" means studybot.log beside the database.
    file: str = ""
    format: str = "text"  # "text" (human-readable) or "json" (one JSON object per line)
    levels: dict[str, str] = field(default_factory=dict)  # per logger, e.g. "bot.sandbox" = "DEBUG"


@dataclass(frozen=True)
class ServerConfig:
    """The HTTP endpoint for /healthz and /metrics (bot.ops.server)."""

    enabled: str = "auto"  # "auto": on with Discord or Slack, off in the terminal chat; "on"; "off"
    host: str = "127.0.0.1"
    port: int = 8080


@dataclass(frozen=True)
class WebConfig:
    """The group web pages (bot.web), served by the [server] (or Slack HTTP) server."""

    enabled: str = "auto"  # "auto": where [server] runs; "on": also in the terminal chat; "off"
    public_url: str = ""  # what members open, e.g. "https://study.example.org"; "": the server's
    link_hours: float = 24.0  # how long a /dashboard link works


@dataclass(frozen=True)
class BackupConfig:
    """The optional daily backup (bot.ops.backup)."""

    dir: str = ""  # "" = no daily backup
    time: str = "03:00"  # HH:MM UTC
    keep: int = 7  # the newest N daily copies are kept


@dataclass(frozen=True)
class Config:
    database: DatabaseConfig = field(default_factory=DatabaseConfig)
    questions: QuestionsConfig = field(default_factory=QuestionsConfig)
    schedule: ScheduleConfig = field(default_factory=ScheduleConfig)
    sandbox: SandboxSettings = field(default_factory=SandboxSettings)
    scoring: ScoringConfig = field(default_factory=ScoringConfig)
    terminal: TerminalConfig = field(default_factory=TerminalConfig)
    discord: DiscordConfig = field(default_factory=DiscordConfig)
    slack: SlackConfig = field(default_factory=SlackConfig)
    limits: LimitsConfig = field(default_factory=LimitsConfig)
    logging: LoggingConfig = field(default_factory=LoggingConfig)
    server: ServerConfig = field(default_factory=ServerConfig)
    backup: BackupConfig = field(default_factory=BackupConfig)
    web: WebConfig = field(default_factory=WebConfig)


@dataclass(frozen=True)
class Secrets:
    """Read from the environment only; never logged (repr hides them)."""

    discord_token: str = field(default="", repr=False)
    slack_bot_token: str = field(default="", repr=False)
    slack_app_token: str = field(default="", repr=False)
    slack_signing_secret: str = field(default="", repr=False)

    @classmethod
    def from_env(cls, env: typing.Mapping[str, str] | None = None) -> Secrets:
        env = os.environ if env is None else env
        return cls(
            discord_token=env.get("DISCORD_TOKEN", ""),
            slack_bot_token=env.get("SLACK_BOT_TOKEN", ""),
            slack_app_token=env.get("SLACK_APP_TOKEN", ""),
            slack_signing_secret=env.get("SLACK_SIGNING_SECRET", ""),
        )


MAX_CONFIG_BYTES = 1_000_000


def load_config(path: str | Path | None) -> Config:
    """Load `path` (None = all defaults). Raises ConfigError."""
    if path is None:
        return Config()
    path = Path(path)
    try:
        if path.is_dir():
            raise ConfigError(f"{path}: is a folder; --config takes a TOML file")
        if path.exists() and path.stat().st_size > MAX_CONFIG_BYTES:
            raise ConfigError(f"{path}: too large for a config file (over 1 MB)")
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: config file not found") from exc
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the config file: {exc.strerror or exc}") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"{path}: not a text file (byte {exc.start} is not UTF-8); --config takes a TOML file"
        ) from exc
    if "\x00" in text:
        raise ConfigError(f"{path}: not a text file (it contains NUL bytes); --config takes TOML")
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    try:
        return config_from_dict(raw)
    except ConfigError as exc:
        raise ConfigError(f"{path}: {exc}") from exc


def config_from_dict(raw: dict[str, Any]) -> Config:
    config = _build(Config, raw, "")
    _check(config)
    return config


def _build(cls: type, raw: Any, prefix: str) -> Any:
    if not isinstance(raw, dict):
        raise ConfigError(f"[{prefix.rstrip('.')}] must be a table")
    hints = typing.get_type_hints(cls)
    names = {f.name for f in dataclasses.fields(cls)}
    for key in raw:
        if any(word in key.lower() for word in _SECRET_WORDS):
            raise ConfigError(
                f"key '{prefix}{key}': secrets are not read from the config file; "
                "set DISCORD_TOKEN, SLACK_BOT_TOKEN, SLACK_APP_TOKEN or SLACK_SIGNING_SECRET "
                "in the environment instead"
            )
        if key not in names:
            raise ConfigError(f"unknown key '{prefix}{key}' (known: {', '.join(sorted(names))})")
    values = {}
    for name, value in raw.items():
        hint = hints[name]
        if dataclasses.is_dataclass(hint):
            values[name] = _build(hint, value, f"{prefix}{name}.")
        else:
            values[name] = _coerce(value, hint, f"{prefix}{name}")
    return cls(**values)


def _coerce(value: Any, hint: Any, key: str) -> Any:
    origin = typing.get_origin(hint)
    if origin is dict:
        key_type, item_type = typing.get_args(hint)
        if not isinstance(value, dict):
            raise ConfigError(f"key '{key}': expected a table, got {value!r}")
        return {
            _coerce(k, key_type, key): _coerce(v, item_type, f"{key}.{k}") for k, v in value.items()
        }
    if origin is tuple:
        item_type = typing.get_args(hint)[0]
        if not isinstance(value, list):
            raise ConfigError(
                f"key '{key}': expected a list of {item_type.__name__}, got {value!r}"
            )
        return tuple(_coerce(item, item_type, f"{key}[{i}]") for i, item in enumerate(value))
    if origin in (types.UnionType, typing.Union):
        for option in typing.get_args(hint):
            try:
                return _coerce(value, option, key)
            except ConfigError:
                continue
        raise ConfigError(f"key '{key}': expected {hint}, got {value!r}")
    if hint is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if (
        hint is type(None)
        or not isinstance(value, hint)
        or (hint is int and isinstance(value, bool))
    ):
        raise ConfigError(f"key '{key}': expected {getattr(hint, '__name__', hint)}, got {value!r}")
    return value


def _require(ok: bool, key: str, expected: str, value: Any) -> None:
    if not ok:
        raise ConfigError(f"key '{key}': expected {expected}, got {value!r}")


def _check(config: Config) -> None:
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
