"""Every bundled code question's reference passes all its tests in the real sandbox, and wrong
solutions (returning None, off by one) fail at least one test each."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from bank_wrong_solutions import OFF_BY_ONE, returns_none

from bot.bank import bundled_bank_dir, load_bank
from bot.bank.check import check_bank
from bot.bank.model import CodeSpec, Question
from bot.sandbox import GradeResult, ProcessSandbox, SandboxSettings

BANK = load_bank([bundled_bank_dir()])
CODE: list[Question] = [q for q in BANK if isinstance(q.spec, CodeSpec)]
Grades = dict[tuple[str, str], GradeResult]


async def _grade_all() -> Grades:
    sandbox = ProcessSandbox(SandboxSettings())
    await sandbox.start()
    gate = asyncio.Semaphore(4)

    async def grade(q: Question, variant: str, code: str) -> tuple[tuple[str, str], GradeResult]:
        assert isinstance(q.spec, CodeSpec)
        async with gate:
            return (q.id, variant), await sandbox.grade(code, q.spec)

    jobs = []
    for q in CODE:
        assert isinstance(q.spec, CodeSpec)
        jobs.append(grade(q, "reference", q.spec.reference))
        jobs.append(grade(q, "none", returns_none(q.spec.entry_point)))
        if q.id in OFF_BY_ONE:
            jobs.append(grade(q, "off-by-one", OFF_BY_ONE[q.id]))
    try:
        return dict(await asyncio.gather(*jobs))
    finally:
        await sandbox.close()


@pytest.fixture(scope="module")
def grades() -> Grades:
    """All grading runs of this module, made concurrently through one sandbox."""
    return asyncio.run(_grade_all())


def test_every_code_question_has_an_off_by_one_variant() -> None:
    assert sorted(OFF_BY_ONE) == sorted(q.id for q in CODE)


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
