"""One complete bot instance for tests/scheduling/test_two_instances.py, run as its own process:
`python -m tests.scheduling.instance_child TARGET BANK_DIR WORK_DIR`.

A StudyService over `open_database(TARGET)`, a RoundScheduler started for real (lease, catch-up,
APScheduler with a short sweep) and a publisher for platform "test" that appends one line per
publish to WORK_DIR/published.log (O_APPEND). Time is a shared simulated clock: the instant in
WORK_DIR/clock.txt, which the test moves. Commands on stdin, one per line:

    answer <n> <group_id> <member> <text>   submit; prints "ack <n> <round_id>" once stored
    board <monday>                          prints "board <json>": week and all-time boards
    quit                                    stops the scheduler and exits

`Instance` is the test's side: it starts, talks to, kills and restarts such a process.
"""

from __future__ import annotations

import asyncio
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bot.bank import load_bank
from bot.config import Config
from bot.core.models import Period, PostedRefs
from bot.core.service import StudyService
from bot.scheduling.scheduler import RoundScheduler
from bot.storage.db import open_database
from tests.conftest import ScriptedSandbox

POSTING_TIMEOUT = 60.0  # simulated seconds a round may stay 'posting' before a take-over
SLOW = 0.25  # real seconds the platform takes before and after accepting a post
WAIT = 20.0  # real seconds any single wait of the test may take
ROOT = Path(__file__).resolve().parents[2]


