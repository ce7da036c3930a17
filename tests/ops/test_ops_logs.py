"""Log lines: text by default, JSON lines on request, never a token, levels per logger."""

from __future__ import annotations

import json
import logging

import pytest

from bot.cli import setup_logging
from bot.config import config_from_dict
from bot.ops.logs import MASK, JsonFormatter, RedactFilter, Redactor

TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456789"
SLACK = "xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOpQrStUvWx"


@pytest.fixture(autouse=True)
def restore_logging():
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in list(root.handlers):
        if handler not in handlers:
            root.removeHandler(handler)
    root.setLevel(level)
    for name in ("bot.sandbox", "noisy"):
        logging.getLogger(name).setLevel(logging.NOTSET)


def run_logging(monkeypatch, capsys, raw: dict) -> list[str]:
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "s3cr3t-signing-value")
    _, started = setup_logging(config_from_dict(raw), terminal=False)
    started()
    log = logging.getLogger("bot.test")
    log.info("connecting with %s", TOKEN)
    log.warning("signing secret is s3cr3t-signing-value, slack %s", SLACK)
    try:
        raise RuntimeError(f"login failed for token {TOKEN}")
    except RuntimeError:
        log.exception("failed")
    logging.getLogger("noisy").debug("hidden unless its level allows")
    logging.getLogger("bot.sandbox").debug("sandbox detail")
    for handler in logging.getLogger().handlers:
        handler.flush()
    return capsys.readouterr().err.splitlines()


def test_text_logs_never_show_a_token(monkeypatch, capsys):
    lines = run_logging(monkeypatch, capsys, {"logging": {"levels": {"bot.sandbox": "DEBUG"}}})
    text = "\n".join(lines)
    assert "connecting with" in text and "RuntimeError: login failed" in text  # the lines are there
    assert TOKEN not in text and "s3cr3t-signing-value" not in text and SLACK not in text
    assert text.count(MASK) >= 4
    assert " INFO bot.test: connecting with [redacted]" in text
    assert "sandbox detail" in text  # bot.sandbox at DEBUG from [logging.levels]
    assert "hidden unless" not in text  # the root stays at INFO


def test_json_lines_parse_and_never_show_a_token(monkeypatch, capsys):
    lines = run_logging(monkeypatch, capsys, {"logging": {"format": "json"}})
    entries = [json.loads(line) for line in lines]  # every line is one JSON object
    assert {e["logger"] for e in entries} == {"bot.test"}
    assert [e["level"] for e in entries] == ["INFO", "WARNING", "ERROR"]
    assert "RuntimeError: login failed for token [redacted]" in entries[2]["exc"]
    assert entries[0]["time"].endswith("+00:00")
    assert TOKEN not in "\n".join(lines) and SLACK not in "\n".join(lines)


def test_the_filter_masks_args_exceptions_and_token_shapes():
    record = logging.LogRecord(
        "x", logging.INFO, __file__, 1, "Authorization: Bot %s", ("abc.def.ghijkl",), None
    )
    RedactFilter(Redactor()).filter(record)
    assert "abc.def.ghijkl" not in JsonFormatter().format(record)
    assert Redactor(["short"])("short") == "short"  # tiny values are not secrets worth garbling
    assert Redactor([])("token=abcdef123456") == f"token={MASK}"
