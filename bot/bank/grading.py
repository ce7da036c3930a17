"""Grading of text answers (choice and short questions) and the text of a correct answer.

Code answers are graded by the sandbox; open answers by peer votes.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from bot.bank.answers import Matcher
from bot.bank.model import ChoiceSpec, CodeSpec, OpenSpec, Question, ShortSpec
from bot.core.errors import InvalidAnswer

_SEPARATORS = re.compile(r"[\s,;/&+]+|\band\b", re.IGNORECASE)
_POWER = re.compile(r"(-?\d+(?:\.\d+)?)\s*(?:\*\*|\^)\s*(\d+)")
_MAX_ANSWER = 2000


@dataclass(frozen=True)
class TextGrade:
    score: float  # 0..1
    correct: bool
    detail: str  # one line for the member, e.g. "Correct." / "Not quite: the answer is B."


def letter(index: int) -> str:
    return chr(ord("A") + index)


def normalise(text: str) -> str:
    """Case-folded, whitespace collapsed, surrounding quotes/backticks and final period removed."""
    text = " ".join(text.split()).casefold()
    text = text.strip("`'\" ")
    if text.endswith(".") and not text.endswith(".."):
        text = text[:-1].rstrip()
    return text


def parse_choice(spec: ChoiceSpec, answer: str) -> frozenset[int]:
    """Option indexes named by an answer: "B", "b)", "(c)", "B, D", "b and d" or an option's text.

    Letters win over option texts. Raises InvalidAnswer for an answer that names no option or an
    option that does not exist.
    """
    by_text = [i for i, option in enumerate(spec.options) if normalise(option) == normalise(answer)]
    if len(answer.strip()) > 1 and len(by_text) == 1:  # a whole option's text, e.g. "tuple"
        return frozenset(by_text)
    try:
        return _parse_letters(spec, answer)
    except InvalidAnswer:
        if len(by_text) == 1 and answer.strip():
            return frozenset(by_text)
        raise


def _compact_letters(token: str, options: int) -> bool:
    """'AC' or 'bd': distinct option letters written together."""
    upper = token.upper()
    return (
        token.isalpha()
        and len(set(upper)) == len(upper)
        and all(0 <= ord(c) - ord("A") < options for c in upper)
    )


def _parse_letters(spec: ChoiceSpec, answer: str) -> frozenset[int]:
    text = answer.strip()
    last = letter(len(spec.options) - 1)
    if not text:
        raise InvalidAnswer(f"Answer with an option letter A-{last}, e.g. 'B' (or 'B, D').")
    picked: set[int] = set()
    for token in _SEPARATORS.split(text):
        token = token.strip("()[].:").strip()
        if not token:
            continue
        if len(token) > 1 and _compact_letters(token, len(spec.options)):
            picked.update(ord(c) - ord("A") for c in token.upper())  # "AC" = A and C
            continue
        if len(token) != 1 or not token.isalpha():
            raise InvalidAnswer(
                f"'{token}' is not an option: answer with letters A-{last}, e.g. 'B' or 'B, D'."
            )
        index = ord(token.upper()) - ord("A")
        if not 0 <= index < len(spec.options):
            raise InvalidAnswer(
                f"There is no option {token.upper()}: this question has options A-{last}."
            )
        picked.add(index)
    if not picked:
        raise InvalidAnswer(f"Answer with an option letter A-{last}, e.g. 'B' (or 'B, D').")
    return frozenset(picked)


def parse_number(text: str) -> float | None:
    """A number written as 5000000050000, 5_000_000_050_000, 5,000,000,050,000, 5e12 or 10**8."""
    cleaned = text.strip().replace("_", "").replace(" ", "")
    if re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", cleaned):
        cleaned = cleaned.replace(",", "")
    power = _POWER.fullmatch(cleaned)
    try:
        value = float(power.group(1)) ** int(power.group(2)) if power else float(cleaned)
    except (ValueError, OverflowError):
        return None
    return value if math.isfinite(value) else None


def _grade_choice(spec: ChoiceSpec, answer: str) -> TextGrade:
    picked = parse_choice(spec, answer)
    if picked == spec.correct:
        return TextGrade(1.0, True, "Correct.")
    if len(spec.correct) > 1 and picked < spec.correct:
        return TextGrade(0.0, False, "Not quite: some correct options are missing.")
    return TextGrade(0.0, False, "Not quite.")


def short_matcher(spec: ShortSpec) -> Matcher:
    return Matcher(
        accepted=spec.accepted,
        context=spec.context,
        command=spec.command,
        extra_options=spec.extra_options,
    )


def short_is_correct(spec: ShortSpec, answer: str) -> bool:
    """Whether a (non-empty) short answer is correct; see bot.bank.answers for the rules."""
    matcher = short_matcher(spec)
    if spec.tolerance is not None:
        target = float(spec.accepted[0])
        for text in (answer, " ".join(matcher.remainder(answer))):
            value = parse_number(text)
            if value is not None and abs(value - target) <= spec.tolerance:
                return True
    if matcher.matches(answer):
        return True
    if spec.pattern is not None:
        flat = " ".join(answer.split())
        if re.fullmatch(spec.pattern, flat, re.IGNORECASE) or re.fullmatch(
            spec.pattern, normalise(answer), re.IGNORECASE
        ):
            return True
    return False


def _grade_short(spec: ShortSpec, answer: str) -> TextGrade:
    if not answer.strip():
        raise InvalidAnswer("Your answer is empty.")
    if len(answer) > _MAX_ANSWER:
        raise InvalidAnswer(f"A short answer has at most {_MAX_ANSWER} characters.")
    if short_is_correct(spec, answer):
        return TextGrade(1.0, True, "Correct.")
    return TextGrade(0.0, False, "Not quite.")


def grade_text(question: Question, answer: str) -> TextGrade:
    """Grade a choice or short answer. Raises InvalidAnswer when the answer cannot be understood."""
    spec = question.spec
    if isinstance(spec, ChoiceSpec):
        return _grade_choice(spec, answer)
    if isinstance(spec, ShortSpec):
        return _grade_short(spec, answer)
    raise ValueError(f"question {question.id!r} is a {question.kind} question, not graded as text")


def answer_text(question: Question) -> str:
    """The correct answer in human-readable form, for the reveal."""
    spec = question.spec
    if isinstance(spec, ChoiceSpec):
        return "; ".join(f"{letter(i)}) {spec.options[i]}" for i in sorted(spec.correct))
    if isinstance(spec, ShortSpec):
        text = spec.accepted[0]
        if spec.tolerance:
            text += f" (within ±{spec.tolerance:g})"
        return text
    if isinstance(spec, CodeSpec):
        return spec.reference
    if isinstance(spec, OpenSpec):
        return spec.reference
    raise TypeError(f"unknown answer spec {type(spec).__name__}")  # pragma: no cover