class FileClock:
    """The shared simulated clock: the instant written in a file by the test."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def now(self) -> datetime:
        return datetime.fromisoformat(self.path.read_text().strip()).astimezone(UTC)

    def system_time(self, at: datetime) -> datetime:
        # APScheduler's own timers follow the system clock; keep the per-group jobs from firing
        # on their own: the sweep (every SWEEP real seconds) does the waking against this clock.
        return datetime.now(UTC) + timedelta(days=1)


def log_line(path: Path, *fields: object) -> None:
    """Append one line in one write(2) on an O_APPEND descriptor: lines never interleave."""
    data = (" ".join(str(f) for f in fields) + "\n").encode()
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, data)
    finally:
        os.close(fd)


class FilePublisher:
    """Platform "test": `published.log` is the channel; `begin` lines go to `attempts.log`."""

    platform = "test"

    def __init__(self, work: Path) -> None:
        self.log, self.attempts = work / "published.log", work / "attempts.log"

    async def publish_round(self, group, view) -> PostedRefs:
        rnd = view.round
        log_line(self.attempts, "begin", group.id, rnd.id, rnd.round_date, os.getpid())
        await asyncio.sleep(SLOW)  # claimed, not yet on the platform
        log_line(self.log, "post", group.id, rnd.id, rnd.round_date, os.getpid())
        await asyncio.sleep(SLOW)  # on the platform, refs not yet stored
        return PostedRefs(f"msg-{rnd.id}", f"thr-{rnd.id}")

    async def find_round_post(self, group, view) -> PostedRefs | None:
        """Search the channel's history for the round's post (what reconciliation asks)."""
        for line in self.log.read_text().splitlines() if self.log.exists() else []:
            kind, group_id, round_id, *_ = line.split()
            if kind == "post" and int(group_id) == group.id and int(round_id) == view.round.id:
                return PostedRefs(f"msg-{round_id}", f"thr-{round_id}")
        return None

    async def publish_reminder(self, group, view) -> None:
        rnd = view.round
        log_line(self.log, "remind", group.id, rnd.id, rnd.round_date, os.getpid())

    async def publish_reveal(self, group, summary) -> None:
        rnd = summary.round
        log_line(self.log, "reveal", group.id, rnd.id, rnd.round_date, os.getpid())


class Instance:
    """One bot process (`instance_child`); restarted as a new process on the same database."""

    def __init__(self, name: str, args: list[str], work: Path) -> None:
        self.name, self.args, self.work, self.starts = name, args, work, 0
        self.proc: subprocess.Popen[str] | None = None

    async def start(self) -> None:
        err = open(self.work / f"{self.name}-{self.starts}.err", "w")  # noqa: SIM115
        self.starts += 1
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.scheduling.instance_child", *self.args],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err, text=True, cwd=ROOT,
        )  # fmt: skip
        err.close()
        self.lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, args=(self.proc, self.lines), daemon=True).start()
        await self.expect("ready")

    @staticmethod
    def _read(proc: subprocess.Popen[str], lines: queue.Queue[str | None]) -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.put(line.rstrip("\n"))
        lines.put(None)

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def send(self, text: str) -> None:
        assert self.proc is not None and self.proc.stdin is not None
        self.proc.stdin.write(text + "\n")
        self.proc.stdin.flush()

    async def expect(self, prefix: str) -> str:
        deadline = time.monotonic() + WAIT
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = await asyncio.to_thread(self.lines.get, True, left)
            except queue.Empty:
                break
            if line is None or line.startswith("error"):
                raise AssertionError(f"{self.name}: {line or 'exited'}\n{self.stderr()}")
            if line.startswith(prefix):
                return line
        raise AssertionError(f"{self.name}: no {prefix!r} within {WAIT}s\n{self.stderr()}")

    def kill(self) -> list[str]:
        """SIGKILL; returns what the process had printed and not been read yet."""
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        assert self.proc.wait(timeout=10) == -signal.SIGKILL
        rest = []
        while (line := self.lines.get(timeout=10)) is not None:
            rest.append(line)
        return rest

    async def quit(self) -> None:
        assert self.proc is not None
        self.send("quit")
        assert await asyncio.to_thread(self.proc.wait, WAIT) == 0, self.stderr()

    def stderr(self) -> str:
        return (self.work / f"{self.name}-{self.starts - 1}.err").read_text()[-3000:]


def set_clock(work: Path, at: datetime) -> None:
    (work / "clock.tmp").write_text(at.isoformat())
    os.replace(work / "clock.tmp", work / "clock.txt")  # atomic: readers see old or new


def log(work: Path, name: str = "published.log") -> list[list[str]]:
    path = work / name
    return [line.split() for line in path.read_text().splitlines()] if path.exists() else []


def board_rows(board) -> list[list[object]]:
    return [[e.rank, e.member.display_name, e.points, e.rounds] for e in board.entries]


async def handle(service: StudyService, words: list[str]) -> str:
    if words[0] == "answer":
        n, group_id, name, text = words[1], int(words[2]), words[3], " ".join(words[4:])
        member = await service.ensure_member("test", name, name)
        receipt = await service.submit(group_id, member, text)
        return f"ack {n} {receipt.round_id}"  # printed only once the answer is stored
    if words[0] == "board":
        monday = date.fromisoformat(words[1])
        boards = {}
        for group in await service.list_groups():
            for period in (Period.WEEK, Period.ALL):
                board = await service.leaderboard(group.id, period, top=50, on_date=monday)
                boards[f"{group.id}:{period.value}"] = board_rows(board)
        return "board " + json.dumps(boards, sort_keys=True)
    raise ValueError(f"unknown command {words!r}")


async def main(target: str, bank_dir: str, work_dir: str) -> None:
    work = Path(work_dir)
    clock = FileClock(work / "clock.txt")
    db = await open_database(target).open()
    service = StudyService(db, load_bank([Path(bank_dir)]), ScriptedSandbox(), Config(), clock)
    service.register_publisher(FilePublisher(work))
    scheduler = RoundScheduler(
        service, clock, posting_timeout_seconds=POSTING_TIMEOUT, sweep_seconds=0.2
    )
    await scheduler.start()
    print("ready", os.getpid(), flush=True)
    while line := await asyncio.to_thread(sys.stdin.readline):
        words = line.split()
        if not words:
            continue
        if words[0] == "quit":
            break
        try:
            reply = await handle(service, words)
        except Exception as exc:  # the test sees it; nothing is acked
            reply = f"error {words[1:2]} {type(exc).__name__}: {exc}"
        print(reply, flush=True)
    await scheduler.stop()
    await service.grading.close()
    await db.close()


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:4]))
