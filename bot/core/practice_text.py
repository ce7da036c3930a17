"""Plain-text renderings of practice (bot.core.practice), shared by the adapters."""

from __future__ import annotations

import math
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.bank.model import Kind
from bot.core.models import Verdict
from bot.core.output import visible
from bot.core.practice import Mastery, PracticeQuestion, PracticeResult
from bot.core.text import HOW_TO_ANSWER, question_body, question_header

PRIVATE = "Practice is yours alone: nobody else sees it and it never counts on a leaderboard."


def when(instant: datetime, now: datetime, timezone: str = "UTC") -> str:
    """'Tue 03 Mar (in 2 days)' in the group's timezone."""
    local = instant.astimezone(ZoneInfo(timezone))
    days = max(0, math.ceil((instant - now).total_seconds() / 86400 - 1e-9))
    if days == 0:
        return f"{local:%a %d %b %H:%M} (today)"
    return f"{local:%a %d %b} (in {days} day{'s' * (days != 1)})"


def reason_text(chosen: PracticeQuestion, now: datetime, timezone: str = "UTC") -> str:
    if chosen.reason == "review":
        due = f" since {chosen.due.astimezone(ZoneInfo(timezone)):%a %d %b}" if chosen.due else ""
        return f"A review due{due}"
    if chosen.reason == "ahead":
        due = f", due {when(chosen.due, now, timezone)}" if chosen.due else ""
        return f"Nothing is due: an early review{due}"
    return f"A new question from one of your weakest topics ({chosen.question.topic})"


def practice_question_text(
    chosen: PracticeQuestion, now: datetime, timezone: str = "UTC", how: str = ""
) -> str:
    q = chosen.question
    how = how or (
        "Answer with /practice YOUR ANSWER"
        + (" (code: /practice ```, your code, then a ``` line)." if q.kind is Kind.CODE else ".")
    )
    return (
        f"Practice: {reason_text(chosen, now, timezone)}.\n"
        f"{question_header(q)}\n\n{question_body(q)}\n\n{HOW_TO_ANSWER[q.kind]}\n{how}"
    )


def practice_result_text(result: PracticeResult, now: datetime, timezone: str = "UTC") -> str:
    head = {
        Verdict.CORRECT: "Correct",
        Verdict.PARTIAL: "Partly correct",
        Verdict.WRONG: "Not quite",
    }.get(result.verdict, "Received")
    answer = result.answer.strip()
    if result.question.kind is Kind.CODE:
        answer = f"\n```python\n{answer}\n```"
    detail = visible(result.detail).strip()
    detail = "" if detail.rstrip(".") == head else f" {detail}"
    return (
        f"Practice: {head}.{detail}\n"
        f"Answer: {answer}\n{result.question.explanation.strip()}\n"
        f"Next review of this question: {when(result.next_due, now, timezone)}. "
        "Practice scores nothing on the leaderboards."
    )


def mastery_text(mastery: Mastery) -> str:
    if not mastery.topics:
        return (
            "Topic mastery: nothing answered yet. /practice gives you a private question; "
            "daily rounds count too once revealed."
        )
    width = max(len(t.topic) for t in mastery.topics)
    lines = ["Topic mastery (practice and revealed daily rounds):"]
    for t in mastery.topics:
        due = f", {t.due} due" if t.due else ""
        lines.append(f"  {t.topic:<{width}}  {t.answered} answered, {t.accuracy:.0%} accuracy{due}")
    due = mastery.due
    lines.append(
        f"{due} review{'s' * (due != 1)} due" + (": /practice" if due else "")
        + f"; {mastery.practised} practice answer{'s' * (mastery.practised != 1)} so far."
    )  # fmt: skip
    return "\n".join(lines)


def nudge_text(counts: list[tuple[str, int]]) -> str:
    """The weekly nudge: reviews due per opted-in member, never a score."""
    shown = ", ".join(f"{name} {n}" for name, n in counts)
    return (
        f"Weekly practice nudge, reviews due this coming week: {shown}. /practice gives you "
        "yours privately "
        "(/nudge off to leave this list)."
    )
