"""The sandbox-rules paragraph follows the live policy and settings."""

from __future__ import annotations

import asyncio
import dataclasses

from bot.bank.rules import NEVER, importable_modules, sandbox_rules
from bot.sandbox import ProcessSandbox, SandboxSettings
from bot.sandbox.api import DEFAULT_ALLOWED_MODULES


def test_every_allowed_module_is_named_and_none_of_never() -> None:
    text = sandbox_rules()
    for name in DEFAULT_ALLOWED_MODULES:
        if name not in NEVER:
            assert f" {name}" in text, name
    assert set(importable_modules(SandboxSettings())).isdisjoint(NEVER)
    assert "sys*" in text and "stand-in" in text


def test_limits_come_from_the_settings_and_the_question() -> None:
    settings = dataclasses.replace(
        SandboxSettings(), memory_mb=128, cpu_seconds=3, allowed_modules=("math", "os")
    )
    text = sandbox_rules(settings, time_limit=2.0)
    assert "2 s of wall-clock time" in text and "3 s of CPU" in text and "128 MB" in text
    assert "works for: math;" in text  # os is never importable, whatever the settings say
    assert "5 s of wall-clock" in sandbox_rules(SandboxSettings())
    assert len(text) < 900 and "\n" not in text


def test_what_the_paragraph_promises_is_what_the_sandbox_does() -> None:
    """Each module named can be imported by member code; the ones it names as missing cannot."""
    names = importable_modules(SandboxSettings())
    code = "\n".join(f"import {m}" for m in names) + "\nprint('ok')\n"

    async def run() -> tuple[str, str]:
        sandbox = ProcessSandbox(SandboxSettings())
        await sandbox.start()
        try:
            good = await sandbox.run(code)
            bad = await sandbox.run("import os\n")
        finally:
            await sandbox.close()
        return good.stdout + good.traceback, bad.traceback

    good, bad = asyncio.run(run())
    assert good.strip() == "ok"
    assert "not available" in bad
