"""`ProcessSandbox`: the bot-side handle on the template process (layer 5, capacity).

The bot never runs member code itself: it sends requests to the template process over a pipe and
reads JSON answers back. `capacity.FairSlots` bounds concurrent runs to `settings.workers`; beyond
that, up to `settings.queue_size` runs wait, at most `settings.member_queue` of them per member, and
the next one raises `SandboxBusy`. A sliding one-minute window per member raises `RateLimited`.
If the template dies it is restarted on the next request (runs in flight when it died come back as
errors).
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import dataclasses
import itertools
import json
import pickle
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.sandbox import children, results, seccomp
from bot.sandbox.api import GradeResult, RateLimited, RunResult, SandboxSettings
from bot.sandbox.capacity import FairSlots
from bot.sandbox.wire import ANSWER, MAX_PAYLOAD, REQUEST

if TYPE_CHECKING:
    from bot.bank.model import CodeSpec

_ROOT = str(Path(__file__).resolve().parents[2])
_BOOT = f"import sys; sys.path.insert(0, {_ROOT!r}); from bot.sandbox.boot import main; main()"
_GRACE = 5.0  # seconds the bot waits beyond a run's own timeout before giving up on the template


class TemplateDied(RuntimeError):
    pass


class SandboxUnavailable(RuntimeError):
    """The template could not start, e.g. the syscall filter cannot be built on this machine."""


class RateLimiter:
    """At most `per_minute` accepted runs per member in any sliding 60-second window."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self.clock = clock
        self._seen: dict[str, collections.deque[float]] = {}

    def acquire(self, member: str | None) -> None:
        if member is None or self.per_minute <= 0:
            return
        now = self.clock()
        seen = self._seen.setdefault(member, collections.deque())
        while seen and now - seen[0] >= 60.0:
            seen.popleft()
        if len(seen) >= self.per_minute:
            raise RateLimited(retry_after=max(1.0, 60.0 - (now - seen[0])))
        seen.append(now)


