"""Turn a member's raw answer into (verdict, score, detail) for any kind of question."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from bot.bank import grade_text
from bot.bank.model import CodeSpec, Kind, Question
from bot.core.errors import InvalidAnswer, SandboxUnavailable
from bot.core.models import Verdict
from bot.sandbox.api import GradeResult, RateLimited, RunStatus, Sandbox, SandboxBusy

_FENCE = re.compile(r"^\s*```[a-zA-Z0-9_+-]*[ \t]*\n?(.*?)\n?```\s*$", re.DOTALL)
MAX_ANSWER_CHARS = 20_000


@dataclass(frozen=True)
class Graded:
    verdict: Verdict
    score: float
    detail: str


def strip_fences(text: str) -> str:
    """Code may arrive wrapped in ``` fences (with an optional language tag)."""
    match = _FENCE.match(text)
    return match.group(1) if match else text


@contextmanager
def sandbox_capacity_errors() -> Iterator[None]:
    """Turn the sandbox's capacity refusals into a StudyError the member can read."""
    try:
        yield
    except SandboxBusy as exc:  # its message is for the member: busy, or their own backlog
        raise SandboxUnavailable(
            str(exc) or "The code runner is busy, try again in a moment."
        ) from exc
    except RateLimited as exc:
        raise SandboxUnavailable(
            f"You are running code too often; try again in {exc.retry_after:.0f} s."
        ) from exc


def check_message(text: str) -> str:
    """A discussion message as it is stored: stripped, not empty, not over the answer limit."""
    text = text.strip()
    if not text:
        raise InvalidAnswer("A discussion message cannot be empty.")
    if len(text) > MAX_ANSWER_CHARS:
        raise InvalidAnswer(
            f"That message is too long (over {MAX_ANSWER_CHARS:,} characters); nothing was posted."
        )
    return text


# `ps aux`. or "ps aux". : a final period after a quoted answer (the grader drops the quotes).
_QUOTED_THEN_PERIOD = re.compile(r"^([`'\"])(.*)\1\s*\.$", re.DOTALL)


def unwrap_period(text: str) -> str:
    """A text answer quoted (backticks or quotes) and followed by a period, without the period;
    the quotes and a period inside them are ignored by the grader (bot.bank.grading)."""
    match = _QUOTED_THEN_PERIOD.match(text.strip())
    return f"{match.group(1)}{match.group(2)}{match.group(1)}" if match else text


def _verdict(score: float) -> Verdict:
    if score >= 1.0:
        return Verdict.CORRECT
    return Verdict.PARTIAL if score > 0 else Verdict.WRONG


async def grade_answer(question: Question, text: str, sandbox: Sandbox, member_key: str) -> Graded:
    text = text.strip()
    if not text:
        raise InvalidAnswer("The answer is empty. Type your answer after the question.")
    if len(text) > MAX_ANSWER_CHARS:
        raise InvalidAnswer(f"The answer is too long (over {MAX_ANSWER_CHARS:,} characters).")
    if question.kind is Kind.OPEN:
        return Graded(
            Verdict.PENDING,
            0.0,
            "Received. Discussion answers are scored by peer votes at the reveal.",
        )
    if question.kind is Kind.CODE:
        assert isinstance(question.spec, CodeSpec)
        with sandbox_capacity_errors():
            result = await sandbox.grade(strip_fences(text), question.spec, member=member_key)
        return code_graded(result)
    grade = grade_text(question, unwrap_period(text))
    return Graded(_verdict(grade.score), grade.score, grade.detail)


def code_graded(result: GradeResult) -> Graded:
    """A sandbox grading run as (verdict, score, detail)."""
    detail = f"{result.passed}/{result.total} tests passed."
    if result.run.status is not RunStatus.OK and result.passed == 0:
        reason = result.run.traceback.strip().splitlines()[-1:] or [result.run.status.value]
        detail += f" Your code did not run: {reason[0]}"
    elif result.first_failure:
        detail += f" {result.first_failure}"
    return Graded(_verdict(result.fraction), result.fraction, detail)


def check_answer(text: str) -> str:
    """An answer as graded: stripped, not empty, not over the answer limit (InvalidAnswer)."""
    text = text.strip()
    if not text:
        raise InvalidAnswer("The answer is empty. Type your answer after the question.")
    if len(text) > MAX_ANSWER_CHARS:
        raise InvalidAnswer(f"The answer is too long (over {MAX_ANSWER_CHARS:,} characters).")
    return text
