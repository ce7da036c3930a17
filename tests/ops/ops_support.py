"""A real `studybot` process for the operations tests: a terminal chat fed through a pipe (its
stdin stays open, so the bot runs until told otherwise), its HTTP endpoint on 127.0.0.1, its
database on a temporary SQLite file."""

from __future__ import annotations

import contextlib
import json
import re
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families

from tests.adapters.terminal.chat_process import ADD_CODE_BANK, chat_env

ROOT = Path(__file__).resolve().parents[2]
WEDNESDAY_NOON = "2026-03-04T12:00"  # a posting day of the default schedule
CODE_BANK = ADD_CODE_BANK  # the bank every Bot answers (tests/ops/test_ops_docker.py too)
RIGHT = "/answer ```def add(a, b): return a + b```"
WRONG = "/answer ```def add(a, b): return a - b```"
ACK = re.compile(r"^\[(?P<member>[^\]]+)\] (?P<text>.*)$")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def write_config(tmp: Path, *, port: int | None = None, extra: str = "") -> Path:
    bank = tmp / "bank"
    bank.mkdir(exist_ok=True)
    (bank / "code.toml").write_text(CODE_BANK, encoding="utf-8")
    server = f'[server]\nenabled = "on"\nport = {port}\n' if port else '[server]\nenabled = "off"\n'
    config = tmp / "studybot.toml"
    config.write_text(
        f'[database]\npath = "{tmp / "chat.db"}"\n'
        f'[questions]\nbundled = false\ndirs = ["{bank}"]\n'
        "[sandbox]\nruns_per_minute = 0\nqueue_size = 1000\nmember_queue = 1000\n"
        f"{server}{extra}",
        encoding="utf-8",
    )
    return config


def studybot(*args: str, timeout: float = 60, cwd: Path | None = None):
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=chat_env(),
        cwd=cwd or ROOT,
        check=False,
    )


class Bot:
    """`studybot run` in the terminal chat with a pipe for stdin; stdout lines are collected."""

    def __init__(self, tmp: Path, *, port: int | None = None, extra: str = "") -> None:
        self.tmp = tmp
        self.port = port
        self.config = write_config(tmp, port=port, extra=extra)
        self.db = tmp / "chat.db"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bot", "run", "--config", str(self.config),
             "--date", WEDNESDAY_NOON],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=tmp,
            env=chat_env(),
        )  # fmt: skip
        self.lines: list[tuple[float, str]] = []
        self._lock = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            with self._lock:
                self.lines.append((time.monotonic(), line.rstrip("\n")))

    def output(self) -> list[str]:
        with self._lock:
            return [line for _, line in self.lines]

    def send(self, *lines: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write("".join(line + "\n" for line in lines))
        self.proc.stdin.flush()

    def acks(self) -> list[tuple[str, str]]:
        """(member, receipt) for every answer the chat acknowledged so far."""
        found = []
        for line in self.output():
            match = ACK.match(line)
            if match and not match["text"].startswith("You are now"):
                found.append((match["member"], match["text"]))
        return found

    def wait_for(self, predicate, timeout: float = 30.0, what: str = "") -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return
            if self.proc.poll() is not None:
                break
            time.sleep(0.02)
        tail = "\n".join(self.output()[-15:])
        err = self.proc.stderr.read() if self.proc.poll() is not None else ""
        raise AssertionError(f"timed out waiting for {what or predicate}\n{tail}\n{err}")

    def get(self, path: str, timeout: float = 5.0) -> tuple[int, str]:
        url = f"http://127.0.0.1:{self.port}{path}"
        try:
            with urllib.request.urlopen(url, timeout=timeout) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()

    def health(self) -> tuple[int, dict]:
        status, body = self.get("/healthz")
        return status, json.loads(body)

    def wait_healthy(self, timeout: float = 30.0) -> dict:
        deadline = time.monotonic() + timeout
        last: object = None
        while time.monotonic() < deadline:
            try:
                status, body = self.health()
                if status == 200:
                    return body
                last = body
            except OSError as exc:
                last = exc
            if self.proc.poll() is not None:
                raise AssertionError(f"the bot exited: {self.proc.stderr.read()}")
            time.sleep(0.05)
        raise AssertionError(f"not healthy within {timeout} s: {last}")

    def metrics(self) -> dict[tuple[str, tuple], float]:
        status, text = self.get("/metrics")
        assert status == 200
        values = {}
        for family in text_string_to_metric_families(text):
            for sample in family.samples:
                values[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
        return values

    def stop(self, timeout: float = 15.0) -> int:
        if self.proc.poll() is None:
            with_stdin = self.proc.stdin
            if with_stdin is not None and not with_stdin.closed:
                with contextlib.suppress(BrokenPipeError):
                    with_stdin.close()  # EOF: the chat ends
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode

    def stored(self, db: Path | None = None) -> dict[str, int]:
        """member -> number of stored submissions, in `db` (default: the bot's database)."""
        conn = sqlite3.connect(db or self.db)
        try:  # closed at once: an open connection would make the database "in use"
            rows = conn.execute(
                "SELECT m.display_name, COUNT(*) FROM submissions s "
                "JOIN members m ON m.id = s.member_id GROUP BY m.display_name"
            ).fetchall()
        finally:
            conn.close()
        return dict(rows)


def metric(values: dict, name: str, **labels: str) -> float:
    return values.get((name, tuple(sorted(labels.items()))), 0.0)


def burst(count: int, start: int = 1) -> list[str]:
    """`count` members each answering once (members m1, m2...), alternating right and wrong."""
    lines = []
    for i in range(start, start + count):
        lines += [f"/as m{i}", RIGHT if i % 2 else WRONG]
    return lines
