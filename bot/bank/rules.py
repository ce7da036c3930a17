"""The sandbox rules members need before answering a code question, from the live policy.

One short paragraph for the code-answer help: which modules `import` gives, what is missing, and
the limits of a grading run. It is built from the sandbox's settings and module policy, so it never
tells members something the sandbox does not do.
"""

from __future__ import annotations

import sys

from bot.sandbox.api import SandboxSettings
from bot.sandbox.modules import NEVER, module_allowed
from bot.sandbox.safe_sys import STAND_INS


def importable_modules(settings: SandboxSettings) -> list[str]:
    """The allowlisted modules member code can import, sorted (never those of NEVER)."""
    return sorted(m for m in set(settings.allowed_modules) if module_allowed(m, [m]))


def sandbox_rules(
    settings: SandboxSettings | None = None, *, time_limit: float | None = None
) -> str:
    """The paragraph; `time_limit` is a code question's own limit (it may lower the run's)."""
    settings = settings or SandboxSettings()
    wall = settings.wall_seconds if time_limit is None else min(time_limit, settings.wall_seconds)
    names = importable_modules(settings)
    stand_ins = [m for m in names if m in STAND_INS]
    listed = ", ".join(f"{m}*" if m in stand_ins else m for m in names)
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    star = f" (* a safe stand-in: {', '.join(stand_ins)})" if stand_ins else ""
    return (
        f"Your code runs in a sandbox (Python {version}) with no files, network, processes or "
        f"threads. `import` works for: {listed}{star}; nothing else (not os, subprocess, socket, "
        f"threading or asyncio). eval, exec, open and input are missing, and introspection "
        f"attributes such as __globals__ or __subclasses__ are refused. Limits for one run: "
        f"{wall:g} s of wall-clock time, {settings.cpu_seconds} s of CPU, "
        f"{settings.memory_mb} MB of memory, recursion depth {settings.recursion_limit}, "
        f"{settings.output_bytes // 1024} KB of output. Tests run in order, the heaviest last: "
        f"a timeout keeps the points of the tests already passed."
    )


__all__ = ["NEVER", "importable_modules", "sandbox_rules"]
