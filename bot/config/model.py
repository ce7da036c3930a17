"""The configuration's shape: one frozen dataclass per TOML table, with the defaults, plus
`Secrets` (read from the environment only) and `ConfigError`."""

from __future__ import annotations

import os
import typing
from dataclasses import dataclass, field

from bot.sandbox.api import SandboxSettings

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class ConfigError(ValueError):
    """A configuration problem; the message names the key and what was expected."""


@dataclass(frozen=True)
class DatabaseConfig:
    path: str = "studybot.db"  # the SQLite file (the embedded default)
    url: str = ""  # "postgresql://user@host:5432/db" instead; password from the environment
    pool_size: int = 10  # PostgreSQL connections per bot process

    @property
    def target(self) -> str:
        """What `bot.storage.db.open_database` opens: the PostgreSQL URL when set, else the file."""
        return self.url or self.path


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
    # Several bot processes: each runs its own shards of `shard_count` (e.g. [0, 1] of 4); all
    # share one PostgreSQL database. Empty = Discord's recommended count, all shards here.
    shard_ids: tuple[int, ...] = ()
    shard_count: int = 0
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
