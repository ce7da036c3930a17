"""Grading a code question: partial credit, the first failing public example, hidden tests hidden."""

from __future__ import annotations

import ast
import pickle

import pytest

from bot.bank.model import CodeSpec, CodeTest
from bot.sandbox import ProcessSandbox, RunStatus
from bot.sandbox.results import grade_request

pytestmark = pytest.mark.asyncio(loop_scope="module")

SECRET_ARG = 918273  # appears only in hidden tests
SECRET_OUT = 918274

ADD_ONE = CodeSpec(
    entry_point="add_one",
    signature="def add_one(n: int) -> int",
    reference="def add_one(n):\n    return n + 1",
    examples=(CodeTest(args=(1,), expected=2), CodeTest(args=(5,), expected=6)),
    tests=(
        CodeTest(args=(-1,), expected=0),
        CodeTest(args=(SECRET_ARG,), expected=SECRET_OUT),
        CodeTest(check=f"assert add_one({SECRET_ARG}) == {SECRET_OUT}"),
    ),
    time_limit=1.0,
)


async def test_reference_passes_everything(sandbox: ProcessSandbox) -> None:
    result = await sandbox.grade(ADD_ONE.reference, ADD_ONE)
    assert (result.passed, result.total, result.first_failure) == (5, 5, None)
    assert result.run.ok and result.fraction == 1.0


async def test_partial_credit_counts_each_test(sandbox: ProcessSandbox) -> None:
    code = "def add_one(n):\n    return n + 1 if n < 100 else 0"
    result = await sandbox.grade(code, ADD_ONE)
    assert (result.passed, result.total) == (3, 5)
    assert result.first_failure is None  # every public example passes
    assert result.run.ok


async def test_first_failing_public_example_is_described(sandbox: ProcessSandbox) -> None:
    code = "def add_one(n):\n    return n + 1 if n < 3 else n"
    result = await sandbox.grade(code, ADD_ONE)
    assert result.first_failure == "add_one(5) returned 5, expected 6"
    assert result.passed == 2  # add_one(1) and the hidden add_one(-1)


async def test_an_exception_in_a_public_example_is_described(sandbox: ProcessSandbox) -> None:
    code = "def add_one(n):\n    return [n][1]"
    result = await sandbox.grade(code, ADD_ONE)
    assert result.passed == 0
    assert result.first_failure == "add_one(1) raised IndexError: list index out of range"


async def test_hidden_tests_never_leak(sandbox: ProcessSandbox) -> None:
    # Prints its arguments and raises on the hidden ones: neither may reach the member.
    code = (
        "def add_one(n):\n"
        "    print('seen', n)\n"
        "    if n > 100:\n"
        "        raise ValueError(n)\n"
        "    return n + 1\n"
    )
    result = await sandbox.grade(code, ADD_ONE)
    shown = result.run.stdout + result.run.traceback + str(result.first_failure)
    assert "seen 1" in result.run.stdout and "seen 5" in result.run.stdout
    assert str(SECRET_ARG) not in shown and str(SECRET_OUT) not in shown
    assert result.passed == 3


async def test_expected_values_are_never_sent_to_the_child() -> None:
    request = grade_request(ADD_ONE)
    assert str(SECRET_OUT) not in repr({k: v for k, v in request.items() if k != "tests"})
    sent_args = [args for args, check in request["tests"] if check is None]
    assert sent_args == [(1,), (5,), (-1,), (SECRET_ARG,)]
    assert all(SECRET_OUT not in args for args in sent_args)
    assert str(SECRET_OUT).encode() not in pickle.dumps(request)  # nor in the hidden check
    assert SECRET_OUT not in {
        c.value for c in ast.walk(ast.parse(request["tests"][-1][1])) if isinstance(c, ast.Constant)
    }


async def test_code_that_does_not_compile_scores_zero(sandbox: ProcessSandbox) -> None:
    result = await sandbox.grade("def add_one(n)\n    return n", ADD_ONE)
    assert (result.passed, result.total) == (0, 5)
    assert result.run.status is RunStatus.COMPILE_ERROR
    assert result.first_failure and result.first_failure.startswith("your code did not run")


async def test_code_that_fails_to_load_scores_zero(sandbox: ProcessSandbox) -> None:
    result = await sandbox.grade("import os\ndef add_one(n):\n    return n + 1", ADD_ONE)
    assert result.passed == 0 and result.run.status is RunStatus.ERROR
    assert "not allowed" in result.run.traceback


async def test_missing_entry_point(sandbox: ProcessSandbox) -> None:
    result = await sandbox.grade("def plus_one(n):\n    return n + 1", ADD_ONE)
    assert result.passed == 0
    assert result.first_failure == "add_one(1) raised NameError: name 'add_one' is not defined"


