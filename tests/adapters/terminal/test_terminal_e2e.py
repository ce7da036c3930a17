"""The real `studybot` command, driven through piped stdin against a temporary SQLite file."""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

import pytest

from tests.adapters.terminal.chat_process import ADD_CODE_BANK, run_chat, write_choice_bank
from tests.conftest import write_bank

# The chat's demo clock starts here (a Wednesday, a posting day of the default schedule), so the
# runs of a test neither straddle the group's midnight nor depend on today's weekday.
WEDNESDAY_NOON = "2026-03-04T12:00"


def studybot(
    tmp_path: Path, script: str, *, topics: str = "choice", date: str = WEDNESDAY_NOON
) -> subprocess.CompletedProcess:
    return run_chat(tmp_path, script, date=date)


def rows(tmp_path: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(tmp_path / "chat.db") as conn:
        return conn.execute(sql).fetchall()


@pytest.fixture
def choice_bank(tmp_path: Path) -> Path:
    return write_choice_bank(tmp_path)


def test_a_full_round_in_the_terminal_then_a_restart(tmp_path, choice_bank):
    script = "\n".join(
        ["/help", "B", "/as bob", "A", "/say I went with A", "/as you", "/vote 1", "/as bob",
         "/reveal", "/as you", "/reveal", "/leaderboard", "/bogus", "/leaderboard year"]
    )  # fmt: skip
    first = studybot(tmp_path, script + "\n")
    out = first.stdout
    assert first.returncode == 0, first.stderr
    assert "Which letter is the second one?" in out  # today's question was posted
    assert out.count("Received. Graded at the reveal") == 2
    assert "Vote counted." in out
    assert "Only admins can reveal the answer." in out  # bob is not an admin
    assert "Answer to Pick B: B) B" in out and "2 answered, 1 correct (50%)" in out
    board = out[out.index("Leaderboard (All time)") :]
    assert "1. you" in board and "bob" in board
    assert "Unknown command 'bogus'" in out and "Unknown period 'year'" in out
    assert "Traceback" not in out + first.stderr
    assert rows(tmp_path, "SELECT state FROM rounds") == [("revealed",)]
    answers = rows(
        tmp_path,
        "SELECT m.display_name, s.answer, s.verdict FROM submissions s"
        " JOIN members m ON m.id = s.member_id ORDER BY s.id",
    )
    assert answers == [("you", "B", "correct"), ("bob", "A", "wrong")]

    second = studybot(tmp_path, "/leaderboard\n/stats bob\n/post\n")
    assert second.returncode == 0, second.stderr
    assert "1. you" in second.stdout  # scores survived the restart
    assert "bob:" in second.stdout and "2 points" in second.stdout  # bob's vote points
    assert "already posted" in second.stdout  # same day: never a second round
    assert rows(tmp_path, "SELECT COUNT(*) FROM rounds") == [(1,)]


def test_code_answers_and_run_go_through_the_sandbox(tmp_path):
    write_bank(tmp_path / "bank", ADD_CODE_BANK)
    script = "\n".join(
        ["```", "def add(a, b):", "    return a - b", "```",
         "/answer ```", "def add(a, b):", "    return a + b", "```",
         "/run print(6 * 7)",
         "/run import os", "/run", "```", "for i in range(3):", "    print(i)", "```"]
    )  # fmt: skip
    result = studybot(tmp_path, script + "\n")
    out = result.stdout
    assert result.returncode == 0, result.stderr
    assert "0/2 tests passed" in out or "1/2 tests passed" in out  # the wrong version
    assert "Correct" in out and "2/2 tests passed" in out
    assert "42" in out
    assert "0\n1\n2" in out
    assert "not allowed" in out  # import os is refused by the sandbox
    points = rows(tmp_path, "SELECT points FROM round_scores")
    assert len(points) == 1 and points[0][0] >= 20


def test_the_next_day_brings_a_new_question_and_the_week_chart_is_saved(tmp_path, choice_bank):
    first = studybot(tmp_path, "B\n/reveal\n")
    assert first.returncode == 0, first.stderr
    with sqlite3.connect(tmp_path / "chat.db") as conn:  # as if that round was yesterday's
        conn.execute("UPDATE rounds SET round_date = date(round_date, '-1 day')")
        conn.execute("UPDATE round_scores SET round_date = date(round_date, '-1 day')")
    second = studybot(tmp_path, "/as You\nB\n/reveal\n/leaderboard week\n/stats nobody\n")
    out = second.stdout
    assert second.returncode == 0, second.stderr
    assert out.count("Which letter is the second one?") == 1  # today's question, posted
    assert "Only admins" not in out  # '/as You' is still the admin 'you'
    assert rows(tmp_path, "SELECT state FROM rounds ORDER BY round_date") == [
        ("revealed",), ("revealed",)
    ]  # fmt: skip
    saved = [line for line in out.splitlines() if "chart saved to" in line]
    assert saved, out
    png = Path(saved[-1].split("saved to ", 1)[1])
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "Nobody called nobody" in out


def test_run_output_is_shown_whole_and_harmless(tmp_path):
    """The terminal shows all of a run's output (not the 1,900-character chat cut) and shows
    control characters as escapes: nothing a program prints can drive the terminal."""
    write_bank(tmp_path / "bank", ADD_CODE_BANK)
    script = "\n".join(
        ["/run", "```",
         r"print('\x1b[2J\x1b[31mred\x1b]0;title\x07 \u202eevil\r\x9b1m')",
         "print('z' * 20000)", "print('END')", "```"]
    )  # fmt: skip
    result = studybot(tmp_path, script + "\n")
    out = result.stdout
    assert result.returncode == 0, result.stderr
    assert "z" * 20_000 in out and "END" in out
    assert r"\x1b[2J\x1b[31mred\x1b]0;title\x07 \u202eevil\r\x9b1m" in out
    controls = [c for c in out if (ord(c) < 32 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F]
    assert controls == [] and "\u202e" not in out
