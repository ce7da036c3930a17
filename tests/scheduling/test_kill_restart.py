"""The real fault test: the real `studybot` process is SIGKILLed right after a round was triggered,
then started again on the same SQLite file. Exactly one round for the date, no lost submission."""

from __future__ import annotations

import os
import queue
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import SMALL_BANK, write_bank

BANNER = "studybot terminal chat"


class Bot:
    """A running `studybot run` with piped stdin kept open and stdout read line by line."""

    def __init__(self, tmp_path: Path) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "SLACK_"))}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bot", "run", "--db", str(tmp_path / "chat.db"),
             "--config", str(tmp_path / "studybot.toml")],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True, cwd=tmp_path, env=env,
        )  # fmt: skip
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))

    def send(self, text: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(text + "\n")
        self.proc.stdin.flush()

    def expect(self, fragment: str, timeout: float = 15.0) -> str:
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self.lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                output = "\n".join(self.seen)
                raise AssertionError(f"no {fragment!r} in output:\n{output}") from None
            self.seen.append(line)
            if fragment in line:
                return line

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        assert self.proc.wait(timeout=10) == -signal.SIGKILL

    def finish(self) -> str:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        assert self.proc.wait(timeout=15) == 0
        time.sleep(0.05)
        while not self.lines.empty():
            self.seen.append(self.lines.get())
        return "\n".join(self.seen)


def query(tmp_path: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(tmp_path / "chat.db") as conn:
        return conn.execute(sql).fetchall()


ROUNDS = "SELECT round_date, state, message_ref FROM rounds"
ANSWERS = "SELECT m.display_name, s.answer FROM submissions s JOIN members m ON m.id = s.member_id"


@pytest.fixture
def setup(tmp_path: Path) -> Path:
    # only the choice question, so the question and its letters are known
    write_bank(tmp_path / "bank", "[[question]]".join(SMALL_BANK.split("[[question]]")[:2]))
    (tmp_path / "studybot.toml").write_text(
        f'[questions]\nbundled = false\ndirs = ["{tmp_path / "bank"}"]\n'
        "[terminal]\npost_on_start = false\n"
        '[logging]\nlevel = "WARNING"\n',
        encoding="utf-8",
    )
    return tmp_path


def test_sigkill_after_an_acknowledged_answer_loses_nothing(setup: Path) -> None:
    first = Bot(setup)
    first.expect(BANNER)
    first.send("/post")
    first.expect("=== Question")
    first.send("B")
    first.expect("[you] Received")
    first.kill()  # no shutdown code runs: what is in the file is what survived

    second = Bot(setup)
    second.expect(BANNER)
    second.expect("Which letter is the second one?")  # today's round is shown, not re-posted
    second.send("/post")
    second.expect("already posted")
    second.send("/as bob")
    second.send("A")
    second.expect("[bob] Received")
    out = second.finish()

    assert "=== Question" not in out  # the restarted process published nothing again
    [(_, state, ref)] = query(setup, ROUNDS)  # exactly one round
    assert (state, ref) == ("posted", "round-1")
    assert sorted(query(setup, ANSWERS)) == [("bob", "A"), ("you", "B")]


def test_sigkill_the_moment_the_round_is_recorded(setup: Path) -> None:
    first = Bot(setup)
    first.expect(BANNER)
    first.send("/post")
    deadline = time.monotonic() + 15
    while not (setup / "chat.db").exists() or not query(setup, "SELECT id FROM rounds"):
        assert time.monotonic() < deadline, "the round was never recorded"
        time.sleep(0.001)
    first.kill()  # possibly between the recorded intent and the stored platform reference

    state_at_kill = query(setup, ROUNDS)[0][1]

    second = Bot(setup)
    second.expect(BANNER)
    second.send("/post")
    second.send("B")
    second.expect("[you] Received")
    out = second.finish()

    [(_, state, ref)] = query(setup, ROUNDS)  # one round for the date
    # alone on the database, the restarted bot finishes an orphaned post at start-up
    assert (state, ref) == ("posted", "round-1")
    assert out.count("=== Question") == (1 if state_at_kill == "posting" else 0)
    assert query(setup, ANSWERS) == [("you", "B")]


def orphan_posting_round(setup: Path) -> None:
    """The state a crash between 'intent recorded' and 'posted' leaves: a round in 'posting'."""
    from datetime import UTC, datetime

    now = datetime.now(UTC)
    with sqlite3.connect(setup / "chat.db") as conn:
        conn.execute(
            "INSERT INTO rounds (group_id, round_date, question_id, state, opened_at)"
            " VALUES (1, ?, 'demo.choice.check', 'posting', ?)",
            (now.date().isoformat(), now.isoformat()),
        )


def test_orphaned_post_is_finished_at_start_up_only_when_alone(setup: Path) -> None:
    first = Bot(setup)  # creates the database and the group, then stays up
    first.expect(BANNER)
    first.send("/schedule")
    first.expect("Posts at")  # the chat answers once the scheduler has started
    orphan_posting_round(setup)

    second = Bot(setup)  # another bot process is running: it may be the one posting
    second.expect(BANNER)
    second.send("/post")
    second.expect("already posted")
    assert query(setup, ROUNDS)[0][1] == "posting"
    second.kill()
    first.kill()

    third = Bot(setup)  # alone now: the orphan is published once, at start-up
    third.expect(BANNER)
    third.expect("=== Question")
    third.send("/post")
    third.expect("already posted")
    out = third.finish()
    assert out.count("=== Question") == 1
    assert query(setup, ROUNDS) == [(query(setup, ROUNDS)[0][0], "posted", "round-1")]