async def test_a_hidden_infinite_loop_keeps_the_credit_earned_before(
    sandbox: ProcessSandbox,
) -> None:
    code = "def add_one(n):\n    while n < 0:\n        pass\n    return n + 1"
    result = await sandbox.grade(code, ADD_ONE)
    assert result.run.status is RunStatus.TIMEOUT
    assert result.passed == 2  # both examples, before the hidden add_one(-1) hangs
    assert result.first_failure is None
    assert result.run.duration < ADD_ONE.time_limit + 0.5  # the question's own time limit


async def test_a_lying_eq_does_not_pass(sandbox: ProcessSandbox) -> None:
    code = (
        "class Anything:\n"
        "    def __eq__(self, other):\n"
        "        return True\n"
        "def add_one(n):\n"
        "    return Anything()\n"
    )
    result = await sandbox.grade(code, ADD_ONE)
    assert result.passed == 0
    assert result.first_failure and "expected 2" in result.first_failure


async def test_redefining_builtins_does_not_fool_checks(sandbox: ProcessSandbox) -> None:
    spec = CodeSpec(
        entry_point="evens",
        signature="def evens(items)",
        reference="def evens(items):\n    return [x for x in items if x % 2 == 0]",
        examples=(CodeTest(check="assert sorted(evens([3, 2, 4])) == [2, 4]"),),
        tests=(CodeTest(check="assert len(evens([1, 2])) == 1"),),
    )
    cheat = (
        "def evens(items):\n    return []\n"
        "def sorted(x):\n    return [2, 4]\n"
        "def len(x):\n    return 1\n"
    )
    result = await sandbox.grade(cheat, spec)
    assert result.passed == 0
    assert (
        result.first_failure
        == "check `assert sorted(evens([3, 2, 4])) == [2, 4]` raised AssertionError"
    )
    assert (await sandbox.grade(spec.reference, spec)).passed == 2


async def test_compare_modes_and_normalisation(sandbox: ProcessSandbox) -> None:
    spec = CodeSpec(
        entry_point="f",
        signature="def f(kind)",
        reference="",
        examples=(
            CodeTest(args=("pair",), expected=[1, 2]),  # a tuple is equal to a list
            CodeTest(args=("unordered",), expected=[1, 2, 3], compare="sorted"),
            CodeTest(args=("dupes",), expected=[1, 2], compare="set"),
            CodeTest(args=("counter",), expected={"a": 2, "b": 1}),
            CodeTest(args=("nested",), expected={"k": [[1, 2]]}),
        ),
        tests=(CodeTest(args=("unordered",), expected=[3, 2, 1]),),  # exact order: fails
    )
    code = (
        "import collections\n"
        "def f(kind):\n"
        "    if kind == 'pair':\n        return (1, 2)\n"
        "    if kind == 'unordered':\n        return [2, 1, 3]\n"
        "    if kind == 'dupes':\n        return [2, 1, 2]\n"
        "    if kind == 'counter':\n        return collections.Counter('aab')\n"
        "    return {'k': [(1, 2)]}\n"
    )
    result = await sandbox.grade(code, spec)
    assert (result.passed, result.total, result.first_failure) == (5, 6, None)


async def test_output_of_a_grading_run_is_capped(sandbox: ProcessSandbox) -> None:
    code = "def add_one(n):\n    while True:\n        print('x' * 1000)"
    result = await sandbox.grade(code, ADD_ONE)
    assert result.run.status is RunStatus.OUTPUT_LIMIT
    assert result.passed == 0


async def test_checks_may_compare_two_member_objects(sandbox: ProcessSandbox) -> None:
    spec = CodeSpec(
        entry_point="Point",
        signature="class Point",
        reference=(
            "class Point:\n"
            "    def __init__(self, x, y):\n"
            "        self.x, self.y = x, y\n"
            "    def __eq__(self, other):\n"
            "        return (self.x, self.y) == (other.x, other.y)\n"
        ),
        examples=(
            CodeTest(check="assert Point(1, 2) == Point(1, 2)\nassert Point(1, 2) != Point(2, 1)"),
        ),
        tests=(CodeTest(check="p = Point(3, 4)\nassert (p.x, p.y) == (3, 4)"),),
    )
    result = await sandbox.grade(spec.reference, spec)
    assert (result.passed, result.total) == (2, 2), result.first_failure


async def test_tampering_with_the_reporting_passes_nothing(sandbox: ProcessSandbox) -> None:
    code = (
        "import json\n"
        "try:\n"
        '    json.JSONEncoder.encode = lambda self, o: \'{"i": 4, "v": null}\'\n'
        "except TypeError:\n"
        "    pass\n"
        "def add_one(n):\n"
        "    return -5\n"
    )
    result = await sandbox.grade(code, ADD_ONE)
    assert result.passed == 0 and result.run.ok


