"""Plain-text renderings of core results, shared by adapters (``` code blocks, no platform markup).

Adapters with richer output (embeds, Block Kit) may use the structured fields instead.
"""

from __future__ import annotations

from bot.bank.grading import letter
from bot.bank.model import ChoiceSpec, CodeSpec, Kind, OpenSpec, Question
from bot.bank.rules import sandbox_rules
from bot.core.models import (
    Leaderboard,
    LeaderboardEntry,
    MemberStats,
    Receipt,
    RevealSummary,
    RoundState,
    RoundView,
    Schedule,
    Verdict,
)  # fmt: skip
from bot.core.output import NO_OUTPUT, visible, whole_output
from bot.sandbox.api import RunResult, RunStatus, SandboxSettings

DIFFICULTY = {1: "easy", 2: "medium", 3: "hard"}
WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
HOW_TO_ANSWER = {
    Kind.CHOICE: "Answer with the letter of your choice (several letters if more than one is right).",
    Kind.SHORT: "Answer with a short text.",
    Kind.CODE: "Answer with Python code defining the function; you get partial credit per test.",
    Kind.OPEN: "Answer in your own words; discuss in the thread; peer votes score it.",
}


def question_header(question: Question) -> str:
    level = DIFFICULTY.get(question.difficulty, str(question.difficulty))
    return f"[{question.topic} · {level} · {question.kind.value}] {question.title}"


def question_body(question: Question) -> str:
    lines = [question.prompt.strip()]
    spec = question.spec
    if isinstance(spec, ChoiceSpec):
        lines += [""] + [f"  {letter(i)}) {option}" for i, option in enumerate(spec.options)]
    elif isinstance(spec, CodeSpec):
        lines += ["", "```python", spec.signature.strip(), "```"]
        for example in spec.examples:
            if example.check:
                lines.append(f"  e.g. {example.check.strip()}")
            else:
                args = ", ".join(repr(a) for a in example.args)
                lines.append(f"  e.g. {spec.entry_point}({args}) -> {example.expected!r}")
    return "\n".join(lines)


def code_rules(question: Question, sandbox: SandboxSettings | None) -> str:
    """The sandbox rules paragraph for a code question (bot.bank.rules), "" for other kinds."""
    if sandbox is None or not isinstance(question.spec, CodeSpec):
        return ""
    return sandbox_rules(sandbox, time_limit=question.spec.time_limit)


def question_text(view: RoundView, sandbox: SandboxSettings | None = None) -> str:
    """The question as posted; with `sandbox` (the live settings) a code question also states
    the sandbox rules its answers run under."""
    q = view.question
    extra = " (an extra round)" if not view.round.scheduled else ""
    how = HOW_TO_ANSWER[q.kind]
    if view.round.state is RoundState.REVEALED:
        how = REVEALED_NOTE
    rules = code_rules(q, sandbox)
    credit = f"\n(Suggested by {view.suggested_by}.)" if view.suggested_by else ""
    return (
        f"Question of {view.round.round_date:%a %d %b}{extra}: {question_header(q)}{credit}\n\n"
        f"{question_body(q)}\n\n{how}" + (f"\n\n{rules}" if rules else "")
    )


REVEALED_NOTE = "(Revealed: answers now are practice and score nothing.)"


def key_points(question: Question) -> tuple[str, ...]:
    """The key points of an open question's reference answer (none for other kinds)."""
    spec = question.spec
    return spec.key_points if isinstance(spec, OpenSpec) else ()


def result_note(verdict: Verdict, votes: int) -> str:
    """How a member's entry of a revealed round was scored, in words."""
    if verdict is Verdict.VOTED:
        return f"{votes} vote{'s' * (votes != 1)}"
    return verdict.value


def receipt_text(receipt: Receipt) -> str:
    note = f" {receipt.resubmission_note}" if receipt.resubmission_note else ""
    detail = visible(receipt.detail)  # may quote what the member's code returned or raised
    if receipt.verdict.value == "pending":
        return f"{detail}{note}"
    head = {"correct": "Correct", "partial": "Partly correct", "wrong": "Not quite"}.get(
        receipt.verdict.value, "Received"
    )
    points = f" (+{receipt.points} points)" if receipt.points and receipt.counted else ""
    return f"{head}{points}. {detail}{note}".strip()


