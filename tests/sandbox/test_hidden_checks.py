"""Hidden checks reach the child without their expected literals ("assume, verify in the bot"):
which constructs are rewritten, that grading decides as before (in-process, against the original
check), that no shipped question sends a hidden expected literal, and that wrong or lying answers
still fail through the real sandbox."""

from __future__ import annotations

import ast
import contextlib
import json
import pickle
from typing import Any

import pytest

from bot.bank import bundled_bank_dir, load_bank
from bot.bank.model import CodeSpec, CodeTest, Question
from bot.sandbox import ProcessSandbox, values
from bot.sandbox.checks import EXPECT, RECORD_CHARS, Records, run_check
from bot.sandbox.hidden import hide
from bot.sandbox.results import grade_request

MODULE_LOOP = pytest.mark.asyncio(loop_scope="module")  # the loop of the module's sandbox
CODE: list[Question] = [q for q in load_bank([bundled_bank_dir()]) if isinstance(q.spec, CodeSpec)]


# -- which constructs are rewritten --------------------------------------------------------------
# (check, placeholders, literal that must be gone from the sent source, or None when it stays)
REWRITES = [
    ("assert f() == 12345", 1, "12345"),
    ("assert 12345 != f()", 1, "12345"),
    ("assert f() < 12345 and f() >= -12345", 2, "12345"),
    ("assert 123 < f() <= 12345", 2, "12345"),  # a chain: one link each, f() called once
    ("assert f() in (12345, 67890)", 1, "67890"),
    ("assert (4, 2, 12345) in f() and 'word' not in f()", 2, "12345"),
    ("assert f() is True", 1, "is True"),
    ("assert f() is not None", 1, "is not"),
    ("assert not (f() == 12345)", 1, "12345"),
    ("assert not (f() < 0 or f() > 12345)", 2, "12345"),  # each `or` operand must be false
    ("assert f() is None or f() == 12345", 1, "12345"),  # the last `or` operand
    ("assert not (f() > 0 and f() == 12345)", 1, "12345"),  # the last `and` operand, negated
    ("assert (f() == 12345) if f() else True", 1, "12345"),
    ("assert f() == 'd/' * 3 + 'f'", 1, "'d/'"),  # constant arithmetic is folded
    ("assert f() == 10 ** 18 + 12345", 1, "12345"),
    ("assert f() == [(1, 4), {'k': {2}}], f()", 1, "'k'"),  # the message is dropped too
    ("for x in [1, 2]:\n    assert f(x) == 12345", 1, "12345"),
    ("def g(x):\n    assert x == 12345\ng(f())", 1, "12345"),
    ("assert 12345 == 12345", 0, "12345"),  # decided in the bot: `assert True`
    # Left to the child (the literal stays):
    ("assert f() == 12345 or f() is None", 1, None),  # not the last `or` operand
    ("assert all(x == 12345 for x in f())", 0, None),  # a comparison used as a value
    ("while f() != 12345:\n    pass", 0, None),
    ("assert f() == x + 12345", 0, None),  # no constant operand
    ("assert f() is 12345", 0, None),  # identity with a number means nothing
    ("assert f() == [x, 12345]", 0, None),  # partly constant
    ("assert f() == '12345' * 10 ** 9", 0, None),  # too large to fold
    ("try:\n    assert f() == 12345\nexcept AssertionError:\n    pass", 0, None),
    ("def g(x):\n    assert x == 12345\ntry:\n    g(f())\nexcept ValueError:\n    pass", 0, None),
]


@pytest.mark.parametrize(("check", "placeholders", "gone"), REWRITES)
def test_rewritten_constructs(check: str, placeholders: int, gone: str | None) -> None:
    hidden = hide(check)
    assert hidden.source.count(EXPECT) == placeholders == len(hidden.expectations)
    if gone is None:
        assert "12345" in hidden.source
    else:
        assert gone not in hidden.source
    compile(hidden.source, "<check>", "exec", flags=ast.PyCF_ONLY_AST)


# -- grading decides as the original check did ---------------------------------------------------
class Liar:
    def __eq__(self, other: object) -> bool:
        return True

    def __ne__(self, other: object) -> bool:
        return False

    def __lt__(self, other: object) -> bool:
        return True

    def __gt__(self, other: object) -> bool:
        return True

    def __hash__(self) -> int:
        return 5


