"""What a member types in the terminal chat is cleaned at the edge: names are refused when too
long or holding control, escape or invisible characters; messages lose escape sequences, control
and reordering characters and are capped; bad bytes on stdin do not end the chat; log lines go to
a log file, not between chat lines."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bot.adapters.terminal.chat import MAX_MESSAGE_CHARS, MAX_NAME_CHARS, clean_text, name_problem
from tests.adapters.terminal.chat_process import chat_env, write_chat_config, write_choice_bank

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ("hello", "hello"),
        ("\x1b[2Jcleared", "cleared"),
        ("\x1b[31mred\x1b[0m", "red"),
        ("title\x1b]0;pwned\x07!", "title!"),
        ("a\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\b", "alinkb"),
        ("bell\x07 back\x08space\rret", "bell backspaceret"),
        ("\x9b2Jc1", "c1"),
        ("ev\u202elive", "evlive"),
        ("zero\u200bwidth\ufeff", "zerowidth"),
        ("two\nlines\tand tab", "two\nlines\tand tab"),
        ("e\u0301", "\u00e9"),  # NFC
        ("👩\u200d💻 ok", "👩\u200d💻 ok"),  # the joiner of an emoji stays
        ("日本語", "日本語"),
    ],
)
def test_clean_text(raw, cleaned):
    assert clean_text(raw) == cleaned


@pytest.mark.parametrize(
    "name",
    ["x" * (MAX_NAME_CHARS + 1), "b\x1b[31mob", "ev\u202eil", "a\u200bb", "tab\tname", "nul\x00"],
)
def test_bad_names_are_refused(name):
    assert name_problem(name)


@pytest.mark.parametrize("name", ["alice", "x" * MAX_NAME_CHARS, "Zoë", "李雷", "👩\u200d💻"])
def test_good_names_pass(name):
    assert name_problem(name) == ""


def chat(tmp_path: Path, script: bytes) -> subprocess.CompletedProcess:
    write_choice_bank(tmp_path)
    config = write_chat_config(tmp_path, level="INFO", schedule=None)
    env = chat_env()
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run(
        # a posting day of the default schedule (the chat posts on start only on such days)
        [sys.executable, "-m", "bot", "run", "--config", str(config), "--date", "2026-03-04"],
        input=script,
        capture_output=True,
        timeout=60,
        cwd=tmp_path,
        env=env,
        check=False,
    )


def members(tmp_path: Path) -> list[str]:
    with sqlite3.connect(tmp_path / "chat.db") as conn:
        return [row[0] for row in conn.execute("SELECT display_name FROM members ORDER BY id")]


def test_names_and_messages_in_the_real_chat(tmp_path):
    long_name = "n" * 500
    script = "\n".join(
        [
            f"/as {long_name}",
            "/as b\x1b[31mob",
            "/as ev\u202eil",
            "/as zero\u200bwidth",
            "/as Zoë",
            "/say \x1b[2J\x1b[Hhello \u202eworld",
            "/say " + "y" * (MAX_MESSAGE_CHARS + 1),
            "/say " + "z" * MAX_MESSAGE_CHARS,
            "B",
        ]
    ).encode("utf-8")
    result = chat(tmp_path, script + b"\n")
    out = result.stdout.decode("utf-8")
    assert result.returncode == 0, result.stderr
    assert f"at most {MAX_NAME_CHARS} characters" in out
    assert out.count("Names cannot contain control") == 3
    assert "You are now Zoë." in out
    assert "#1 Zoë: hello world" in out
    assert "too long (over 20,000 characters)" in out
    assert f"#2 Zoë: {'z' * MAX_MESSAGE_CHARS}" in out
    assert "\x1b" not in out and "\u202e" not in out and "\u200b" not in out
    assert members(tmp_path) == ["you", "Zoë"]
    assert len([line for line in out.splitlines() if "y" * 100 in line]) == 0


def test_bad_bytes_on_stdin_do_not_end_the_chat(tmp_path):
    result = chat(tmp_path, b"/as alice\n\xff\xfe\xfa broken\n/as bob\n/quit\n")
    out = result.stdout.decode("utf-8")
    assert result.returncode == 0, result.stderr
    assert "You are now alice." in out and "You are now bob." in out
    assert members(tmp_path) == ["you", "alice", "bob"]


def test_log_lines_go_to_the_log_file_not_the_chat(tmp_path):
    result = chat(tmp_path, b"/question\n")
    assert result.returncode == 0, result.stderr
    out, err = result.stdout.decode(), result.stderr.decode()
    assert " INFO " not in out and " WARNING " not in out
    assert err.strip() == "", err
    log = (tmp_path / "studybot.log").read_text(encoding="utf-8")
    assert "INFO bot.app: database" in log


def test_a_message_arriving_on_its_own_is_shown_above_a_redrawn_prompt():
    import io

    from bot.adapters.terminal.chat import TerminalChat
    from bot.config import TerminalConfig

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    out = io.StringIO()
    chat_ = TerminalChat(None, TerminalConfig(), stdin=Tty(), stdout=out)  # type: ignore[arg-type]
    chat_.say("answered")  # no prompt waiting: a plain line
    chat_._prompt = "you> "  # the loop is waiting for a line
    chat_.say("Reminder: soon")
    assert out.getvalue() == "answered\n\r\x1b[2KReminder: soon\nyou> "
