"""Grading of choice and short answers, and the reveal text."""

from __future__ import annotations

import pytest

from bot.bank import answer_text, grade_text
from bot.bank.model import ChoiceSpec, Kind, OpenSpec, Question, ShortSpec
from bot.core.errors import InvalidAnswer


def question(spec: ChoiceSpec | ShortSpec | OpenSpec) -> Question:
    kind = {ChoiceSpec: Kind.CHOICE, ShortSpec: Kind.SHORT, OpenSpec: Kind.OPEN}[type(spec)]
    return Question(
        id="q",
        topic="t",
        kind=kind,
        difficulty=1,
        title="T",
        prompt="P",
        explanation="E",
        spec=spec,
    )


SINGLE = question(ChoiceSpec(options=("list", "tuple", "dict", "set"), correct=frozenset({1})))
MULTI = question(ChoiceSpec(options=("w", "x", "y", "z"), correct=frozenset({1, 3})))


@pytest.mark.parametrize("answer", ["B", "b", "b)", " (B) ", "B.", "tuple", "Tuple"])
def test_single_choice_accepts_letter_forms(answer: str) -> None:
    grade = grade_text(SINGLE, answer)
    assert grade.correct and grade.score == 1.0


@pytest.mark.parametrize("answer", ["A", "c", "dict"])
def test_single_choice_wrong(answer: str) -> None:
    grade = grade_text(SINGLE, answer)
    assert not grade.correct and grade.score == 0.0


@pytest.mark.parametrize("answer", ["B, D", "b,d", "D B", "b and d", "B; D", "b) d)"])
def test_multi_choice_all_and_only_correct(answer: str) -> None:
    assert grade_text(MULTI, answer).correct


@pytest.mark.parametrize("answer", ["B", "B, C, D", "A, B, D", "C"])
def test_multi_choice_partial_or_extra_is_wrong(answer: str) -> None:
    assert grade_text(MULTI, answer).score == 0.0


@pytest.mark.parametrize("answer", ["E", "b, e", "", "maybe", "12"])
def test_impossible_choice_raises_a_helpful_error(answer: str) -> None:
    with pytest.raises(InvalidAnswer) as info:
        grade_text(SINGLE, answer)
    assert "A-D" in str(info.value)


SHORT = question(ShortSpec(accepted=("range", "range object"), pattern=r"<class '?range'?>"))
NUMBER = question(ShortSpec(accepted=("5000000050000000",), tolerance=0.5))
CLOSE = question(ShortSpec(accepted=("3.14159",), tolerance=0.01))


@pytest.mark.parametrize(
    "answer", ["range", " RANGE ", "Range  Object", "`range`", "range.", "<class 'range'>"]
)
def test_short_normalises_and_matches_pattern(answer: str) -> None:
    assert grade_text(SHORT, answer).correct


@pytest.mark.parametrize("answer", ["xrange", "list", "arrange", "range list"])
def test_short_wrong(answer: str) -> None:
    assert not grade_text(SHORT, answer).correct


@pytest.mark.parametrize(
    "answer",
    ["5000000050000000", "5_000_000_050_000_000", "5,000,000,050,000,000", "5.00000005e15"],
)
def test_numeric_answers(answer: str) -> None:
    assert grade_text(NUMBER, answer).correct


@pytest.mark.parametrize("answer", ["5e15", "5000000050000001", "five", "10**8"])
def test_numeric_wrong(answer: str) -> None:
    assert not grade_text(NUMBER, answer).correct


def test_tolerance_and_powers() -> None:
    assert grade_text(CLOSE, "3.14").correct and not grade_text(CLOSE, "3.1").correct
    power = question(ShortSpec(accepted=("100000000",), tolerance=0))
    assert grade_text(power, "1e8").correct and grade_text(power, "10**8").correct


def test_empty_short_answer_is_invalid() -> None:
    with pytest.raises(InvalidAnswer):
        grade_text(SHORT, "   ")


def test_answer_text_and_non_text_kinds() -> None:
    assert answer_text(SINGLE) == "B) tuple"
    assert answer_text(MULTI) == "B) x; D) z"
    assert answer_text(SHORT) == "range"
    assert answer_text(CLOSE) == "3.14159 (within ±0.01)"
    discuss = question(OpenSpec(reference="Because."))
    assert answer_text(discuss) == "Because."
    with pytest.raises(ValueError):
        grade_text(discuss, "anything")


