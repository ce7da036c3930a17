"""The pre-warmed template process: forks one locked-down child per snippet and supervises it.

Started by `ProcessSandbox` as `python -I -c ...` with an empty environment. It imports
RestrictedPython and the allowlisted modules once, then serves requests read from stdin and
answers on stdout in the frames of `wire`. A request's payload goes to its child untouched; a
child's raw output (its fd 1 and 2) and result events (fd 3) go back to the bot untouched: the
template keeps them only in private buffers that children forked later never inherit, so one
member's code, inputs and results never reach another member's child. It enforces the wall clock
(SIGKILL to the child's whole process group) and the output cap, and removes each child's working
directory.
"""

from __future__ import annotations

import contextlib
import os
import selectors
import shutil
import signal
import tempfile
import time
from typing import Any

from bot.sandbox.children import EXIT_MEMORY, Child
from bot.sandbox.wire import ANSWER, INBUF, REASONS, REQUEST, PrivateBuffer

RESULT_CAP = 4 << 20  # bytes of result events a child may send
SPARE_WARM_AFTER = 0.02  # an unused spare warms up its compiler after this many idle seconds


class Template:
    def __init__(self, settings: dict[str, Any]) -> None:
        self.settings = settings
        self.sel = selectors.DefaultSelector()
        self.children: dict[int, Child] = {}  # by pid, spares included
        self.spares: list[Child] = []  # forked and locked down, waiting for their one request
        self.n_spares = max(2, int(settings.get("workers", 1)))
        self.inbuf = PrivateBuffer(INBUF)  # requests, never inherited by children
        self.scratch = PrivateBuffer(1 << 16)  # output beyond a child's cap, read and dropped
        self.running = True
        self.base = tempfile.mkdtemp(prefix="studybot-sandbox-")  # children's directories
        self.seq = 0
        self.forks_paused_until = 0.0

    # -- requests -------------------------------------------------------------------------
    def on_stdin(self) -> None:
        try:
            if not self.inbuf.read_from(0):  # EOF (the bot never sends more than fits)
                self.running = False
                return
        except BlockingIOError:
            return
        while self.inbuf.length >= REQUEST.size:
            size, req_id, timeout = REQUEST.unpack_from(self.inbuf.map)
            end = REQUEST.size + size
            if self.inbuf.length < end:
                break
            self.dispatch(req_id, timeout, REQUEST.size, end)
            self.inbuf.consume(end)

    def fork_child(self, spare: bool = True) -> Child:
        """A new child, locked down and blocked reading its request pipe."""
        from bot.sandbox import child

        self.seq += 1
        workdir = os.path.join(self.base, f"snippet-{self.seq}")  # the child creates it
        out_r, out_w = os.pipe()
        res_r, res_w = os.pipe()
        req_r, req_w = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            for fd in (out_r, out_w, res_r, res_w, req_r, req_w):
                os.close(fd)
            raise
        if pid == 0:  # the child: never returns
            code = 0
            try:
                child.lock_down(self.settings, out_w, res_w, req_r, workdir)
                namespace = child.member_namespace(self.settings)
                warm_after = SPARE_WARM_AFTER if spare else None
                child.execute(child.read_request(warm_after), namespace)
                child.finish()
            except MemoryError:
                code = EXIT_MEMORY
            except BaseException:
                code = 70
            finally:
                os._exit(code)
        for fd in (out_w, res_w, req_r):
            os.close(fd)
        c = Child(pid, workdir, req_w, PrivateBuffer(self.settings["output_bytes"]),
                  PrivateBuffer(RESULT_CAP))  # fmt: skip
        c.fds = {out_r: "out", res_r: "res"}
        self.children[pid] = c
        for fd, which in c.fds.items():
            os.set_blocking(fd, False)
            self.sel.register(fd, selectors.EVENT_READ, (c, which))
        return c

    def dispatch(self, req_id: int, timeout: float, start: int, end: int) -> None:
        """Hand the payload in `inbuf[start:end]` to a child, as it is."""
        while True:
            if self.spares:
                c = self.spares.pop()
            else:
                try:
                    c = self.fork_child(spare=False)
                except OSError:  # out of processes or memory on this machine
                    self.send_header(req_id, REASONS.index("no_process"), -1, 0.0, 0, 0)
                    return
            c.req_id, c.started = req_id, time.monotonic()
            c.deadline = c.started + timeout
            try:
                self.inbuf.write_to(c.req_w, start, end)
                return
            except OSError:  # the spare died while waiting: use another one
                self.kill(c, "spare")
            finally:
                os.close(c.req_w)
                c.req_w = -1

    @staticmethod
    def active(c: Child) -> bool:
        return c.req_id is not None and not c.replied

    def needs_spares(self) -> bool:
        return (
            self.running
            and len(self.spares) < self.n_spares
            and time.monotonic() >= self.forks_paused_until
            and not any(self.active(c) for c in self.children.values())
        )

    def top_up(self) -> None:
        """Fork one spare. Called only while nothing runs: a fork stalls this loop (about half a
        millisecond here) and would delay the answers of running children. A spare warms its
        compiler only after waiting a while, so that it does not compete with a request that
        follows right away."""
        try:
            self.spares.insert(0, self.fork_child(spare=True))
        except OSError:
            self.forks_paused_until = time.monotonic() + 1.0

    # -- children -------------------------------------------------------------------------
    def on_child(self, c: Child, which: str, fd: int) -> None:
        try:
            got = self.take(c, which, fd)
        except BlockingIOError:
            return
        if not got:
            self.close_fd(c, fd)
            if not c.fds:
                self.finish_early(c)
            return
        if which == "res":
            self.finish_early(c)

    def finish_early(self, c: Child) -> None:
        """The child sent its final report (after flushing its output): take what is left in the
        output pipe and answer now, without waiting for EOF or the exit (tearing down the address
        space takes a while); the child's group is killed first."""
        res, n = c.results.map, c.results.length
        if c.req_id is None or c.replied or c.killed_for is not None or n == 0:
            return
        if res[n - 1] != ord("\n"):
            return
        last_line = res.rfind(b"\n", 0, n - 1) + 1
        if res[last_line : last_line + 9] == b'{"status"':
            self.drain(c)
            with contextlib.suppress(OSError):  # nothing it does from here on reaches anyone
                os.killpg(c.pid, signal.SIGKILL)
            self.reply(c, None, time.monotonic() - c.started)
            shutil.rmtree(c.workdir, ignore_errors=True)  # after the answer: off its path

    def take(self, c: Child, which: str, fd: int) -> bool:
        """Read what `fd` has into the child's buffer; False at EOF. Past the cap (output or
        result events) the child is stopped: OUTPUT_LIMIT."""
        buffer = c.output if which == "out" else c.results
        if buffer.room > 0:
            return buffer.read_from(fd) > 0
        overflow = self.scratch.read_from(fd)
        self.scratch.clear()
        if overflow:
            self.kill(c, "output_limit")
        return overflow > 0

    def kill(self, c: Child, reason: str) -> None:
        if c.killed_for is None:
            c.killed_for = reason
        for target in (lambda: os.killpg(c.pid, signal.SIGKILL), lambda: os.kill(c.pid, 9)):
            with contextlib.suppress(OSError):
                target()

    def try_reap(self, c: Child, block: bool = False) -> None:
        pid, status = os.waitpid(c.pid, 0 if block else os.WNOHANG)
        if pid == 0:
            return
        self.drain(c)
        with contextlib.suppress(OSError):  # anything left in its group (it should not fork)
            os.killpg(c.pid, signal.SIGKILL)
        for fd in list(c.fds):
            self.close_fd(c, fd)
        del self.children[c.pid]
        if c in self.spares:
            self.spares.remove(c)
        if c.req_w >= 0:
            os.close(c.req_w)
            c.req_w = -1
        shutil.rmtree(c.workdir, ignore_errors=True)
        if c.req_id is not None and not c.replied and c.killed_for != "spare":
            self.reply(c, status, time.monotonic() - c.started)
        c.output.close()
        c.results.close()

    def close_fd(self, c: Child, fd: int) -> None:
        del c.fds[fd]
        self.sel.unregister(fd)
        os.close(fd)

    def drain(self, c: Child) -> None:
        """Read what the (dead) child left in its pipes: output printed before a timeout."""
        for fd, which in list(c.fds.items()):
            with contextlib.suppress(OSError):
                for _ in range(64):
                    if not self.take(c, which, fd):
                        break

    def reply(self, c: Child, wait_status: int | None, duration: float) -> None:
        """The ANSWER frame: the header, then the child's raw output and result events."""
        c.replied = True
        reason = REASONS.index(c.killed_for) if c.killed_for in REASONS else 0
        status = -1 if wait_status is None else wait_status
        assert c.req_id is not None
        self.send_header(c.req_id, reason, status, duration, c.output.length, c.results.length)
        c.output.write_to(1)
        c.results.write_to(1)

    @staticmethod
    def send_header(*fields: Any) -> None:
        header = ANSWER.pack(*fields)
        while header:
            header = header[os.write(1, header) :]

    # -- loop -----------------------------------------------------------------------------
    def loop(self) -> None:
        os.set_blocking(0, False)
        self.sel.register(0, selectors.EVENT_READ, None)
        wake_r, wake_w = os.pipe()
        os.set_blocking(wake_r, False)
        os.set_blocking(wake_w, False)
        signal.set_wakeup_fd(wake_w)  # SIGCHLD wakes the select below
        signal.signal(signal.SIGCHLD, lambda *_: None)
        self.sel.register(wake_r, selectors.EVENT_READ, "wake")
        while self.running or self.children:
            now = time.monotonic()
            deadlines = [c.deadline - now for c in self.children.values() if self.active(c)]
            timeout = max(0.0, min(deadlines)) if deadlines else None
            if self.needs_spares():
                timeout = 0.0
            events = self.sel.select(timeout)
            if not events and self.needs_spares():
                self.top_up()
            for key, _ in events:
                if key.data is None:
                    self.on_stdin()
                    if not self.running:
                        self.sel.unregister(0)
                        for c in list(self.children.values()):
                            self.kill(c, "timeout")
                elif key.data == "wake":
                    with contextlib.suppress(BlockingIOError):
                        while os.read(wake_r, 4096):
                            pass
                else:
                    c, which = key.data
                    if c.pid in self.children and key.fd in c.fds:
                        self.on_child(c, which, key.fd)
            for c in list(self.children.values()):
                self.try_reap(c)
            now = time.monotonic()
            for c in list(self.children.values()):
                if self.active(c) and now >= c.deadline:
                    self.kill(c, "timeout")
                    self.try_reap(c, block=True)
            if not self.running:
                for c in list(self.spares):
                    self.kill(c, "spare")
