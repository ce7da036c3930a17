"""The pre-warmed template process: forks one locked-down child per snippet and supervises it.

Started by `ProcessSandbox` as `python -I -c ...` with an empty environment. It imports
RestrictedPython and the allowlisted modules once, then serves requests read from stdin
(length-prefixed pickles written by the bot, which is trusted) and answers on stdout with one JSON
line per request. Children only ever talk to it in JSON (never pickle), through two pipes: raw
output (their fd 1 and 2) and result events (fd 3). It enforces the wall clock (SIGKILL to the
child's whole process group) and the output cap, and removes each child's working directory.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import pickle
import selectors
import shutil
import signal
import struct
import sys
import tempfile
import time
from typing import Any

from bot.sandbox.children import EXIT_MEMORY, Child, answer_for

RESULT_CAP = 4 << 20  # bytes of result events a child may send
SPARE_WARM_AFTER = 0.02  # an unused spare warms up its compiler after this many idle seconds
_HEADER = struct.Struct("!I")


class Template:
    def __init__(self, settings: dict[str, Any]) -> None:
        self.settings = settings
        self.sel = selectors.DefaultSelector()
        self.children: dict[int, Child] = {}  # by pid, spares included
        self.spares: list[Child] = []  # forked and locked down, waiting for their one request
        self.n_spares = max(2, int(settings.get("workers", 1)))
        self.inbuf = bytearray()
        self.running = True
        self.base = tempfile.mkdtemp(prefix="studybot-sandbox-")  # children's directories
        self.seq = 0
        self.forks_paused_until = 0.0

    # -- requests -------------------------------------------------------------------------
    def on_stdin(self) -> None:
        data = os.read(0, 1 << 20)
        if not data:
            self.running = False
            return
        self.inbuf += data
        while len(self.inbuf) >= _HEADER.size:
            (size,) = _HEADER.unpack_from(self.inbuf)
            if len(self.inbuf) < _HEADER.size + size:
                break
            payload = bytes(self.inbuf[_HEADER.size : _HEADER.size + size])
            del self.inbuf[: _HEADER.size + size]
            self.dispatch(pickle.loads(payload))

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
        c = Child(pid, workdir, req_w)
        c.fds = {out_r: "out", res_r: "res"}
        self.children[pid] = c
        for fd, which in c.fds.items():
            os.set_blocking(fd, False)
            self.sel.register(fd, selectors.EVENT_READ, (c, which))
        return c

    def dispatch(self, req: dict[str, Any]) -> None:
        while True:
            if self.spares:
                c = self.spares.pop()
            else:
                try:
                    c = self.fork_child(spare=False)
                except OSError:  # out of processes or memory on this machine
                    tb = "The sandbox could not start a process; please try again in a moment."
                    self.send({"id": req["id"], "status": "error", "traceback": tb})
                    return
            c.req, c.started = req, time.monotonic()
            c.deadline = c.started + float(req["timeout"])
            try:
                data = pickle.dumps(req)
                while data:
                    data = data[os.write(c.req_w, data) :]
                return
            except OSError:  # the spare died while waiting: use another one
                self.kill(c, "spare")
            finally:
                os.close(c.req_w)
                c.req_w = -1

    @staticmethod
    def active(c: Child) -> bool:
        return c.req is not None and not c.replied

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
            data = os.read(fd, 1 << 16)
        except BlockingIOError:
            return
        if not data:
            self.close_fd(c, fd)
            if not c.fds:
                self.finish_early(c)
            return
        self.take(c, which, data)
        if which == "res":
            self.finish_early(c)

    def finish_early(self, c: Child) -> None:
        """The child sent its final report (after flushing its output): take what is left in the
        output pipe and answer now, without waiting for EOF or the exit (tearing down the address
        space takes a while); the child's group is killed first."""
        if c.req is None or c.replied or c.killed_for is not None or not c.results.endswith(b"\n"):
            return
        last_line = c.results.rfind(b"\n", 0, len(c.results) - 1) + 1
        if c.results.startswith(b'{"status"', last_line):
            self.drain(c)
            duration = time.monotonic() - c.started
            with contextlib.suppress(OSError):
                os.killpg(c.pid, signal.SIGKILL)
            shutil.rmtree(c.workdir, ignore_errors=True)
            self.reply(c, None, duration)

    def take(self, c: Child, which: str, data: bytes) -> None:
        if which == "out":
            room = self.settings["output_bytes"] - len(c.output)
            c.output += data[: max(room, 0)]
            if len(data) > room:
                self.kill(c, "output_limit")
        else:
            c.results += data
            if len(c.results) > RESULT_CAP:
                self.kill(c, "output_limit")

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
        if c.req is not None and not c.replied and c.killed_for != "spare":
            self.reply(c, status, time.monotonic() - c.started)

    def close_fd(self, c: Child, fd: int) -> None:
        del c.fds[fd]
        self.sel.unregister(fd)
        os.close(fd)

    def drain(self, c: Child) -> None:
        """Read what the (dead) child left in its pipes: output printed before a timeout."""
        for fd, which in list(c.fds.items()):
            with contextlib.suppress(OSError):
                for _ in range(64):
                    data = os.read(fd, 1 << 16)
                    if not data:
                        break
                    self.take(c, which, data)

    def reply(self, c: Child, wait_status: int | None, duration: float) -> None:
        c.replied = True
        self.send(answer_for(c, wait_status, duration))

    @staticmethod
    def send(answer: dict[str, Any]) -> None:
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()

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


CLONE_NEWNET = 0x40000000


def isolate_network() -> bool:
    """Move the template (and so every child it forks) into a new, empty network namespace: no
    interface but a loopback that is down, so member code that got past the language layer still
    reaches no network. Needs root (CAP_SYS_ADMIN); elsewhere the sandbox runs without it."""
    if os.geteuid() != 0:
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        if libc.unshare(CLONE_NEWNET) != 0:
            return False
    except (OSError, AttributeError):
        return False
    return True


def main() -> None:
    settings = json.loads(sys.argv[1])
    import bot.sandbox.child
    from bot.sandbox import modules, seccomp

    seccomp.make_undumpable()  # same-uid processes (children included) cannot open our /proc
    modules.warm(frozenset(settings["allowed_modules"]))
    for name in settings.get("preload_modules", ()):
        __import__(name)
    try:
        bot.sandbox.child.prepare(settings["allowed_modules"], settings.get("seccomp", True))
    except seccomp.SeccompUnavailable as exc:
        sys.stdout.write(json.dumps({"failed": str(exc)}) + "\n")
        sys.stdout.flush()
        return

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    isolate_network()
    gc.collect()
    gc.freeze()  # children share the warmed heap copy-on-write
    sys.stdout.write(json.dumps({"ready": os.getpid()}) + "\n")
    sys.stdout.flush()
    template = Template(settings)
    try:
        template.loop()
    finally:
        shutil.rmtree(template.base, ignore_errors=True)
