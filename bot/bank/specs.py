"""Answer specs of the four kinds, read from a question's `[question.<kind>]` table."""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.bank import answers, grading
from bot.bank.fields import Fields
from bot.bank.model import (
    AnswerSpec,
    ChoiceSpec,
    CodeSpec,
    CodeTest,
    Kind,
    OpenSpec,
    ShortSpec,
    WrongSolution,
)

COMPARE_MODES = ("exact", "sorted", "set")
MAX_TIME_LIMIT = 30.0


def _parse_choice(f: Fields) -> ChoiceSpec | None:
    f.reject_unknown({"options", "correct"})
    options = f.string_list("options")
    correct_raw = f.value("correct")
    if options is not None and not 2 <= len(options) <= 10:
        f.problem("options", f"expected 2 to 10 options, got {len(options)}")
        return None
    if correct_raw is None:
        return None
    letters = [correct_raw] if isinstance(correct_raw, str) else correct_raw
    if not isinstance(letters, list) or not letters or not all(isinstance(x, str) for x in letters):
        f.problem("correct", f"expected an option letter or a list of letters, got {correct_raw!r}")
        return None
    if options is None:
        return None
    indexes: set[int] = set()
    last = chr(ord("A") + len(options) - 1)
    for letter in letters:
        idx = ord(letter.strip().upper()) - ord("A") if len(letter.strip()) == 1 else -1
        if not 0 <= idx < len(options):
            f.problem(
                "correct", f"option {letter!r} is out of range ({len(options)} options: A-{last})"
            )
            return None
        indexes.add(idx)
    return ChoiceSpec(options=tuple(options), correct=frozenset(indexes))


SHORT_KEYS = {
    "accepted", "pattern", "tolerance", "context", "command", "extra_options", "must_accept",
    "must_reject",
}  # fmt: skip


def _parse_short(f: Fields) -> ShortSpec | None:
    f.reject_unknown(SHORT_KEYS)
    raw = f.value("accepted")
    accepted = f.string_list("accepted") if not isinstance(raw, str) else [raw]
    pattern = f.string("pattern", required=False)
    tolerance = f.number("tolerance", required=False, minimum=0.0)
    context = f.string_list("context", required=False) or []
    command = f.boolean("command", required=False) or False
    extra_options = f.string_list("extra_options", required=False) or []
    must_accept = f.string_list("must_accept", required=False) or []
    must_reject = f.string_list("must_reject", required=False) or []
    if accepted is not None and not accepted:
        f.problem("accepted", "expected at least one accepted answer")
        return None
    if pattern is not None:
        try:
            re.compile(pattern)
        except re.error as exc:
            f.problem("pattern", f"invalid regular expression: {exc}")
            return None
    for i, phrase in enumerate(context):
        words = answers.tokens(phrase)
        negations = sorted(set(words) & answers.NEGATIONS)
        if negations and len(words) == 1:  # a phrase ("not modified") only goes as a whole
            f.problem(f"context[{i}]", f"{phrase!r} holds a negation ({', '.join(negations)})")
    if extra_options and not command:
        f.problem("extra_options", "only for command answers (command = true)")
    if accepted is None or f.problems:
        return None
    if tolerance is not None:
        try:
            float(accepted[0])
        except ValueError:
            f.problem(
                "accepted",
                f"with a tolerance the first answer must be a number, got {accepted[0]!r}",
            )
            return None
    spec = ShortSpec(
        accepted=tuple(accepted),
        pattern=pattern,
        tolerance=tolerance,
        context=tuple(context),
        command=command,
        extra_options=tuple(extra_options),
        must_accept=tuple(must_accept),
        must_reject=tuple(must_reject),
    )
    matcher = grading.short_matcher(spec)
    phrases = matcher.context_phrases
    for i, text in enumerate(accepted):
        if not answers.strip_context(answers.tokens(text), phrases) and not (
            command and answers.parse_command(text, bsd=True)
        ):
            f.problem(f"accepted[{i}]", f"{text!r} is only context words: nothing to match")
    for i, text in enumerate(must_accept):
        if not grading.short_is_correct(spec, text):
            f.problem(f"must_accept[{i}]", f"{text!r} is graded wrong")
    for i, text in enumerate(must_reject):
        if grading.short_is_correct(spec, text):
            f.problem(f"must_reject[{i}]", f"{text!r} is graded correct")
    return None if f.problems else spec


