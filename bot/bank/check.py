"""`studybot questions check`: validate question files and run code references in the sandbox."""

from __future__ import annotations

import asyncio
import dataclasses
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bot.bank.loader import load_questions, question_files
from bot.bank.model import CodeSpec, Kind, Question
from bot.sandbox.api import GradeResult, RunStatus, Sandbox


@dataclass(frozen=True)
class CodeCheck:
    question: Question
    passed: int
    total: int
    duration: float
    failures: tuple[str, ...] = ()  # which tests failed, for the bank's authors (hidden ones too)
    wrong_passing: tuple[str, ...] = ()  # listed wrong solutions that pass every test
    wrong_total: int = 0

    @property
    def ok(self) -> bool:
        return self.passed == self.total and not self.failures and not self.wrong_passing


@dataclass
class CheckReport:
    files: int = 0
    questions: list[Question] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    code: list[CodeCheck] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and all(c.ok for c in self.code)

    def counts(self) -> dict[str, Counter[str]]:
        """topic -> Counter of kinds."""
        table: dict[str, Counter[str]] = {}
        for q in self.questions:
            table.setdefault(q.topic, Counter())[q.kind.value] += 1
        return table


def _describe_run(result: GradeResult) -> str:
    run = result.run
    if run.status is RunStatus.OK:
        return ""
    last = (run.traceback.strip().splitlines() or [run.status.value])[-1]
    return f"{run.status.value}: {last}"


async def _grade(sandbox: Sandbox, code: str, spec: CodeSpec) -> GradeResult:
    result = await sandbox.grade(code, spec)
    if result.run.status is not RunStatus.OK and result.passed == 0:
        result = await sandbox.grade(code, spec)  # rule out a transient sandbox restart
    return result


async def check_reference(sandbox: Sandbox, question: Question) -> CodeCheck:
    """Grade a code question's reference against all its tests (on failure, find which tests
    fail), and each of its listed wrong solutions, which must fail at least one test."""
    spec = question.spec
    assert isinstance(spec, CodeSpec)
    result = await _grade(sandbox, spec.reference, spec)
    failures: list[str] = []
    if result.passed != result.total:
        detail = _describe_run(result)
        if detail:
            failures.append(detail)
        for index, test in enumerate(spec.all_tests):
            public = index < len(spec.examples)
            label = f"example {index + 1}" if public else f"test {index - len(spec.examples) + 1}"
            single = dataclasses.replace(spec, examples=(test,), tests=())
            one = await _grade(sandbox, spec.reference, single)
            if one.passed != 1:
                what = one.first_failure or _describe_run(one) or "failed"
                failures.append(f"{label}: {what}")
    wrong_passing: list[str] = []
    for wrong in spec.wrong:
        graded = await sandbox.grade(wrong.code, spec)
        if graded.total and graded.passed == graded.total:
            wrong_passing.append(wrong.name)
    return CodeCheck(
        question=question,
        passed=result.passed,
        total=result.total,
        duration=result.run.duration,
        failures=tuple(failures),
        wrong_passing=tuple(wrong_passing),
        wrong_total=len(spec.wrong),
    )


async def check_bank(
    dirs: Sequence[Path | str], sandbox: Sandbox | None, *, concurrency: int = 4
) -> CheckReport:
    """Validate the files of `dirs`; with a (started) sandbox, also run every code reference."""
    files, _ = question_files(dirs)
    questions, problems = load_questions(dirs)
    report = CheckReport(files=len(files), questions=questions, problems=problems)
    if not files and not problems:
        report.problems.append("no question files found in " + ", ".join(map(str, dirs)))
    if sandbox is None:
        return report
    gate = asyncio.Semaphore(max(1, concurrency))

    async def one(q: Question) -> CodeCheck:
        async with gate:
            return await check_reference(sandbox, q)

    code_questions = [q for q in questions if q.kind is Kind.CODE]
    report.code = list(await asyncio.gather(*(one(q) for q in code_questions)))
    return report
