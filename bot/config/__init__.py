"""Configuration: a TOML file loaded with tomllib into typed, validated, frozen values.

A bad value stops start-up with a `ConfigError` naming the key and what was expected. Secrets
(bot tokens, the Slack signing secret) are read only from environment variables (`Secrets`);
a secret-looking key in the TOML file is itself an error.

`model` holds the tables and their defaults, `loading` reads and builds them, `checks` holds
the checks a type alone cannot express; everything is importable from `bot.config`.
"""

from __future__ import annotations

from bot.config.checks import (
    _HHMM,
    LOG_LEVELS,
    MAX_NAME_CHARS,
    MAX_POINTS,
    MAX_WORKERS,
    SANDBOX_BOUNDS,
    check_config,
    module_problem,
    valid_timezone,
)
from bot.config.loading import MAX_CONFIG_BYTES, config_from_dict, load_config
from bot.config.model import (
    WEEKDAYS,
    BackupConfig,
    Config,
    ConfigError,
    DatabaseConfig,
    DiscordConfig,
    LimitsConfig,
    LoggingConfig,
    QuestionsConfig,
    ScheduleConfig,
    ScoringConfig,
    Secrets,
    ServerConfig,
    SlackConfig,
    TerminalConfig,
    WebConfig,
)

__all__ = [
    "LOG_LEVELS",
    "MAX_CONFIG_BYTES",
    "MAX_NAME_CHARS",
    "MAX_POINTS",
    "MAX_WORKERS",
    "SANDBOX_BOUNDS",
    "WEEKDAYS",
    "_HHMM",
    "BackupConfig",
    "Config",
    "ConfigError",
    "DatabaseConfig",
    "DiscordConfig",
    "LimitsConfig",
    "LoggingConfig",
    "QuestionsConfig",
    "ScheduleConfig",
    "ScoringConfig",
    "Secrets",
    "ServerConfig",
    "SlackConfig",
    "TerminalConfig",
    "WebConfig",
    "check_config",
    "config_from_dict",
    "load_config",
    "module_problem",
    "valid_timezone",
]