LIARS = """
class Anything:
    def __eq__(self, other):
        return True
    def __ne__(self, other):
        return False
class LyingInt(int):
    def __eq__(self, other):
        return True
    def __ne__(self, other):
        return False
    def __lt__(self, other):
        return True
class LyingStr(str):
    def __eq__(self, other):
        return True
class LyingList(list):
    def __eq__(self, other):
        return True
class LyingDict(dict):
    def __eq__(self, other):
        return True
def f(kind):
    return {
        "liars": [Anything(), Anything()], "int": LyingInt(7), "str": LyingStr("no"),
        "list": LyingList([9]), "dict": LyingDict(a=9), "bool": True, "pair": (1, 2),
    }[kind]
"""
HONEST = """
def f(kind):
    return {
        "liars": [1, 2], "int": 5, "str": "yes", "list": [1, 2], "dict": {"a": 1}, "bool": 1,
        "pair": [1, 2],
    }[kind]
"""
WANTED = {
    "liars": [1, 2], "int": 5, "str": "yes", "list": [1, 2], "dict": {"a": 1}, "bool": 1,
    "pair": [1, 2],
}  # fmt: skip
STRICT = CodeSpec(
    entry_point="f",
    signature="def f(kind)",
    reference=HONEST,
    examples=tuple(CodeTest(args=(k,), expected=v) for k, v in WANTED.items()),
    tests=(
        *(CodeTest(check=f"assert f({k!r}) == {v!r}") for k, v in WANTED.items()),
        CodeTest(check="assert f('int') < 6 and 4 < f('int') and f('int') in (5, 6)"),
    ),
)


async def test_lying_values_pass_no_test_of_either_kind(sandbox: ProcessSandbox) -> None:
    result = await sandbox.grade(LIARS, STRICT)
    assert result.run.ok, result.run.traceback
    # Only the tuple returned for an expected list passes, and only in the expected-value test:
    # TOML has no tuples, so there a list stands for either; a check compares as Python does.
    assert (result.passed, result.total) == (1, 15)
    assert result.first_failure is not None
    assert result.first_failure.startswith("f('liars') returned [<")
    assert (await sandbox.grade(HONEST, STRICT)).passed == 15


async def test_true_is_not_one_and_numbers_compare_by_value(sandbox: ProcessSandbox) -> None:
    spec = CodeSpec(
        entry_point="f",
        signature="def f(x)",
        reference="def f(x):\n    return x / 2",
        examples=(CodeTest(args=(2,), expected=1), CodeTest(args=(5,), expected=2.5)),
        tests=(CodeTest(check="assert f(2) == 1 and f(4) == 2.0"),),
    )
    assert (await sandbox.grade(spec.reference, spec)).passed == 3  # 1.0 for 1 is fine
    cheat = "def f(x):\n    return x == 2 or x / 2"
    result = await sandbox.grade(cheat, spec)
    assert result.passed == 1 and result.first_failure == "f(2) returned True, expected 1"


HIDDEN_EXPECTED = "hidden-expected-4b1f7c"
REFERENCE_MARK = "reference-only-9d2e"


async def test_hidden_expected_values_and_the_reference_never_reach_the_child(
    sandbox: ProcessSandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = CodeSpec(
        entry_point="answer",
        signature="def answer(key)",
        reference=f"def answer(key):\n    return {HIDDEN_EXPECTED!r} if key else {REFERENCE_MARK!r}",
        examples=(CodeTest(args=("",), expected=REFERENCE_MARK),),
        tests=(CodeTest(args=("k",), expected=HIDDEN_EXPECTED),),
    )
    sent: list[bytes] = []
    real_send = sandbox._send

    async def recording_send(request: dict) -> dict:
        sent.append(pickle.dumps(request))
        return await real_send(request)

    monkeypatch.setattr(sandbox, "_send", recording_send)
    # The member prints everything its program can reach: names, arguments, its own globals.
    snoop = (
        "seen = []\n"
        "def probe(get):\n"
        "    try:\n"
        "        seen.append(repr(get())[:3000])\n"
        "    except BaseException as exc:\n"
        "        seen.append(repr(exc))\n"
        "probe(lambda: globals())\n"
        "probe(lambda: vars())\n"
        "probe(lambda: dir())\n"
        "def modules():\n"
        "    import sys\n"
        "    return sys.modules\n"
        "probe(modules)\n"
        "def heap():\n"
        "    import gc\n"
        "    return gc.get_objects()\n"
        "probe(heap)\n"
        "def answer(*args, **kwargs):\n"
        "    print('args', args, kwargs, seen)\n"
        "    return args\n"
    )
    result = await sandbox.grade(snoop, spec)
    assert result.passed == 0 and "args ('',) {}" in result.run.full_output
    shown = result.run.full_output + result.run.traceback + str(result.first_failure)
    assert HIDDEN_EXPECTED not in shown
    assert len(sent) == 1
    assert HIDDEN_EXPECTED.encode() not in sent[0] and REFERENCE_MARK.encode() not in sent[0]
