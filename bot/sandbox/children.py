"""The template's record of each child, and how the bot turns a finished child into an answer.

The template keeps a child's output and result events in private buffers (`wire`) and hands them
to the bot raw; the bot parses them here. Everything a child sends is untrusted: result events are
parsed as JSON lines, one by one, and anything malformed or nested too deep is skipped. The status
comes, in this order, from the template's own reason for stopping the child (timeout, output
limit), the child's final report, or how the process ended.
"""

from __future__ import annotations

import json
import os
import signal
from dataclasses import dataclass, field
from typing import Any

from bot.sandbox.wire import REASONS, PrivateBuffer

EXIT_MEMORY = 71  # a child ran out of memory outside the member's code (reporting its result)
CPU_LIMIT = "cpu"  # the traceback of a TIMEOUT that was RLIMIT_CPU, not the wall clock


@dataclass
class Child:
    pid: int
    workdir: str
    req_w: int  # the template's end of the request pipe; -1 once the request was sent
    output: PrivateBuffer
    results: PrivateBuffer
    req_id: int | None = None  # None while the child is a waiting spare
    started: float = 0.0
    deadline: float = float("inf")
    fds: dict[int, str] = field(default_factory=dict)  # still open: fd -> "out" | "res"
    killed_for: str | None = None  # "timeout" | "output_limit" | "spare"
    replied: bool = False


MAX_EVENT_DEPTH = 80  # a legitimate event nests values.MAX_DEPTH (60) levels, plus a few


def _depth(tree: Any) -> int:
    """Nesting depth of a parsed JSON value, without recursion (the bot parses it again)."""
    deepest, stack = 0, [(tree, 1)]
    while stack:
        node, level = stack.pop()
        deepest = max(deepest, level)
        if level > MAX_EVENT_DEPTH:
            break
        children = node.values() if isinstance(node, dict) else node
        if isinstance(node, dict | list):
            stack.extend((child, level + 1) for child in children)
    return deepest


def _events(results: bytes) -> tuple[list[dict[str, Any]], dict[str, Any] | None, bool]:
    tests: list[dict[str, Any]] = []
    final: dict[str, Any] | None = None
    loaded = False
    for line in results.splitlines():
        try:
            event = json.loads(line)
        except (ValueError, RecursionError):  # malformed, or nested too deep to parse
            continue
        if not isinstance(event, dict) or _depth(event) > MAX_EVENT_DEPTH:
            continue
        if "i" in event:
            tests.append(event)
        elif "status" in event:
            final = event
        elif "loaded" in event:
            loaded = True
    return tests, final, loaded


def _status(
    killed_for: str, final: dict[str, Any] | None, wait_status: int | None
) -> tuple[str, str]:
    if killed_for:
        return killed_for, ""
    if final is not None:
        return str(final.get("status", "error")), str(final.get("traceback", ""))
    if wait_status is None:
        return "error", "the program stopped unexpectedly"
    if os.WIFSIGNALED(wait_status) and os.WTERMSIG(wait_status) == signal.SIGXCPU:
        return "timeout", CPU_LIMIT
    if os.WIFSIGNALED(wait_status) and os.WTERMSIG(wait_status) == signal.SIGKILL:
        return "memory", ""  # killed, but not by the template: the kernel's OOM killer
    code = os.waitstatus_to_exitcode(wait_status)
    if code == EXIT_MEMORY:
        return "memory", ""
    return "error", f"the program stopped unexpectedly (exit status {code})"


NO_PROCESS = "The sandbox could not start a process; please try again in a moment."


def answer_from(
    header: tuple[int, int, int, float, int, int], output: bytes, results: bytes
) -> dict[str, Any]:
    """The answer to request `id` from the template's ANSWER frame (see `wire`)."""
    req_id, reason, wait_status, duration, _, _ = header
    killed_for = REASONS[reason] if reason < len(REASONS) else "error"
    if killed_for == "no_process":
        return {"id": req_id, "status": "error", "traceback": NO_PROCESS}
    tests, final, loaded = _events(results)
    status, traceback = _status(killed_for, final, None if wait_status < 0 else wait_status)
    return {
        "id": req_id,
        "status": status,
        "traceback": traceback,
        "output": output.decode("utf-8", "replace"),
        "tests": tests,
        "loaded": loaded,
        "duration": duration,
    }
