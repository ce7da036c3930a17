"""The template's record of each child, and how a finished child becomes an answer to the bot.

Everything a child sends is untrusted: result events are parsed as JSON lines, one by one, and
anything malformed is skipped. The status comes, in this order, from the template's own reason for
killing the child (timeout, output limit), the child's final report, or how the process ended.
"""

from __future__ import annotations

import json
import os
import signal
from dataclasses import dataclass, field
from typing import Any

EXIT_MEMORY = 71  # a child ran out of memory outside the member's code (reporting its result)
CPU_LIMIT = "cpu"  # the traceback of a TIMEOUT that was RLIMIT_CPU, not the wall clock


@dataclass
class Child:
    pid: int
    workdir: str
    req_w: int  # the template's end of the request pipe; -1 once the request was sent
    req: dict[str, Any] | None = None  # None while the child is a waiting spare
    started: float = 0.0
    deadline: float = float("inf")
    output: bytearray = field(default_factory=bytearray)
    results: bytearray = field(default_factory=bytearray)
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


def _events(c: Child) -> tuple[list[dict[str, Any]], dict[str, Any] | None, bool]:
    tests: list[dict[str, Any]] = []
    final: dict[str, Any] | None = None
    loaded = False
    for line in bytes(c.results).splitlines():
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


def _status(c: Child, final: dict[str, Any] | None, wait_status: int | None) -> tuple[str, str]:
    if c.killed_for is not None:
        return c.killed_for, ""
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


def answer_for(c: Child, wait_status: int | None, duration: float) -> dict[str, Any]:
    tests, final, loaded = _events(c)
    status, traceback = _status(c, final, wait_status)
    return {
        "id": c.req["id"] if c.req else None,
        "status": status,
        "traceback": traceback,
        "output": c.output.decode("utf-8", "replace"),
        "tests": tests,
        "loaded": loaded,
        "duration": duration,
    }
