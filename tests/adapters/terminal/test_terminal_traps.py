"""Small traps of the real terminal chat: a bare 'help' on a code day, Ctrl-C, a restart after the
reveal, a start on a day off, and /question after a skip."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import subprocess
import sys
import termios
import time
from pathlib import Path

from tests.adapters.terminal.chat_process import (
    ADD_CODE_BANK,
    chat_env,
    write_chat_config,
    write_choice_bank,
)
from tests.adapters.terminal.test_terminal_e2e import rows, studybot
from tests.conftest import write_bank


def test_a_bare_help_on_a_code_day_shows_the_help_and_is_no_answer(tmp_path: Path) -> None:
    write_bank(tmp_path / "bank", ADD_CODE_BANK)
    result = studybot(tmp_path, "help\n?\n/bogus\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("Commands:") == 2 and "/nextday" in result.stdout
    assert "Unknown command 'bogus'. Type /help to see the commands." in result.stdout
    assert rows(tmp_path, "SELECT COUNT(*) FROM submissions") == [(0,)]


def test_a_revealed_question_is_marked_after_a_restart(tmp_path: Path) -> None:
    write_choice_bank(tmp_path)
    assert studybot(tmp_path, "B\n/reveal\n").returncode == 0
    again = studybot(tmp_path, "/question\n")
    assert again.stdout.count("(Revealed: answers now are practice and score nothing.)") == 2


def test_the_chat_posts_on_start_only_on_a_posting_day(tmp_path: Path) -> None:
    write_choice_bank(tmp_path)
    saturday = studybot(tmp_path, "/question\n", date="2026-03-07T12:00")
    assert "No question today: Saturday is not a posting day" in saturday.stdout
    assert "There is no question open right now" in saturday.stdout
    assert rows(tmp_path, "SELECT COUNT(*) FROM rounds") == [(0,)]
    extra = studybot(tmp_path, "/post\n", date="2026-03-07T12:00")  # asked: an extra round
    assert "(an extra round)" in extra.stdout
    assert rows(tmp_path, "SELECT round_date, scheduled FROM rounds") == [("2026-03-07", 0)]


def test_after_a_skip_the_chat_says_so_instead_of_showing_an_old_question(tmp_path: Path) -> None:
    write_choice_bank(tmp_path)
    assert studybot(tmp_path, "B\n/reveal\n").returncode == 0
    result = studybot(tmp_path, "/skip\n/question\n/reveal\n", date="2026-03-05T08:00")
    out = result.stdout
    assert "Today's round is skipped." in out
    assert out.count("The round of Thu 05 Mar was skipped") >= 2
    assert "already revealed" not in out


def controlling_terminal() -> None:
    """In the child: a new session whose controlling terminal is the pty on stdin."""
    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def test_ctrl_c_clears_the_line_instead_of_quitting(tmp_path: Path) -> None:
    write_choice_bank(tmp_path)
    config = write_chat_config(tmp_path, level=None, schedule=None)
    env = chat_env()
    main, child = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "run", "--config", str(config), "--date", "2026-03-04"],
        stdin=child,
        stdout=child,
        stderr=child,
        cwd=tmp_path,
        env=env,
        preexec_fn=controlling_terminal,  # so ^C on the pty sends SIGINT, as in a terminal
    )
    os.close(child)
    seen = b""

    def read_until(marker: bytes, timeout: float = 30.0, count: int = 1) -> None:
        nonlocal seen
        deadline = time.monotonic() + timeout
        while seen.count(marker) < count:
            assert time.monotonic() < deadline, seen.decode(errors="replace")[-500:]
            if select.select([main], [], [], 0.2)[0]:
                try:
                    seen += os.read(main, 4096)
                except OSError:
                    break

    try:
        read_until(b"you> ")
        os.write(main, b"A half-typed answer")
        time.sleep(0.3)
        os.write(main, b"\x03")  # Ctrl-C: the terminal sends SIGINT and drops the line
        read_until(b"^C^C")  # the terminal's echo, then the chat's
        read_until(b"you> ", timeout=10, count=2)  # a fresh prompt after the ^C
        assert proc.poll() is None, "Ctrl-C quit the chat"
        assert b"Bye" not in seen
        os.write(main, b"/quit\n")
        read_until(b"Bye. Everything is saved.")
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(main)
    assert rows(tmp_path, "SELECT COUNT(*) FROM submissions") == [(0,)]  # nothing was answered
