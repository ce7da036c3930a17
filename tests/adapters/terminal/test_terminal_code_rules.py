"""The real terminal chat states the sandbox rules (from the live policy) with a code question
and in /help."""

from __future__ import annotations

from pathlib import Path

from bot.bank.rules import sandbox_rules
from bot.sandbox.api import SandboxSettings
from tests.adapters.terminal.test_terminal_week import studybot
from tests.conftest import write_bank

BANK = """
[[question]]
id = "r.double.code"
kind = "code"
topic = "code"
difficulty = 1
title = "Double it"
prompt = "Return twice the number."
explanation = "Multiply by two."
[question.code]
entry_point = "double"
signature = "def double(n: int) -> int"
reference = "def double(n):\\n    return 2 * n\\n"
time_limit = 1.5
[[question.code.examples]]
args = [2]
expected = 4
[[question.code.tests]]
args = [5]
expected = 10
"""


def test_code_question_and_help_state_the_sandbox_rules(tmp_path: Path) -> None:
    write_bank(tmp_path / "bank", BANK)
    out = studybot(tmp_path, "2026-03-02", ["/question", "/help", "/quit"])
    rules = sandbox_rules(SandboxSettings(), time_limit=1.5)
    assert "1.5 s of wall-clock time" in rules
    assert out.count(rules) == 2  # the post at start and /question
    assert "Code answers: " + sandbox_rules(SandboxSettings()) in out  # /help
    assert "`import` works for: " in out and "math" in out
