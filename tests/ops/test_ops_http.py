"""/healthz and /metrics of a real `studybot` process over HTTP on 127.0.0.1."""

from __future__ import annotations

import os
import re
import signal
import time
from pathlib import Path

import pytest

from tests.ops.ops_support import Bot, burst, free_port, metric

pytestmark = pytest.mark.timeout(120)


@pytest.fixture
def bot(tmp_path: Path):
    bot = Bot(tmp_path, port=free_port())
    yield bot
    bot.stop()


def template_pid(body: dict) -> int:
    match = re.search(r"template pid (\d+)", body["checks"]["sandbox"])
    assert match, body
    return int(match.group(1))


def test_health_is_200_with_every_check_named(bot: Bot) -> None:
    body = bot.wait_healthy()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["terminal"] == "ok"
    pid = template_pid(body)
    assert Path(f"/proc/{pid}").exists()  # the pid it names is a real, running process


def test_metrics_move_as_members_answer(bot: Bot) -> None:
    bot.wait_healthy()
    before = bot.metrics()
    assert metric(before, "studybot_rounds_posted_total", platform="terminal") == 1  # on start
    assert metric(before, "studybot_answers_total", kind="code", verdict="correct") == 0
    bot.send(*burst(5))  # m1, m3, m5 right; m2, m4 wrong
    bot.wait_for(lambda: len(bot.acks()) == 5, what="5 receipts")
    after = bot.metrics()
    assert metric(after, "studybot_answers_total", kind="code", verdict="correct") == 3
    assert metric(after, "studybot_answers_total", kind="code", verdict="wrong") == 2
    assert metric(after, "studybot_sandbox_runs_total", outcome="ok") == 5
    assert metric(after, "studybot_sandbox_run_seconds_count", outcome="ok") == 5
    assert 0 < metric(after, "studybot_sandbox_run_seconds_sum", outcome="ok") < 25
    assert metric(after, "studybot_sandbox_queue_depth") == 0
    assert metric(after, "studybot_healthy") == 1
    bot.send("/run print(1)", "/run while True: pass")  # a timeout is an outcome of its own
    bot.wait_for(lambda: metric(bot.metrics(), "studybot_sandbox_runs_total", outcome="timeout")
                 == 1, timeout=30, what="a timed-out run")  # fmt: skip
    assert metric(bot.metrics(), "studybot_sandbox_runs_total", outcome="ok") == 6
    assert metric(bot.metrics(), "studybot_answers_total", kind="code", verdict="correct") == 3


def test_killing_the_sandbox_template_is_503_until_it_is_back(bot: Bot) -> None:
    old = template_pid(bot.wait_healthy())
    os.kill(old, signal.SIGKILL)
    seen_503 = None
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        status, body = bot.health()
        if status == 503:
            seen_503 = body
        elif seen_503 is not None:
            break
        time.sleep(0.02)
    assert seen_503 is not None, "health never turned 503 after the template was killed"
    assert seen_503["status"] == "unavailable"
    assert str(old) in seen_503["checks"]["sandbox"]
    assert seen_503["checks"]["database"] == "ok"  # the reason names only what is down
    status, body = bot.health()
    assert status == 200, body
    new = template_pid(body)
    assert new != old
    restarts = metric(bot.metrics(), "studybot_sandbox_template_restarts_total")
    assert restarts == 1
    bot.send(*burst(1))  # and it grades again
    bot.wait_for(lambda: len(bot.acks()) == 1, what="a receipt after the restart")
    assert bot.acks()[0][1].startswith("Correct")
