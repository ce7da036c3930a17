"""SIGTERM and SIGINT stop a real `studybot` cleanly: exit 0 within 10 s, nothing acknowledged
is lost, and an answer being graded when the signal comes is finished and stored."""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.ops.ops_support import Bot, burst, free_port, metric

pytestmark = pytest.mark.timeout(120)
BURST = 300


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_during_a_burst_loses_no_acknowledged_answer(tmp_path: Path, sig) -> None:
    bot = Bot(tmp_path)
    try:
        bot.wait_for(lambda: any("Question of" in line for line in bot.output()), what="post")
        bot.send(*burst(BURST))
        bot.wait_for(lambda: len(bot.acks()) >= 20, what="20 receipts")
        sent = time.monotonic()
        bot.proc.send_signal(sig)
        code = bot.proc.wait(timeout=15)
        elapsed = time.monotonic() - sent
    finally:
        bot.stop()
    assert code == 0, bot.proc.stderr.read()
    assert elapsed < 10, f"took {elapsed:.1f} s to stop"
    acked = {member for member, _ in bot.acks()}
    assert 20 <= len(acked) < BURST, "the signal should land in the middle of the burst"
    stored = bot.stored()
    missing = sorted(acked - set(stored))
    assert not missing, f"acknowledged but not stored: {missing}"
    assert any("Stopped. Everything is saved." in line for line in bot.output())
    assert "Traceback" not in bot.proc.stderr.read()


SLOW = [
    "/as slow",
    "/answer ```",
    "import time",
    "def add(a, b):",
    "    time.sleep(0.8)",
    "    return a + b",
    "```",
]


def test_an_answer_in_flight_when_sigterm_comes_is_graded_and_stored(tmp_path: Path) -> None:
    bot = Bot(tmp_path, port=free_port())
    try:
        bot.wait_healthy()
        bot.send(*SLOW, *burst(3))  # the burst waits behind the slow answer: never started
        bot.wait_for(
            lambda: metric(bot.metrics(), "studybot_sandbox_in_flight") == 1, what="grading"
        )
        sent = time.monotonic()
        bot.proc.send_signal(signal.SIGTERM)
        code = bot.proc.wait(timeout=15)
        elapsed = time.monotonic() - sent
    finally:
        bot.stop()
    assert code == 0
    assert elapsed < 10
    assert [member for member, _ in bot.acks()] == ["slow"]  # finished, acknowledged...
    assert bot.acks()[0][1].startswith("Correct")
    assert bot.stored() == {"slow": 1}  # ...and stored; nothing new was started


def test_a_stopped_bot_left_its_database_closed_and_whole(tmp_path: Path) -> None:
    bot = Bot(tmp_path)
    try:
        bot.send(*burst(10))
        bot.wait_for(lambda: len(bot.acks()) == 10, what="10 receipts")
        bot.proc.send_signal(signal.SIGTERM)
        assert bot.proc.wait(timeout=15) == 0
    finally:
        bot.stop()
    assert not Path(f"{bot.db}-wal").exists() or Path(f"{bot.db}-wal").stat().st_size == 0
    check = subprocess.run(
        ["python3", "-c", f"import sqlite3; print(sqlite3.connect('{bot.db}')"
         ".execute('PRAGMA integrity_check').fetchone()[0])"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert check.stdout.strip() == "ok"
    assert len(bot.stored()) == 10
