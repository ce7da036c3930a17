"""Question values: what a question is, whatever file it came from.

A question has common fields (id, topic, prompt, ...) and one *answer spec* whose type
says how it is answered and graded: ChoiceSpec, ShortSpec, CodeSpec or OpenSpec.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Kind(StrEnum):
    CHOICE = "choice"
    SHORT = "short"
    CODE = "code"
    OPEN = "open"


@dataclass(frozen=True)
class ChoiceSpec:
    """Options shown as A, B, C...; `correct` holds 0-based indexes (several for multi-select)."""

    options: tuple[str, ...]
    correct: frozenset[int]


@dataclass(frozen=True)
class ShortSpec:
    """Accepted short answers, compared after normalisation (bot.bank.answers).

    `context`: words or phrases allowed around an answer (units, labels: "bytes", "HTTP");
    `command`: the accepted answers are shell commands (options in any order, `extra_options` may
    be added); `pattern` is an optional full-match regex (case-insensitive); `tolerance` makes the
    answer numeric: any number within +/- tolerance of a float(accepted[0]) is correct.
    `must_accept` / `must_reject`: answers the grader must accept / refuse (checked at load time).
    """

    accepted: tuple[str, ...]
    pattern: str | None = None
    tolerance: float | None = None
    context: tuple[str, ...] = ()
    command: bool = False
    extra_options: tuple[str, ...] = ()
    must_accept: tuple[str, ...] = ()
    must_reject: tuple[str, ...] = ()


@dataclass(frozen=True)
class CodeTest:
    """One test of a code question.

    Either `args` (positional arguments for the entry point) with `expected` (its return value),
    or `check`: a Python snippet (trusted, written by the bank's authors) with asserts that may use
    the member's definitions by name. `compare` is "exact", "sorted" (order-insensitive lists) or
    "set" (order-insensitive, duplicates ignored). A `heavy` test (big inputs) is hidden and runs
    after the light ones, so a slow solution that times out keeps the points it earned.
    """

    args: tuple[Any, ...] = ()
    expected: Any = None
    check: str | None = None
    compare: str = "exact"
    heavy: bool = False  # a slow test: hidden, after every light test (a timeout keeps the passes)


@dataclass(frozen=True)
class WrongSolution:
    """A known-wrong or shortcut solution (breaking a rule the prompt states); the tests must fail it."""

    name: str  # what it does wrong, e.g. "copies the values into a list and writes them back"
    code: str


@dataclass(frozen=True)
class CodeSpec:
    entry_point: str  # the function (or class/decorator) name members must define
    signature: str  # shown to members, e.g. "def quicksort(items: list[int]) -> list[int]"
    reference: str  # a reference solution; `studybot questions check` runs it against all tests
    examples: tuple[CodeTest, ...]  # public: shown to members and graded
    tests: tuple[CodeTest, ...]  # hidden: graded, never shown
    time_limit: float = 2.0  # wall-clock seconds for one grading run
    wrong: tuple[WrongSolution, ...] = ()  # `studybot questions check` makes sure each one fails

    @property
    def all_tests(self) -> tuple[CodeTest, ...]:
        return self.examples + self.tests


@dataclass(frozen=True)
class OpenSpec:
    """A discussion prompt: scored by peer votes, never auto-graded."""

    reference: str
    key_points: tuple[str, ...] = ()


AnswerSpec = ChoiceSpec | ShortSpec | CodeSpec | OpenSpec


@dataclass(frozen=True)
class Question:
    id: str  # stable, unique across the bank, e.g. "python.mutable-immutable.check"
    topic: str  # e.g. "python", "algorithms", "networking", "databases", "linux", "django"
    kind: Kind
    difficulty: int  # 1 (easy) .. 3 (hard)
    title: str
    prompt: str
    explanation: str  # shown at reveal
    spec: AnswerSpec
    tags: tuple[str, ...] = ()
    source: str = ""  # file it was loaded from (for error messages and `questions list`)
