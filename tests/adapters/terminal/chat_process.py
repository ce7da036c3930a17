"""The real `studybot` terminal chat as a child process, for the end-to-end tests: its config file
(the database and the question bank in the test's folder), its environment (no platform tokens,
so the terminal chat runs), a run fed through piped stdin, and the code question several of them
answer."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import SMALL_BANK, write_bank

ADD_CODE_BANK = '''
[[question]]
id = "demo.add.code"
topic = "code"
kind = "code"
difficulty = 2
title = "Add two numbers"
prompt = "Write add(a, b)."
explanation = "Return a + b."
[question.code]
entry_point = "add"
signature = "def add(a: int, b: int) -> int"
reference = """
def add(a, b):
    return a + b
"""
[[question.code.examples]]
args = [1, 2]
expected = 3
[[question.code.tests]]
args = [-5, 5]
expected = 0
'''


def write_choice_bank(tmp_path: Path) -> Path:
    """`tmp_path/bank` with only SMALL_BANK's choice question, so today's question is known."""
    return write_bank(tmp_path / "bank", "[[question]]".join(SMALL_BANK.split("[[question]]")[:2]))


def chat_env() -> dict[str, str]:
    """This process's environment without DISCORD_* and SLACK_* (no tokens: the terminal chat)."""
    return {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "SLACK_"))}


def write_chat_config(
    tmp_path: Path,
    *,
    db: str = "chat.db",
    level: str | None = "WARNING",
    schedule: str | None = 'timezone = "UTC"\n',
) -> Path:
    """studybot.toml in `tmp_path`: the database `db` there, only the bank in `tmp_path/bank`,
    the [logging] level and the [schedule] lines given (None: the table is left out)."""
    config = tmp_path / "studybot.toml"
    config.write_text(
        f'[database]\npath = "{tmp_path / db}"\n'
        f'[questions]\nbundled = false\ndirs = ["{tmp_path / "bank"}"]\n'
        + (f'[logging]\nlevel = "{level}"\n' if level is not None else "")
        + (f"[schedule]\n{schedule}" if schedule is not None else ""),
        encoding="utf-8",
    )
    return config


def run_chat(
    tmp_path: Path,
    script: str,
    *,
    date: str,
    db: str = "chat.db",
    schedule: str = 'timezone = "UTC"\n',
    timeout: float = 60,
) -> subprocess.CompletedProcess:
    """`studybot run` with its demo clock starting at `date`, `script` on its stdin (the chat
    ends at its end)."""
    config = write_chat_config(tmp_path, db=db, schedule=schedule)
    return subprocess.run(
        [sys.executable, "-m", "bot", "run", "--config", str(config), "--date", date],
        input=script,
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=tmp_path,
        env=chat_env(),
        check=False,
    )


def chat_output(tmp_path: Path, date: str, script: list[str], *, db: str, schedule: str) -> str:
    """The chat's output for these input lines; the run must end cleanly, without a traceback
    or an unexpected error."""
    result = run_chat(
        tmp_path, "\n".join(script) + "\n", date=date, db=db, schedule=schedule, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert "something went wrong" not in result.stdout
    return result.stdout
