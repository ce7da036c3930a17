"""Constants and helpers shared by the sandbox tests (a uniquely named module: every test
directory has its own conftest)."""

from __future__ import annotations

from bot.sandbox import RunResult, SandboxSettings

FAKE_TOKEN = "fake-discord-token-Zq81xVv3"

# Fast limits so that tests which hit them stay quick.
TEST_SETTINGS = SandboxSettings(
    workers=2, wall_seconds=1.5, cpu_seconds=1, memory_mb=256, runs_per_minute=0
)


def assert_no_secret(result: RunResult) -> None:
    assert FAKE_TOKEN not in result.stdout
    assert FAKE_TOKEN not in result.traceback