class ProcessSandbox:
    """Runs member code in forked, locked-down children of a pre-warmed template process."""

    def __init__(
        self,
        settings: SandboxSettings | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.settings = settings or SandboxSettings()
        self._proc: asyncio.subprocess.Process | None = None
        self._reader: asyncio.Task[None] | None = None
        self._pending: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self._ids = itertools.count(1)
        settings = self.settings
        self._slots = FairSlots(settings.workers, settings.queue_size, settings.member_queue)
        self._limiter = RateLimiter(settings.runs_per_minute, clock)
        self._start_lock = asyncio.Lock()

    # -- lifecycle ----------------------------------------------------------------------
    async def start(self) -> None:
        # A same-user process can no longer read our memory or /proc/<pid>/environ (the tokens).
        seccomp.make_undumpable()
        await self._ensure_template()

    async def close(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None:
            with contextlib.suppress(Exception):
                proc.stdin.close()  # type: ignore[union-attr]  # the template exits on EOF
            await self._stop(proc, grace=2.0)
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._reader
            self._reader = None

    @staticmethod
    async def _stop(proc: asyncio.subprocess.Process, grace: float) -> None:
        """Wait for the template to exit, killing it only if it does not: killing an exited
        process makes asyncio's Popen reap it behind the child watcher's back."""
        try:
            await asyncio.wait_for(proc.wait(), grace)
        except TimeoutError:
            with contextlib.suppress(ProcessLookupError):
                proc.kill()
            await proc.wait()

    @property
    def template_pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    async def _ensure_template(self) -> asyncio.subprocess.Process:
        async with self._start_lock:
            if self._proc is not None and self._reader is not None and not self._reader.done():
                return self._proc
            if self._proc is not None:  # it died (or hung): collect it before starting another
                await self._stop(self._proc, grace=0.5)
            config = {
                k: list(v) if isinstance(v, tuple) else v
                for k, v in dataclasses.asdict(self.settings).items()
            }
            proc = await asyncio.create_subprocess_exec(
                sys.executable, "-I", "-X", "utf8", "-c", _BOOT, json.dumps(config),
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                env={},
                limit=16 << 20,
            )  # fmt: skip
            assert proc.stdout is not None
            line = await asyncio.wait_for(proc.stdout.readline(), 30.0)
            if not line.startswith(b'{"ready"'):
                await self._stop(proc, grace=2.0)
                reason = json.loads(line).get("failed") if line.startswith(b'{"failed"') else ""
                raise SandboxUnavailable(
                    f"the sandbox cannot run member code: {reason or 'its process did not start'}"
                )
            self._proc = proc
            self._reader = asyncio.create_task(self._read_answers(proc))
            return proc

    async def _read_answers(self, proc: asyncio.subprocess.Process) -> None:
        """ANSWER frames (`wire`): a header, the child's raw output and its raw result events,
        which are parsed here, in the bot."""
        assert proc.stdout is not None
        try:
            while True:
                try:
                    header = ANSWER.unpack(await proc.stdout.readexactly(ANSWER.size))
                    output = await proc.stdout.readexactly(header[4])
                    results = await proc.stdout.readexactly(header[5])
                except asyncio.IncompleteReadError:
                    return
                answer = children.answer_from(header, output, results)
                future = self._pending.pop(answer["id"], None)
                if future is not None and not future.done():
                    future.set_result(answer)
        finally:
            for future in self._pending.values():
                if not future.done():
                    future.set_exception(TemplateDied())
            self._pending.clear()

    # -- running ------------------------------------------------------------------------
    async def _submit(self, request: dict[str, Any], member: str | None) -> dict[str, Any]:
        self._slots.check(member)  # SandboxBusy before the rate limit counts this run
        self._limiter.acquire(member)
        await self._slots.acquire(member)
        try:
            return await self._send(request)
        finally:
            self._slots.release(member)

    async def _send(self, request: dict[str, Any]) -> dict[str, Any]:
        proc = await self._ensure_template()
        request = {**request, "id": next(self._ids)}
        payload = pickle.dumps(request)
        if len(payload) > MAX_PAYLOAD:
            return {"status": "error", "traceback": "The program or its tests are too large."}
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._pending[request["id"]] = future
        try:
            assert proc.stdin is not None
            proc.stdin.write(REQUEST.pack(len(payload), request["id"], request["timeout"]))
            proc.stdin.write(payload)
            await proc.stdin.drain()
            return await asyncio.wait_for(future, request["timeout"] + _GRACE)
        except (TemplateDied, ConnectionError, TimeoutError):
            self._pending.pop(request["id"], None)
            if self._reader is not None and not self._reader.done():
                with contextlib.suppress(ProcessLookupError):
                    proc.kill()  # it hung: restarted on the next request
            return {"status": "error", "traceback": "The sandbox restarted; please try again."}

    async def run(self, code: str, *, member: str | None = None) -> RunResult:
        timeout = self.settings.wall_seconds
        answer = await self._submit({"code": code, "timeout": timeout}, member)
        return results.run_result(answer, self.settings, timeout)

    async def run_unrestricted(self, code: str) -> RunResult:
        """Run *trusted* plain Python in a child with every OS-level limit but no language
        policy. For tests of the process layer only; never pass member code here."""
        timeout = self.settings.wall_seconds
        answer = await self._submit({"code": code, "timeout": timeout, "restricted": False}, None)
        return results.run_result(answer, self.settings, timeout)

    async def grade(self, code: str, spec: CodeSpec, *, member: str | None = None) -> GradeResult:
        timeout = min(spec.time_limit, self.settings.wall_seconds)
        request = {"code": code, "timeout": timeout, **results.grade_request(spec)}
        answer = await self._submit(request, member)
        run = results.run_result(answer, self.settings, timeout)
        return results.grade_result(spec, answer, run)
