"""The health check's database probe on both backends: up while open, a reason once closed."""

from __future__ import annotations

from bot.ops.health import Health
from bot.storage.db import open_database


class _Sandbox:
    template_pid = None


async def test_the_database_check_answers_while_open_and_names_the_fault_when_closed(
    database_target,
):
    db = await open_database(database_target).open()
    health = Health(db, _Sandbox())
    try:
        assert await health.database_problem() == ""
        report = await health.check()
        assert report.checks["database"] == "ok"
        assert not report.ok  # the sandbox template never started
    finally:
        await db.close()
    assert await health.database_problem() != ""
