"""A corpus of idiomatic interview programs (tests/sandbox/idiomatic/*.py) prints, through the
sandbox's /run, exactly what CPython prints for it.

The expected output is computed at test time by running each file under this Python
(`python -I file`). Every program must pass; the summary test also checks the overall rate, so a
regression shows as one list of failures.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.sandbox import ProcessSandbox, RunStatus

pytestmark = pytest.mark.asyncio(loop_scope="module")

CORPUS = Path(__file__).parent / "idiomatic"
PROGRAMS = sorted(p.name for p in CORPUS.glob("*.py"))
MIN_PASS_RATE = 0.95

_outcomes: dict[str, str] = {}  # program -> "" when it passed, else why not


def cpython_output(path: Path) -> str:
    result = subprocess.run(
        [sys.executable, "-I", str(path)],
        capture_output=True,
        text=True,
        timeout=30,
        cwd=path.parent,
    )
    assert result.returncode == 0, f"{path.name} fails under CPython:\n{result.stderr}"
    return result.stdout


async def outcome(sandbox: ProcessSandbox, name: str) -> str:
    """Run one program both ways: "" when the sandbox printed exactly CPython's output."""
    if name not in _outcomes:
        path = CORPUS / name
        expected = cpython_output(path)
        result = await sandbox.run(path.read_text())
        got = result.full_output or result.stdout  # the whole output, not what chat shows
        if result.status is not RunStatus.OK:
            _outcomes[name] = f"{result.status}: {result.traceback.strip()[-600:]}"
        elif got != expected:
            _outcomes[name] = f"output differs:\n{got}\n--- expected ---\n{expected}"
        else:
            _outcomes[name] = ""
    return _outcomes[name]


async def test_the_corpus_is_large_enough() -> None:
    assert len(PROGRAMS) >= 130


@pytest.mark.parametrize("name", PROGRAMS)
async def test_program_prints_what_cpython_prints(sandbox: ProcessSandbox, name: str) -> None:
    problem = await outcome(sandbox, name)
    assert not problem, f"{name}: {problem}"


async def test_at_least_95_percent_of_the_corpus_passes(sandbox: ProcessSandbox) -> None:
    failures = {name: await outcome(sandbox, name) for name in PROGRAMS}
    failures = {name: why for name, why in failures.items() if why}
    rate = 1 - len(failures) / len(PROGRAMS)
    listing = "\n".join(f"- {name}: {why.splitlines()[0]}" for name, why in failures.items())
    assert rate >= MIN_PASS_RATE, f"{rate:.1%} pass; failures:\n{listing}"
