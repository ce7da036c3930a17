"""Every bundled code question's reference passes all its tests in the real sandbox; wrong
solutions (returning None, off by one, each shortcut and rule breaker of bank_wrong_solutions) fail
at least one test each; alternative correct solutions pass; heavy tests run last."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from bank_wrong_solutions import ALTERNATIVES, OFF_BY_ONE, SLOW_SUM, returns_none

from bot.bank import bundled_bank_dir, load_bank
from bot.bank.check import check_bank
from bot.bank.model import CodeSpec, Question
from bot.sandbox import GradeResult, ProcessSandbox, SandboxSettings

BANK = load_bank([bundled_bank_dir()])
CODE: list[Question] = [q for q in BANK if isinstance(q.spec, CodeSpec)]
Grades = dict[tuple[str, str], GradeResult]
WRONG = [(q.id, f"shortcut: {w.name}") for q in CODE for w in q.spec.wrong]  # type: ignore[union-attr]
RIGHT = [(qid, f"alternative: {name}") for qid, named in ALTERNATIVES.items() for name in named]


def _variants() -> list[tuple[Question, str, str]]:
    jobs: list[tuple[Question, str, str]] = []
    for q in CODE:
        assert isinstance(q.spec, CodeSpec)
        jobs.append((q, "reference", q.spec.reference))
        jobs.append((q, "none", returns_none(q.spec.entry_point)))
        if q.id in OFF_BY_ONE:
            jobs.append((q, "off-by-one", OFF_BY_ONE[q.id]))
        for wrong in q.spec.wrong:
            jobs.append((q, f"shortcut: {wrong.name}", wrong.code))
        for name, code in ALTERNATIVES.get(q.id, {}).items():
            jobs.append((q, f"alternative: {name}", code))
    jobs.append((BANK.get("algorithms.sum-one-line.code"), "slow", SLOW_SUM))
    return jobs


async def _grade_all() -> Grades:
    sandbox = ProcessSandbox(SandboxSettings())
    await sandbox.start()
    gate = asyncio.Semaphore(2)

    async def grade(q: Question, variant: str, code: str) -> tuple[tuple[str, str], GradeResult]:
        assert isinstance(q.spec, CodeSpec)
        async with gate:
            return (q.id, variant), await sandbox.grade(code, q.spec)

    try:
        return dict(await asyncio.gather(*(grade(*job) for job in _variants())))
    finally:
        await sandbox.close()


@pytest.fixture(scope="module")
def grades() -> Grades:
    """All grading runs of this module, made concurrently through one sandbox."""
    return asyncio.run(_grade_all())


def test_every_code_question_has_wrong_variants() -> None:
    assert sorted(OFF_BY_ONE) == sorted(q.id for q in CODE)
    assert all(q.spec.wrong for q in CODE), "each code question lists its shortcuts"  # type: ignore[union-attr]


@pytest.mark.parametrize("qid", [q.id for q in CODE])
def test_reference_passes_every_test(grades: Grades, qid: str) -> None:
    result = grades[(qid, "reference")]
    assert result.run.ok, result.run.traceback
    assert result.passed == result.total > 0
    assert result.first_failure is None


@pytest.mark.parametrize("variant", ["none", "off-by-one"])
@pytest.mark.parametrize("qid", [q.id for q in CODE])
def test_wrong_solutions_fail(grades: Grades, qid: str, variant: str) -> None:
    result = grades[(qid, variant)]
    assert result.run.ok, f"{variant} should load and run: {result.run.traceback}"
    assert result.passed < result.total, f"{variant} solution of {qid} passes every test"


@pytest.mark.parametrize(("qid", "variant"), WRONG, ids=[f"{q}-{v}" for q, v in WRONG])
def test_shortcuts_fail(grades: Grades, qid: str, variant: str) -> None:
    result = grades[(qid, variant)]
    assert result.passed < result.total, f"{variant} of {qid} passes every test"


@pytest.mark.parametrize(("qid", "variant"), RIGHT, ids=[f"{q}-{v}" for q, v in RIGHT])
def test_alternative_solutions_pass(grades: Grades, qid: str, variant: str) -> None:
    result = grades[(qid, variant)]
    assert result.run.ok, result.run.traceback
    assert result.passed == result.total, f"{variant}: {result.first_failure}"


def test_a_timeout_keeps_the_points_of_the_light_tests(grades: Grades) -> None:
    """The slow loop passes every light test; only the heavy ones (run last) can time out."""
    spec = BANK.get("algorithms.sum-one-line.code").spec
    assert isinstance(spec, CodeSpec)
    light = sum(not t.heavy for t in spec.all_tests)
    result = grades[("algorithms.sum-one-line.code", "slow")]
    assert light <= result.passed < result.total


@pytest.mark.parametrize("qid", [q.id for q in CODE])
def test_heavy_tests_are_hidden_and_last(qid: str) -> None:
    spec = BANK.get(qid).spec
    assert isinstance(spec, CodeSpec)
    flags = [t.heavy for t in spec.all_tests]
    assert not any(t.heavy for t in spec.examples)
    assert flags == sorted(flags), f"{qid}: a light test after a heavy one"


async def test_check_reports_a_failing_reference_with_the_failing_test(tmp_path: Path) -> None:
    (tmp_path / "t.toml").write_text(
        """
[[question]]
id = "t.add"
kind = "code"
difficulty = 1
title = "Add"
prompt = "Add."
explanation = "a + b"
[question.code]
entry_point = "add"
signature = "def add(a, b)"
reference = "def add(a, b):\\n    return a + b + (a == 3)\\n"
[[question.code.examples]]
args = [1, 2]
expected = 3
[[question.code.tests]]
args = [3, 4]
expected = 7
""",
        encoding="utf-8",
    )
    sandbox = ProcessSandbox(SandboxSettings())
    await sandbox.start()
    try:
        report = await check_bank([tmp_path], sandbox)
    finally:
        await sandbox.close()
    assert not report.ok and not report.problems
    (code,) = report.code
    assert (code.passed, code.total) == (1, 2)
    assert code.failures == ("test 1: add(3, 4) returned 8, expected 7",)


async def test_check_reports_a_listed_wrong_solution_that_passes(tmp_path: Path) -> None:
    (tmp_path / "t.toml").write_text(
        """
[[question]]
id = "t.add"
kind = "code"
difficulty = 1
title = "Add"
prompt = "Add without the + operator."
explanation = "a - -b"
[question.code]
entry_point = "add"
signature = "def add(a, b)"
reference = "def add(a, b):\\n    return a - -b\\n"
[[question.code.tests]]
args = [3, 4]
expected = 7
[[question.code.wrong]]
name = "uses +"
code = "def add(a, b):\\n    return a + b\\n"
[[question.code.wrong]]
name = "subtracts"
code = "def add(a, b):\\n    return a - b\\n"
""",
        encoding="utf-8",
    )
    sandbox = ProcessSandbox(SandboxSettings())
    await sandbox.start()
    try:
        report = await check_bank([tmp_path], sandbox)
    finally:
        await sandbox.close()
    assert not report.problems, report.problems
    (code,) = report.code
    assert (code.passed, code.total, code.failures) == (1, 1, ())
    assert code.wrong_passing == ("uses +",) and code.wrong_total == 2
    assert not code.ok and not report.ok