def _parse_code(f: Fields) -> CodeSpec | None:
    f.reject_unknown(
        {"entry_point", "signature", "reference", "examples", "tests", "time_limit", "wrong"}
    )
    entry = f.string("entry_point")
    if entry is not None and not entry.isidentifier():
        f.problem("entry_point", f"expected a Python identifier, got {entry!r}")
    signature = f.string("signature")
    reference = f.string("reference")
    if reference is not None:
        f.compiles("reference", reference)
    time_limit = f.number("time_limit", required=False, minimum=0.1, maximum=MAX_TIME_LIMIT)
    examples = _parse_tests(f, "examples", required=False)
    tests = _parse_tests(f, "tests", required=True)
    wrong = _parse_wrong(f)
    if f.problems or None in (entry, signature, reference, examples, tests, wrong):
        return None
    return CodeSpec(
        entry_point=entry,  # type: ignore[arg-type]
        signature=signature,  # type: ignore[arg-type]
        reference=reference,  # type: ignore[arg-type]
        examples=examples,  # type: ignore[arg-type]
        tests=tests,  # type: ignore[arg-type]
        time_limit=2.0 if time_limit is None else time_limit,
        wrong=wrong,  # type: ignore[arg-type]
    )


def _parse_wrong(f: Fields) -> tuple[WrongSolution, ...] | None:
    raw = f.value("wrong", required=False)
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(t, dict) for t in raw):
        f.problem("wrong", "expected an array of tables [[question.code.wrong]]")
        return None
    out: list[WrongSolution] = []
    names: set[str] = set()
    for i, table in enumerate(raw):
        t = f.sub(table, f"wrong[{i}]")
        t.reject_unknown({"name", "code"})
        name, code = t.string("name"), t.string("code")
        if name is not None and name in names:
            t.problem("name", f"duplicate wrong-solution name {name!r}")
        if name is None or code is None or not t.compiles("code", code):
            continue
        names.add(name)
        out.append(WrongSolution(name=name, code=code))
    return None if f.problems else tuple(out)


def _parse_tests(f: Fields, key: str, *, required: bool) -> tuple[CodeTest, ...] | None:
    raw = f.value(key, required=required)
    if raw is None:
        return None if required else ()
    if not isinstance(raw, list) or not all(isinstance(t, dict) for t in raw):
        f.problem(key, f"expected an array of tables [[question.code.{key}]]")
        return None
    if required and not raw:
        f.problem(key, "expected at least one test")
        return None
    tests: list[CodeTest] = []
    for i, table in enumerate(raw):
        t = f.sub(table, f"{key}[{i}]")
        t.reject_unknown({"args", "expected", "check", "compare", "heavy"})
        compare = t.choice("compare", set(COMPARE_MODES), required=False) or "exact"
        heavy = t.boolean("heavy", required=False) or False
        if heavy and key == "examples":
            t.problem(
                "heavy", "examples run first: a heavy test belongs in [[question.code.tests]]"
            )
            continue
        if not heavy and tests and tests[-1].heavy:
            t.problem("heavy", "a light test after a heavy one: heavy tests run last")
            continue
        check = t.string("check", required=False)
        if check is not None:
            if "args" in table or "expected" in table:
                t.problem("check", "a test has either 'check' or 'args'/'expected', not both")
                continue
            t.compiles("check", check)
            tests.append(CodeTest(check=check, compare=compare, heavy=heavy))
            continue
        args = t.value("args", required=False)
        if args is None:
            args = []
        if not isinstance(args, list):
            t.problem("args", f"expected an array of positional arguments, got {args!r}")
            continue
        if "expected" not in table:
            t.problem("expected", "missing (or give a 'check' snippet)")
            continue
        tests.append(
            CodeTest(args=tuple(args), expected=table["expected"], compare=compare, heavy=heavy)
        )
    return None if f.problems else tuple(tests)


def _parse_open(f: Fields) -> OpenSpec | None:
    f.reject_unknown({"reference", "key_points"})
    reference = f.string("reference")
    key_points = f.string_list("key_points", required=False) or []
    if reference is None:
        return None
    return OpenSpec(reference=reference, key_points=tuple(key_points))


_PARSERS: dict[Kind, Callable[[Fields], AnswerSpec | None]] = {
    Kind.CHOICE: _parse_choice,
    Kind.SHORT: _parse_short,
    Kind.CODE: _parse_code,
    Kind.OPEN: _parse_open,
}


def parse_spec(kind: Kind, fields: Fields) -> AnswerSpec | None:
    """The answer spec of `kind` from its table; None (with problems recorded) when invalid."""
    return _PARSERS[kind](fields)
