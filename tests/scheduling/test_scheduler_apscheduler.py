"""The scheduler on the real clock: APScheduler jobs in the running loop fire, re-arm, re-plan."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from bot.bank import load_bank
from bot.config import Config
from bot.core.ports import SystemClock
from bot.core.service import StudyService
from bot.scheduling.scheduler import SWEEP_JOB_ID, RoundScheduler
from bot.storage.db import open_database
from tests.conftest import ScriptedSandbox
from tests.scheduling.conftest import TimedPublisher, admin, scheduled_group


async def wait_for(predicate, timeout: float = 5.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not predicate():
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(0.02)


async def test_jobs_fire_in_the_loop_retry_after_errors_and_follow_schedule_changes(
    tmp_path, bank_dir
) -> None:
    clock = SystemClock()
    db = await open_database(tmp_path / "live.db").open()
    service = StudyService(db, load_bank([bank_dir]), ScriptedSandbox(), Config(), clock=clock)
    publisher = TimedPublisher(clock)  # type: ignore[arg-type]
    service.register_publisher(publisher)
    now = clock.now()
    group = await scheduled_group(service, timezone="UTC", post_time=f"{now:%H:%M}")
    scheduler = RoundScheduler(
        service, clock, grace_seconds=600, retry_seconds=0.2, posting_timeout_seconds=0.4
    )
    publisher.fail_next = 1  # the catch-up post fails: the round is left in 'posting'
    try:
        await scheduler.start()
        assert scheduler.running and publisher.events == []
        # an APScheduler job (not the test) finishes the post once the posting timeout passed
        await wait_for(lambda: len(publisher.of("post")) == 1)
        await asyncio.sleep(0.5)
        assert len(publisher.of("post")) == 1
        view = await service.current_round(group.id)
        assert view is not None and view.round.message_ref == f"msg-{view.round.id}"

        job = scheduler._aps.get_job(f"group-{group.id}")
        assert job is not None and job.next_run_time == scheduler.planned(group.id)
        assert job.next_run_time == view.round.reveal_due  # 12 h after posting
        assert scheduler._aps.get_job(SWEEP_JOB_ID) is not None

        # a schedule change re-plans the running job at once; the open round keeps the reveal
        # stored when it was posted, but a new reminder setting applies to it
        actor = await admin(service)
        await service.update_settings(group.id, actor, reveal_after_hours=1)
        job = scheduler._aps.get_job(f"group-{group.id}")
        assert job.next_run_time == view.round.reveal_due
        await service.update_settings(group.id, actor, reminder_minutes=1)
        job = scheduler._aps.get_job(f"group-{group.id}")
        assert job.next_run_time == view.round.reveal_due - timedelta(minutes=1)
    finally:
        await scheduler.stop()
        await db.close()
    assert not scheduler.running


async def test_an_overdue_reveal_fires_from_the_job(tmp_path, bank_dir) -> None:
    clock = SystemClock()
    db = await open_database(tmp_path / "live.db").open()
    service = StudyService(db, load_bank([bank_dir]), ScriptedSandbox(), Config(), clock=clock)
    publisher = TimedPublisher(clock)  # type: ignore[arg-type]
    service.register_publisher(publisher)
    group = await scheduled_group(service, timezone="UTC", enabled="off")
    await service.post_round(group.id, await admin(service))
    # make the stored reveal fall due in half a second
    due = datetime.now(UTC) + timedelta(seconds=0.5)
    await db.execute("UPDATE rounds SET reveal_due = ?", (due.isoformat(),))
    scheduler = RoundScheduler(service, clock)
    try:
        await scheduler.start()
        assert publisher.of("reveal") == []
        assert scheduler.planned(group.id) == due
        await wait_for(lambda: len(publisher.of("reveal")) == 1)
        assert publisher.of("reveal")[0][1] >= due
        assert scheduler.planned(group.id) is None  # disabled, nothing open: nothing planned
    finally:
        await scheduler.stop()
        await db.close()