class LyingInt(int):
    def __eq__(self, other: object) -> bool:
        return True

    def __ne__(self, other: object) -> bool:
        return False

    def __hash__(self) -> int:
        return 5


class LyingList(list):  # type: ignore[type-arg]
    def __eq__(self, other: object) -> bool:
        return True


class LyingStr(str):
    def __eq__(self, other: object) -> bool:
        return True

    def __contains__(self, other: object) -> bool:
        return True


class BadRepr:
    def __repr__(self) -> str:
        raise RuntimeError("no repr")


CHECKS = [
    "assert f() == 5",
    "assert 5 != f()",
    "assert f() < 5",
    "assert not (f() >= 5)",
    "assert 0 <= f() < 10",
    "assert 1 < f() <= 5 != 4",
    "assert f() is None or f() == 5",
    "assert not (f() == 5 or f() == 6)",
    "assert not (f() is not None and f() == 'abc')",
    "assert (f() == 5) if isinstance(f(), int) else f() == 'abc'",
    "assert f() in (5, 6)",
    "assert f() not in [5, 'abc']",
    "assert 5 in f()",
    "assert 'ab' in f()",
    "assert (1, 2) in f() and [1, 2] not in f()",
    "assert f() is True",
    "assert f() is not None",
    "assert f() == [(1, 2), 'x']",
    "assert f() == {'a': {1, 2}}",
    "assert f() == -3 or f() == 'd/' * 2 + 'f'",
    "assert f() == 2 ** 70",
    "assert f() == 1.5",
    "for i in range(3):\n    assert f() == 5",
    "def g(x):\n    assert x == 5\ng(f())",
    "try:\n    assert f() == 5\nexcept AssertionError:\n    raise ValueError",
]
VALUES: list[Any] = [
    5, 5.0, 6, -3, 0, None, True, 1, 1.5, "abc", "xaby", "d/d/f", [5], (5,), {5: "v"}, {1, 2},
    [(1, 2), "x"], [[1, 2], "x"], {"a": {1, 2}}, {"a": frozenset({1, 2})}, {(1, 2): 0}, 2**70,
    float("nan"), b"ab", Liar(), [Liar()], LyingInt(5), LyingInt(3), LyingList([5]),
    LyingStr("abc"), BadRepr(), list(range(200_000)),
]  # fmt: skip


def _original(check: str, value: Any) -> bool:
    try:
        run_check(check, {"f": lambda: value}, "f")
    except Exception:
        return False
    return True


def _hidden(check: str, value: Any) -> bool:
    hidden, records = hide(check), Records()
    try:
        run_check(hidden.source, {"f": lambda: value}, "f", records)
    except Exception:
        return False
    return hidden.holds(json.loads(json.dumps(records.items)))  # through the pipe


# A literal looked up in a container of more than values.MAX_ITEMS items: the child cannot send
# the container, and the test fails (the original check found the item).
KNOWN = {("assert 5 in f()", len(VALUES) - 1)}


@pytest.mark.parametrize("check", CHECKS)
def test_hidden_grading_decides_as_the_original_check(check: str) -> None:
    decided = {i: (_original(check, v), _hidden(check, v)) for i, v in enumerate(VALUES)}
    differ = {k for k, (original, hidden) in decided.items() if original != hidden}
    assert differ == {v for c, v in KNOWN if c == check}
    assert all(original for k, (original, _) in decided.items() if k in differ)  # never laxer
    assert any(original for original, _ in decided.values())


def test_a_literal_in_a_members_own_container_is_compared_as_data() -> None:
    class Bag:
        def __contains__(self, item: object) -> bool:
            return True

    assert _original("assert 5 in f()", Bag())
    assert not _hidden("assert 5 in f()", Bag())  # the bot never asks the member's object


def test_records_a_child_leaves_out_or_forges_fail() -> None:
    hidden = hide("assert f() == 5")
    assert hidden.holds([0, 5]) and hidden.holds([0, 5.0])
    for forged in ([], None, [0], [0, 6], [1, 5], [True, 5], [0, True], [0, {"o": "too-large"}]):
        assert not hidden.holds(forged), forged
    looped = hide("for x in range(3):\n    assert f(x) == 5")
    assert looped.holds([]) and not looped.holds([0, 5, 0, 4])  # a loop may run no time


