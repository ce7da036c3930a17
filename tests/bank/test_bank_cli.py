"""`studybot questions check` and `studybot questions list`, through the real entry point."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot.bank import bundled_bank_dir
from bot.cli import main

GOOD = '''
[[question]]
id = "demo.add.code"
kind = "code"
difficulty = 1
title = "Add"
prompt = "Write add(a, b)."
explanation = "a + b"
[question.code]
entry_point = "add"
signature = "def add(a, b)"
reference = """
def add(a, b):
    return a + b
"""
[[question.code.examples]]
args = [1, 2]
expected = 3
[[question.code.tests]]
args = [3, 4]
expected = 7

[[question]]
id = "demo.pick.check"
kind = "choice"
difficulty = 2
title = "Pick"
prompt = "Pick B."
explanation = "B."
[question.choice]
options = ["a", "b"]
correct = "B"
'''


def test_check_passes_on_a_good_directory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "demo.toml").write_text(GOOD, encoding="utf-8")
    assert main(["questions", "check", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "2 questions in 1 files" in out
    assert "code references: 1/1 pass all their tests in the sandbox" in out
    assert out.rstrip().endswith("OK")
    assert ["demo", "1", "0", "1", "0", "2"] in [line.split() for line in out.splitlines()]


def test_check_fails_on_a_wrong_reference_and_schema_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.toml").write_text(GOOD.replace("return a + b", "return a - b"), "utf-8")
    (tmp_path / "bad.toml").write_text(GOOD.replace("difficulty = 2", "difficulty = 0"), "utf-8")
    assert main(["questions", "check", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    bad = tmp_path / "bad.toml"
    assert f"{bad}: question 'demo.pick.check': field 'difficulty': expected an integer 1-3" in out
    assert f"{bad}: question 'demo.add.code': field 'id': duplicate id" in out
    assert "question 'demo.add.code': reference solution passed 0/2 tests" in out
    assert "example 1: add(1, 2) returned -1, expected 3" in out
    assert "FAILED: 3 problem(s)" in out


def test_list_filters_by_topic(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "demo.toml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "other.toml").write_text(GOOD.replace('"demo.', '"other.'), encoding="utf-8")
    assert main(["questions", "list", "--topic", "other", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "[other]" in out and "other.pick.check  choice  d2  Pick" in out
    assert "demo." not in out and "2 questions" in out
    assert main(["questions", "list", "--topic", "nope", str(tmp_path)]) == 1


def test_bundled_bank_passes_the_command(tmp_path: Path) -> None:
    """The real command on the bundled bank, as a user runs it (config-free working directory)."""
    proc = subprocess.run(
        [sys.executable, "-m", "bot.cli", "questions", "check"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    counts = re.search(r"code references: (\d+)/(\d+) pass", proc.stdout)
    assert counts and counts[1] == counts[2] and int(counts[1]) >= 14, proc.stdout
    assert proc.stdout.rstrip().endswith("OK")


def test_bundled_dir_is_the_repo_folder_unless_overridden(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("STUDYBOT_QUESTIONS", raising=False)
    assert bundled_bank_dir() == Path(__file__).resolve().parents[2] / "questions"
    (tmp_path / "demo.toml").write_text(GOOD, encoding="utf-8")
    monkeypatch.setenv("STUDYBOT_QUESTIONS", str(tmp_path))
    monkeypatch.chdir(tmp_path)  # no studybot.toml here: the defaults apply
    assert bundled_bank_dir() == tmp_path
    assert main(["questions", "check", "--no-sandbox"]) == 0
    out = capsys.readouterr().out
    assert "2 questions in 1 files" in out and "code references" not in out
