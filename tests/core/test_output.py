"""Member output made safe to show: control characters, code fences, mentions, and how a run is
split into a chat message and an attachment (the adapters' tests drive it through the fakes)."""

from __future__ import annotations

import pytest

from bot.core.answers import sandbox_capacity_errors
from bot.core.errors import SandboxUnavailable
from bot.core.output import (
    MORE,
    ZWSP,
    break_fences,
    quiet_mentions,
    run_parts,
    visible,
    whole_output,
)
from bot.core.text import run_text
from bot.sandbox.api import RunResult, RunStatus, SandboxBusy
from bot.sandbox.capacity import member_busy


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b[2J\x1b[31mred", "\\x1b[2J\\x1b[31mred"),
        ("a\rb\x00c\x07d\x7fe", "a\\rb\\0c\\x07d\\x7fe"),
        ("\x9b31m", "\\x9b31m"),  # C1 CSI
        ("abc\u202edcba\u2066x\u2069", "abc\\u202edcba\\u2066x\\u2069"),
        ("tab\tand\nnewline", "tab\tand\nnewline"),
        ("é ü 漢字 🙂 \u200b", "é ü 漢字 🙂 \u200b"),
    ],
)
def test_visible_shows_control_characters_as_escapes(raw: str, shown: str) -> None:
    assert visible(raw) == shown
    assert not any(ord(c) < 32 and c not in "\n\t" for c in visible(raw))


def test_no_backtick_run_survives() -> None:
    for text in ("```", "````", "``", "a```b``````c", "`x`"):
        broken = break_fences(text)
        assert "``" not in broken and broken.replace(ZWSP, "") == text


def test_mentions_are_made_inert() -> None:
    text = "@everyone @here @channel <@123> <@!123> <@&456> <#789> <!channel> <!here> <@U123>"
    quiet = quiet_mentions(text)
    assert quiet.replace(ZWSP, "") == text
    for mention in ("@everyone", "@here", "@channel", "<@", "<!", "<#"):
        assert mention not in quiet
    assert quiet_mentions("mail me@here.org") == "mail me@\u200bhere.org"  # harmless either way


def result(output: str, shown: str | None = None, traceback: str = "", **kw: object) -> RunResult:
    shown = output if shown is None else shown
    return RunResult(
        status=kw.pop("status", RunStatus.OK),  # type: ignore[arg-type]
        stdout=shown,
        traceback=traceback,
        duration=0.01,
        truncated=len(shown) < len(output),
        full_output=output,
    )


def test_a_short_run_fits_one_message() -> None:
    parts = run_parts(result("hello\n"), visible, 100)
    assert (parts.body, parts.cut, parts.whole, parts.lines) == ("hello", False, "hello\n", 1)
    assert run_parts(result(""), visible, 100).body == "(no output)"


def test_a_long_run_shows_its_head_and_attaches_everything() -> None:
    output = "".join(f"line {i}\n" for i in range(5000))
    parts = run_parts(result(output, shown=output[:1900]), visible, 500)
    assert parts.cut and len(parts.body) <= 500 and parts.body.endswith("\n" + MORE)
    assert parts.body.startswith("line 0\nline 1\n")
    assert parts.whole == output and parts.lines == 5000


def test_the_end_of_the_traceback_is_kept() -> None:
    tb = "Traceback (most recent call last):\n" + "  frame\n" * 200 + "ValueError: boom"
    parts = run_parts(result("x" * 3000, traceback=tb, status=RunStatus.ERROR), visible, 1000)
    assert parts.cut and len(parts.body) <= 1000
    assert parts.body.endswith("ValueError: boom") and parts.body.startswith("xxx")
    assert parts.whole.endswith("ValueError: boom\n") and parts.whole.startswith("x" * 3000)


def test_results_without_full_output_still_render() -> None:
    old = RunResult(status=RunStatus.OK, stdout="hi\n", traceback="", duration=0.0)
    assert whole_output(old) == "hi\n" and run_parts(old, visible, 100).body == "hi"


def test_the_terminal_text_has_all_the_output_made_visible() -> None:
    output = "\x1b[2J" + "z" * 20_000 + "\n"
    text = run_text(result(output, shown=output[:1900]))
    assert "z" * 20_000 in text and "\x1b" not in text and "\\x1b[2J" in text
    assert "shortened" not in text and "cut" not in text
    limit = result(output, status=RunStatus.OUTPUT_LIMIT)
    assert "(output cut at the limit)" in run_text(limit)


def test_a_member_backlog_is_explained_in_chat() -> None:
    for busy, expected in (
        (SandboxBusy(member_busy(2)), "You already have 2 runs waiting to start"),
        (SandboxBusy(), "The code runner is busy, try again in a moment."),
    ):
        with pytest.raises(SandboxUnavailable, match=expected), sandbox_capacity_errors():
            raise busy