def reveal_text(summary: RevealSummary) -> str:
    q = summary.question
    answer = summary.answer_text.strip()
    if q.kind is Kind.CODE:
        answer = f"\n```python\n{answer}\n```"
    lines = [f"Answer to {q.title}: {answer}", "", q.explanation.strip(), ""]
    points = key_points(q)
    if points:
        lines[-1:-1] = ["", "Key points:", *(f"  - {point}" for point in points)]
    if q.kind is Kind.OPEN:
        lines.append(f"{summary.answered} answered; answers are scored by peer votes.")
    else:
        lines.append(
            f"{summary.answered} answered, {summary.correct} correct ({summary.share_correct:.0%})."
        )
    if summary.fastest_correct:
        lines.append(f"Fastest correct: {summary.fastest_correct.display_name}.")
    if summary.most_voted:
        author, votes = summary.most_voted
        lines.append(
            f"Most-voted discussion answer: {author.display_name} ({votes} vote{'s' * (votes != 1)})."
        )
    for mover in summary.movers:
        before = f"#{mover.old_rank}" if mover.old_rank else "new"
        lines.append(f"Mover: {mover.member.display_name} {before} -> #{mover.new_rank}")
    if summary.results:
        lines.append("Points this round:")
        lines += [
            f"  {r.member.display_name}: {r.points} ({result_note(r.verdict, r.votes)})"
            for r in summary.results
        ]
    return "\n".join(lines)


def _row(entry: LeaderboardEntry) -> str:
    streak = f"  streak {entry.current_streak}" if entry.current_streak else ""
    return f"{entry.rank:>3}. {entry.member.display_name:<20} {entry.points:>6} pts{streak}"


def leaderboard_text(board: Leaderboard) -> str:
    title = {"week": "This week", "month": "This month", "all": "All time"}[board.period.value]
    if not board.entries:
        return f"Leaderboard ({title}): no points yet."
    lines = [f"Leaderboard ({title})"] + [_row(e) for e in board.entries]
    if board.caller and board.caller.member.id not in {e.member.id for e in board.entries}:
        lines += ["  ...", _row(board.caller)]
    return "\n".join(lines)


def stats_text(stats: MemberStats) -> str:
    rank = f"#{stats.rank}" if stats.rank else "unranked"
    return (
        f"{stats.member.display_name}: {stats.points} points ({rank}), {stats.rounds} rounds, "
        f"{stats.correct} fully correct; streak {stats.current_streak} (longest {stats.longest_streak})"
    )


def run_text(result: RunResult) -> str:
    """A run for a text screen: all of its output (up to the sandbox's cap, not the chat cut),
    control characters shown as escapes (`output.visible`), so output cannot drive the terminal."""
    status = {
        RunStatus.OK: "",
        RunStatus.ERROR: "error",
        RunStatus.COMPILE_ERROR: "not allowed / syntax error",
        RunStatus.TIMEOUT: "stopped: time limit",
        RunStatus.MEMORY: "stopped: memory limit",
        RunStatus.OUTPUT_LIMIT: "stopped: too much output",
    }[result.status]
    out, tb = whole_output(result).rstrip("\n"), result.traceback.strip("\n")
    body = visible("\n".join(part for part in (out, tb) if part)) or NO_OUTPUT
    head = f"{status} " if status else ""
    more = " (output cut at the limit)" if result.status is RunStatus.OUTPUT_LIMIT else ""
    return f"{head}({result.duration * 1000:.0f} ms){more}\n```\n{body}\n```"


def schedule_text(schedule: Schedule, topics: tuple[str, ...]) -> str:
    days = ",".join(WEEKDAY_NAMES[d] for d in schedule.weekdays)
    reveal = (
        f"at {schedule.reveal_time}"
        if schedule.reveal_time
        else f"after {schedule.reveal_after_hours:g} h"
    )
    reminder = (
        f"{schedule.reminder_minutes} min before the reveal" if schedule.reminder_minutes else "off"
    )
    return (
        f"Posts at {schedule.post_time} {schedule.timezone} on {days}; reveal {reveal}; "
        f"reminder {reminder}; topics {', '.join(topics) or 'all'}; "
        f"{'enabled' if schedule.enabled else 'paused'}"
    )