def test_letters_win_over_option_texts() -> None:
    tricky = question(ChoiceSpec(options=("b", "a", "a list"), correct=frozenset({0})))
    assert grade_text(tricky, "A").correct  # the letter A, not the option whose text is "a"
    assert not grade_text(tricky, "b").correct  # letter B = option "a"
    assert not grade_text(tricky, "a list").correct  # text of option C


def test_letters_written_together_pick_several_options() -> None:
    multi = question(
        ChoiceSpec(options=("list", "tuple", "dict", "frozenset"), correct=frozenset({1, 3}))
    )
    assert grade_text(multi, "BD").correct and grade_text(multi, "db").correct
    assert not grade_text(multi, "BC").correct
    assert grade_text(multi, "tuple").score == 0  # one option by its text: not all correct ones
    with pytest.raises(InvalidAnswer):
        grade_text(multi, "BE")  # there is no option E


def short(**fields: object) -> Question:
    return question(ShortSpec(**fields))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("fields", "right", "wrong"),
    [
        (  # units, number words, articles, final period
            {"accepted": ("6",), "context": ("byte",)},
            ["6", "six", "Six bytes.", "6B", "6 bytes", "a 6", "6.0", "it is 6"],
            ["5", "6 characters", "not 6", "6 or 7", "sixty", "bytes"],
        ),
        (  # labels around the key term, hyphens inside words, case
            {"accepted": ("504",), "context": ("http", "gateway timeout")},
            ["HTTP 504", "504 Gateway Time-out", "504 GATEWAY TIMEOUT", "`504`"],
            ["502", "504 bad gateway", "gateway timeout", "http"],
        ),
        (  # plural and articles on both sides
            {"accepted": ("the result",)},
            ["result", "results", "the results", "A result", "Result!"],
            ["resolution", "no result", "result, not outcome"],
        ),
        (  # number words up to twenty, abbreviations
            {"accepted": ("20 seconds",)},
            ["twenty seconds", "20 secs", "20 sec", "20 Seconds"],
            ["21 seconds", "20 minutes", "twenty"],
        ),
        (  # thousands separators, underscores inside words
            {"accepted": ("TIME_WAIT",)},
            ["time_wait", "TIME-WAIT", "time wait", "timewait"],
            ["close_wait", "time_wait? no, close_wait"],
        ),
    ],
)
def test_short_normalisation(fields: dict, right: list[str], wrong: list[str]) -> None:
    q = short(**fields)
    assert [a for a in right if not grade_text(q, a).correct] == []
    assert [a for a in wrong if grade_text(q, a).correct] == []


PS = short(
    accepted=("ps aux", "ps -aux"),
    command=True,
    extra_options=("f", "w", "--sort"),
)


@pytest.mark.parametrize(
    "answer",
    ["ps aux", "ps xau", "ps uax", "ps -aux", "ps -xua", "ps auxf", "ps auxww", "ps aux --sort=-%cpu",
     "$ ps aux", "sudo ps aux", "`ps aux`.", "ps aux | head"],
)  # fmt: skip
def test_command_options_in_any_order_with_allowed_extras(answer: str) -> None:
    assert grade_text(PS, answer).correct


@pytest.mark.parametrize(
    "answer",
    ["ps", "ps ax", "ps -ef", "ps aux -e", "ps auxe", "ps aux --forest", "top aux", "psaux x",
     "ps aux is not right", "ps aux, no: ps -ef"],
)  # fmt: skip
def test_command_missing_foreign_or_negated_options_are_wrong(answer: str) -> None:
    assert not grade_text(PS, answer).correct


def test_command_arguments_must_be_known() -> None:
    grep = short(accepted=("grep",), command=True, extra_options=("*",), context=("todo", "src/"))
    assert grade_text(grep, "grep -rn TODO src/").correct
    assert grade_text(grep, "grep -i -r 'TODO' src/").correct
    assert not grade_text(grep, "grep is not it, use find").correct
    assert not grade_text(grep, "grep -r TODO src/ or find").correct
    assert not grade_text(grep, "find . -name TODO").correct