def test_records_are_deduplicated_and_bounded() -> None:
    records = Records()
    for _ in range(1000):
        records(0, [1, 2], True)
    assert records.items == [0, [1, 2]]
    with pytest.raises(ValueError, match="too many"):
        for i in range(RECORD_CHARS):
            records(0, i, True)
    big = Records()
    big(0, list(range(values.MAX_ITEMS + 1)), True)
    assert big.items == [0, values.TOO_LARGE]
    assert not hide("assert f() == [1]").holds(big.items)  # equal to nothing, as a check raises
    assert hide("assert f() is not None").holds(big.items)
    assert hide("assert f() not in [1]").holds(big.items)


# -- shipped questions ---------------------------------------------------------------------------
def _subvalues(value: Any) -> list[Any]:
    out = [value]
    if isinstance(value, list | tuple | set | frozenset):
        for item in value:
            out += _subvalues(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            out += _subvalues(key) + _subvalues(item)
    return out


def _key(value: Any) -> str:
    return values.canonical(values.encode(value, tuples=True))


def _literals(tree: ast.AST, skip: frozenset[int] = frozenset()) -> list[Any]:
    """Every literal-evaluable node of `tree` (and what it holds), but those in `skip`."""
    found = []
    for node in ast.walk(tree):
        if id(node) not in skip:
            with contextlib.suppress(ValueError, TypeError, SyntaxError, RecursionError):
                found += _subvalues(ast.literal_eval(node))  # type: ignore[arg-type]
    return found


def _expected_in(tree: ast.AST) -> tuple[list[Any], frozenset[int]]:
    """Constant operands of comparisons in asserts (outside comprehensions) and assert
    messages; and the ids of their nodes."""
    expected: list[Any] = []
    nodes: set[int] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Assert):
            continue
        stack: list[ast.AST] = [node.test]
        operands = [node.msg] if node.msg is not None else []
        while stack:
            sub = stack.pop()
            if isinstance(sub, ast.Compare):
                operands += [sub.left, *sub.comparators]
            if not isinstance(sub, ast.Lambda | ast.GeneratorExp | ast.ListComp | ast.SetComp):
                stack.extend(ast.iter_child_nodes(sub))
        for operand in operands:
            try:
                expected.append(ast.literal_eval(operand))
            except (ValueError, TypeError, SyntaxError):
                continue
            nodes |= {id(n) for n in ast.walk(operand)}
    return expected, frozenset(nodes)


def _distinctive(value: Any) -> bool:
    if isinstance(value, bool) or value is None:
        return False
    if isinstance(value, int | float):
        return abs(value) >= 100
    if isinstance(value, str | bytes):
        return len(value) >= 4
    return isinstance(value, list | tuple | set | frozenset | dict) and len(value) > 0


def _secrets(spec: CodeSpec) -> list[Any]:
    """Hidden expected values that appear nowhere in the public parts or the inputs."""
    public: list[Any] = []
    for test in spec.examples:
        public += _subvalues(test.args) + _subvalues(test.expected)
        public += _literals(ast.parse(test.check)) if test.check else []
    secrets: list[Any] = []
    for test in spec.tests:
        public += _subvalues(test.args)
        if test.check is None:
            secrets.append(test.expected)
            continue
        tree = ast.parse(test.check)
        expected, nodes = _expected_in(tree)
        secrets += expected
        public += _literals(tree, nodes)
        public += [line.strip() for line in test.check.splitlines()]  # e.g. messages of `raise`
    seen = {_key(v) for v in public}
    return [v for v in secrets if _distinctive(v) and _key(v) not in seen]


@pytest.mark.parametrize("qid", [q.id for q in CODE])
def test_no_hidden_expected_literal_is_sent_to_the_child(qid: str) -> None:
    (spec,) = [q.spec for q in CODE if q.id == qid]
    assert isinstance(spec, CodeSpec)
    request = grade_request(spec)
    blob = pickle.dumps(request)
    sent = {_key(v) for args, _ in request["tests"] for v in _subvalues(args)}
    for _, check in request["tests"]:
        sent |= {_key(v) for v in _literals(ast.parse(check))} if check else set()
    for secret in _secrets(spec):
        assert _key(secret) not in sent, secret
        if isinstance(secret, str):
            assert secret.encode() not in blob, secret


