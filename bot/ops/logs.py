"""Log lines: human-readable or JSON lines, never a token, levels per logger.

`RedactFilter` sits on the handler, so it sees every record whichever logger it came from: it
renders the message (and any traceback) once and masks the configured secrets (the values of
DISCORD_TOKEN, SLACK_BOT_TOKEN, ...) and anything shaped like a Slack or Discord token or an
Authorization header.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime

MASK = "[redacted]"
# Token shapes worth masking even when they are not ours (a pasted token in an error message).
_PATTERNS = [
    re.compile(r"\bx(?:ox[abposr]|app)-[A-Za-z0-9-]{8,}"),  # Slack bot/user/app tokens
    re.compile(r"\b[MNO][A-Za-z\d_-]{23,27}\.[A-Za-z\d_-]{6}\.[A-Za-z\d_-]{27,}"),  # Discord
    re.compile(r"(?i)\b(authorization\s*[:=]\s*)(?:bot|bearer)?\s*[^\s'\",}]+"),
    re.compile(r"(?i)\b((?:token|secret|password)['\"]?\s*[:=]\s*['\"]?)[^\s'\",}]{6,}"),
]
SECRET_VARIABLES = ("DISCORD_TOKEN", "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET")


class Redactor:
    def __init__(self, secrets: Iterable[str] = ()) -> None:
        # Longest first, so a secret containing another is masked whole; tiny values are skipped
        # (masking "a" everywhere would garble every line and hide nothing).
        self.secrets = sorted({s for s in secrets if s and len(s) >= 6}, key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for secret in self.secrets:
            if secret in text:
                text = text.replace(secret, MASK)
        for pattern in _PATTERNS:
            if pattern.groups:
                text = pattern.sub(lambda m: m.group(1) + MASK, text)
            else:
                text = pattern.sub(MASK, text)
        return text


def secrets_from_env(env: Mapping[str, str]) -> list[str]:
    return [env[name] for name in SECRET_VARIABLES if env.get(name)]


class RedactFilter(logging.Filter):
    """Renders each record's message and traceback, masked, before any formatter sees it."""

    def __init__(self, redact: Redactor) -> None:
        super().__init__()
        self.redact = redact

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: keep what there is, masked
            message = f"{record.msg} {record.args}"
        record.msg, record.args = self.redact(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, and exc when
    there is a traceback."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exc"] = record.exc_text
        if record.stack_info:
            entry["stack"] = record.stack_info
        return json.dumps(entry, ensure_ascii=False)


def formatter(kind: str) -> logging.Formatter:
    return JsonFormatter() if kind == "json" else logging.Formatter(TEXT_FORMAT)


def apply_levels(levels: Mapping[str, str]) -> None:
    """Per-logger levels from [logging.levels]."""
    for name, level in levels.items():
        logging.getLogger(name).setLevel(getattr(logging, level))
