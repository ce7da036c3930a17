"""Reading a TOML file into a `Config`: file checks, TOML parsing, and the typed build of each
table (unknown keys, secret-looking keys and wrong types are errors), then `checks.check_config`.
"""

from __future__ import annotations

import dataclasses
import tomllib
import types
import typing
from pathlib import Path
from typing import Any

from bot.config.checks import check_config
from bot.config.model import Config, ConfigError

_SECRET_WORDS = ("token", "secret", "password")

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
    check_config(config)
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