def test_the_shipped_bank_has_hidden_literals_to_keep() -> None:
    secrets = [s for q in CODE for s in _secrets(q.spec)]  # type: ignore[arg-type]
    assert len(secrets) >= 10  # the test above is not vacuous
    assert any(isinstance(s, list) for s in secrets) and any(type(s) is int for s in secrets)


# -- through the real sandbox --------------------------------------------------------------------
SECRET = [(17, 4242), (99, 1234)]
SPEC = CodeSpec(
    entry_point="pairs",
    signature="def pairs(n)",
    reference="def pairs(n):\n    return [(1, 2)] if n == 1 else [(17, 4242), (99, 1234)]",
    examples=(CodeTest(check="assert pairs(1) == [(1, 2)]"),),
    tests=(
        CodeTest(check=f"assert pairs(2) == {SECRET!r}, 'pairs(2) should be {SECRET!r}'"),
        CodeTest(check="got = pairs(2)\nassert (17, 4242) in got and len(got) == 2"),
        CodeTest(check="assert pairs(2)[0] > (17, 4241) and not pairs(2)[1] != (99, 1234)"),
    ),
)
SNOOP = """
import gc
def pairs(n):
    found = [o for o in gc.get_objects() if isinstance(o, (str, list, tuple)) and '4242' in repr(o)]
    print(found[:3])
    return found[0] if found else [(1, 2)]
"""


@MODULE_LOOP
async def test_the_reference_passes_and_the_request_holds_no_secret(
    sandbox: ProcessSandbox,
) -> None:
    assert "4242" not in repr(grade_request(SPEC)["tests"][1:])
    assert b"4242" not in pickle.dumps(grade_request(SPEC)["tests"][1:])
    result = await sandbox.grade(SPEC.reference, SPEC)
    assert (result.passed, result.total, result.first_failure) == (4, 4, None)


@MODULE_LOOP
async def test_answers_that_pass_the_public_check_fail_the_hidden_ones(
    sandbox: ProcessSandbox,
) -> None:
    public_only = "def pairs(n):\n    return [(1, 2)]"
    assert (await sandbox.grade(public_only, SPEC)).passed == 1
    snoop = await sandbox.grade(SNOOP, SPEC)
    assert snoop.passed <= 1 and "4242" not in snoop.run.full_output


@MODULE_LOOP
async def test_lying_answers_fail_hidden_checks(sandbox: ProcessSandbox) -> None:
    liars = (
        "class Anything:\n"
        "    def __eq__(self, other):\n        return True\n"
        "    def __ne__(self, other):\n        return False\n"
        "    def __gt__(self, other):\n        return True\n"
        "    __hash__ = object.__hash__\n"
        "class LyingList(list):\n"
        "    def __eq__(self, other):\n        return True\n"
        "    def __contains__(self, item):\n        return True\n"
        "    def __len__(self):\n        return 2\n"
        "def pairs(n):\n"
        "    return [(1, 2)] if n == 1 else {kind}\n"
    )
    for kind in ("Anything()", "[Anything(), Anything()]", "LyingList([(0, 0)])", "(17, 4242)"):
        result = await sandbox.grade(liars.format(kind=kind), SPEC)
        assert result.run.ok, result.run.traceback
        assert result.passed == 1, kind  # the public check only


@MODULE_LOOP
@pytest.mark.parametrize("qid", [q.id for q in CODE])
async def test_a_constant_public_answer_fails_some_hidden_test(
    sandbox: ProcessSandbox, qid: str
) -> None:
    (spec,) = [q.spec for q in CODE if q.id == qid]
    assert isinstance(spec, CodeSpec)
    wanted = [t.expected for t in spec.examples if t.check is None] or [True, None, []]
    for value in wanted:
        code = f"def {spec.entry_point}(*args, **kwargs):\n    return {value!r}\n"
        result = await sandbox.grade(code, spec)
        assert result.passed < result.total, (qid, value)
