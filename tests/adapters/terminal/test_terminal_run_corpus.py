"""The idiomatic corpus through the real terminal chat's `/run`, as root and as an unprivileged
uid (the Docker image's case): every program prints what CPython prints for it, and a secret in
the bot's environment never shows.

One `studybot` process per user reads every program as a `/run` with a ``` block from its
standard input; the test splits the chat's output into the fenced blocks of the runs and
compares each with the program's own output under CPython, computed here.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from bot.core.output import visible
from tests.unprivileged import AS_ROOT, unprivileged

CORPUS = Path(__file__).resolve().parents[2] / "sandbox" / "idiomatic"
PROGRAMS = sorted(CORPUS.glob("*.py"))
SECRET = "signing-key-never-shown-7c1e0f"
STUDYBOT = Path(sys.executable).with_name("studybot")
RUN_BLOCK = re.compile(r"^(?:[a-z :/]+ )?\(\d+ ms\)[^\n]*\n```\n(.*?)\n```$", re.M | re.S)
MIN_PASS_RATE = 0.95


def cpython(path: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-I", str(path)], capture_output=True, text=True, timeout=30
    )
    return done.stdout


def chat_script(programs: list[Path]) -> str:
    runs = "".join(f"/run\n```\n{p.read_text().rstrip()}\n```\n" for p in programs)
    return runs + "/quit\n"


def run_chat(programs: list[Path], as_nobody: bool) -> str:
    folder = tempfile.mkdtemp(prefix="terminal-corpus-")
    os.chmod(folder, 0o777)
    argv = [str(STUDYBOT), "run", "--terminal", "--db", os.path.join(folder, "chat.db")]
    if as_nobody:
        argv = unprivileged(argv)
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "STUDYBOT_SIGNING_KEY": SECRET}
    try:
        done = subprocess.run(
            argv,
            input=chat_script(programs),
            capture_output=True,
            text=True,
            timeout=240,
            cwd=folder,
            env=env,
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


USERS = ["root", "nobody"] if AS_ROOT else ["this-user"]


@pytest.mark.parametrize("user", USERS)
def test_the_corpus_prints_what_cpython_prints_through_the_terminal(user: str) -> None:
    programs = [p for p in PROGRAMS if "```" not in p.read_text()]
    assert len(programs) >= 130
    out = run_chat(programs, as_nobody=user == "nobody")
    assert SECRET not in out
    blocks = RUN_BLOCK.findall(out)
    assert len(blocks) == len(programs), out[-3000:]
    failures = []
    for program, block in zip(programs, blocks, strict=True):
        expected = visible(cpython(program).rstrip("\n")) or "(no output)"
        if block != expected:
            failures.append(f"{program.name}:\n{block[:400]}\n--- CPython ---\n{expected[:400]}")
    rate = 1 - len(failures) / len(programs)
    assert not failures, f"{rate:.1%} pass; failures:\n" + "\n\n".join(failures[:10])
