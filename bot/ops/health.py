"""Is the bot healthy? The database answers, the sandbox template is alive, every platform
connection is up. A watchdog restarts a dead sandbox template (the sandbox would also restart it
on its next request; the watchdog makes health come back without one).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger(__name__)
DB_TIMEOUT = 2.0
Check = Callable[[], str]  # "" when up, else why not


@dataclass
class Report:
    ok: bool
    checks: dict[str, str] = field(default_factory=dict)  # name -> "ok" or the reason

    def reasons(self) -> list[str]:
        return [f"{name}: {why}" for name, why in self.checks.items() if why != "ok"]

    def as_dict(self) -> dict[str, Any]:
        return {"status": "ok" if self.ok else "unavailable", "checks": self.checks}


def process_alive(pid: int | None, *, parent: int | None = None) -> str:
    """Empty if `pid` runs (not a zombie) and, when given, is a child of `parent`; else why."""
    if pid is None:
        return "not started"
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            stat = handle.read()
    except FileNotFoundError:
        return f"process {pid} is gone"
    except OSError:  # no /proc: fall back to a signal 0
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return f"process {pid} is gone"
        except PermissionError:
            pass
        return ""
    fields = stat[stat.rfind(")") + 2 :].split()
    state, ppid = fields[0], int(fields[1])
    if state in ("Z", "X", "x"):
        return f"process {pid} has exited"
    if parent is not None and ppid != parent:
        return f"process {pid} is not ours"
    return ""


class Health:
    def __init__(self, db: Any, sandbox: Any, metrics: Any = None) -> None:
        self.db = db
        self.sandbox = sandbox
        self.metrics = metrics
        self.connections: dict[str, Check] = {}
        self.stopping = False

    def add_connection(self, name: str, check: Check) -> None:
        self.connections[name] = check

    def sandbox_problem(self) -> str:
        pid = getattr(self.sandbox, "template_pid", None)
        why = process_alive(pid, parent=os.getpid())
        return f"template {why}" if why else ""

    async def database_problem(self) -> str:
        try:
            row = await asyncio.wait_for(self.db.fetchone("SELECT 1"), DB_TIMEOUT)
        except TimeoutError:
            return f"no answer within {DB_TIMEOUT:g} s"
        except Exception as exc:
            return f"{type(exc).__name__}: {str(exc)[:200]}"
        return "" if row is not None and row[0] == 1 else "unexpected answer"

    async def check(self) -> Report:
        checks: dict[str, str] = {}
        checks["database"] = await self.database_problem() or "ok"
        sandbox = self.sandbox_problem()
        checks["sandbox"] = sandbox or f"ok (template pid {self.sandbox.template_pid})"
        for name, probe in self.connections.items():
            try:
                why = probe()
            except Exception as exc:
                why = f"{type(exc).__name__}: {exc}"
            checks[name] = why or "ok"
        if self.stopping:
            checks["shutdown"] = "shutting down"
        ok = all(v == "ok" or v.startswith("ok ") for v in checks.values())
        if self.metrics is not None and hasattr(self.metrics, "healthy"):
            self.metrics.healthy.set(1 if ok else 0)
        return Report(ok, checks)

    async def watchdog(self, interval: float = 2.0) -> None:
        """Restart a dead sandbox template (forever; cancel to stop)."""
        while True:
            await asyncio.sleep(interval)
            if self.stopping:
                continue
            why = self.sandbox_problem()
            if not why:
                continue
            log.warning("sandbox %s; restarting it", why)
            try:
                await self.sandbox.start()  # starts a new template when the old one is dead
            except Exception as exc:
                log.error("sandbox template could not restart: %s", exc)
                continue
            counter = getattr(self.metrics, "template_restarts", None)
            if counter is not None:
                counter.inc()
            log.info("sandbox template restarted (pid %s)", self.sandbox.template_pid)


async def cancel(task: asyncio.Task | None) -> None:
    if task is not None:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await task
