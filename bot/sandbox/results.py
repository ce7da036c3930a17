"""Bot-side interpretation of a template answer: a RunResult, and a GradeResult.

A RunResult carries the output cut to what a chat message shows (`stdout`, `truncated`) and all of
it up to the sandbox's cap (`full_output`), for an attachment or a terminal. Expected values are
compared here, in the bot, against the values the child encoded (`bot.sandbox.values`,
type-strictly): hidden expected values and reference solutions never enter the child. A hidden
check goes to the child without its expected literals (`bot.sandbox.hidden`): the child records
the values compared with them, and they are compared here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.sandbox import hidden, values
from bot.sandbox.api import GradeResult, RunResult, RunStatus, SandboxSettings
from bot.sandbox.children import CPU_LIMIT

if TYPE_CHECKING:
    from bot.bank.model import CodeSpec, CodeTest

_SHORT = 160


def trim_head(text: str, max_chars: int, max_lines: int) -> tuple[str, bool]:
    """The beginning of `text` within the display limits, and whether it was cut."""
    lines = text.splitlines(keepends=True)
    cut = lines[:max_lines]
    shown = "".join(cut)
    truncated = len(cut) < len(lines)
    if len(shown) > max_chars:
        shown, truncated = shown[:max_chars], True
    return shown, truncated


def trim_tail(text: str, max_chars: int, max_lines: int) -> str:
    """The end of a traceback (where the exception is) within the display limits."""
    lines = text.splitlines(keepends=True)
    if len(lines) > max_lines:
        lines = ["...\n", *lines[-(max_lines - 1) :]]
    shown = "".join(lines)
    return shown if len(shown) <= max_chars else "..." + shown[-(max_chars - 3) :]


def run_result(answer: dict[str, Any], settings: SandboxSettings, timeout: float) -> RunResult:
    try:
        status = RunStatus(answer.get("status"))
    except ValueError:
        status = RunStatus.ERROR
    output = str(answer.get("output", ""))
    stdout, truncated = trim_head(output, settings.shown_chars, settings.shown_lines)
    tb = str(answer.get("traceback", ""))
    if status is RunStatus.TIMEOUT and tb == CPU_LIMIT:
        tb = f"Stopped: the program used more than {settings.cpu_seconds} s of CPU time."
    if not tb:
        tb = {
            RunStatus.TIMEOUT: f"Stopped: the program ran longer than {timeout:g} s.",
            RunStatus.MEMORY: f"Stopped: the program used more than {settings.memory_mb} MB.",
            RunStatus.OUTPUT_LIMIT: (
                f"Stopped: the program printed more than {settings.output_bytes // 1024} KB."
            ),
        }.get(status, "")
    return RunResult(
        status=status,
        stdout=stdout,
        traceback=trim_tail(tb, settings.shown_chars, settings.shown_lines),
        duration=float(answer.get("duration", 0.0)),
        truncated=truncated or status is RunStatus.OUTPUT_LIMIT,
        full_output=output,
    )


def grade_request(spec: CodeSpec) -> dict[str, Any]:
    """What the child needs: entry point, arguments and check snippets (hidden ones without
    their expected literals). No expected values."""
    n_public = len(spec.examples)
    return {
        "entry_point": spec.entry_point,
        "n_public": n_public,
        "tests": [
            (tuple(t.args), _sent_check(t, i >= n_public)) for i, t in enumerate(spec.all_tests)
        ],
    }


def _sent_check(test: CodeTest, is_hidden: bool) -> str | None:
    if test.check is None or not is_hidden:
        return test.check
    return hidden.hide(test.check).source


def _short(text: str) -> str:
    return text if len(text) <= _SHORT else text[: _SHORT - 3] + "..."


def _call(spec: CodeSpec, test: CodeTest) -> str:
    return _short(f"{spec.entry_point}({', '.join(map(repr, test.args))})")


def _passed(test: CodeTest, event: dict[str, Any] | None, is_hidden: bool = False) -> bool:
    if event is None or "e" in event or "v" not in event:
        return False
    if test.check is not None:
        return not is_hidden or hidden.hide(test.check).holds(event.get("x"))
    try:
        return values.matches(values.encode(test.expected), event["v"], test.compare)
    except (ValueError, TypeError, RecursionError):
        return False


def _describe(spec: CodeSpec, test: CodeTest, event: dict[str, Any] | None, run: RunResult) -> str:
    what = _short(f"check `{test.check.strip()}`") if test.check is not None else _call(spec, test)
    if event is None:
        return f"{what}: did not finish ({run.status.value})"
    if "e" in event:
        return f"{what} raised {_short(str(event['e']))}"
    if test.check is not None:
        return f"{what} failed"
    got = _short(str(event.get("r", "?")))
    return f"{what} returned {got}, expected {_short(repr(test.expected))}"


def grade_result(spec: CodeSpec, answer: dict[str, Any], run: RunResult) -> GradeResult:
    events: dict[int, dict[str, Any]] = {}
    for event in answer.get("tests") or ():
        if isinstance(event, dict) and isinstance(event.get("i"), int):
            events.setdefault(event["i"], event)
    tests = spec.all_tests
    n_public = len(spec.examples)
    passed = sum(_passed(t, events.get(i), i >= n_public) for i, t in enumerate(tests))
    first_failure = None
    if not answer.get("loaded"):
        last = run.traceback.strip().splitlines()[-1:] or [run.status.value]
        first_failure = _short(f"your code did not run: {last[0]}")
    else:
        for i, test in enumerate(spec.examples):
            if not _passed(test, events.get(i)):
                first_failure = _describe(spec, test, events.get(i), run)
                break
    return GradeResult(passed=passed, total=len(tests), first_failure=first_failure, run=run)
