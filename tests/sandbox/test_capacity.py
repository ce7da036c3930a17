"""Capacity: a bounded pool with a bounded queue (bounded per member too, served fairly), a
per-member rate limit, and a template process that comes back when it dies."""

from __future__ import annotations

import asyncio
import os
import signal

import pytest

from bot.sandbox import ProcessSandbox, RateLimited, RunStatus, SandboxBusy, SandboxSettings
from bot.sandbox.capacity import BUSY, FairSlots
from bot.sandbox.process import RateLimiter

SLOW = "while True:\n    pass"


async def test_full_pool_and_queue_raise_busy() -> None:
    box = ProcessSandbox(
        SandboxSettings(workers=1, queue_size=1, wall_seconds=0.6, runs_per_minute=0)
    )
    await box.start()
    try:
        running = asyncio.create_task(box.run(SLOW))
        await asyncio.sleep(0.1)
        queued = asyncio.create_task(box.run("print('queued')"))
        await asyncio.sleep(0.05)
        with pytest.raises(SandboxBusy):
            await box.run("print('one too many')")
        assert (await running).status is RunStatus.TIMEOUT
        assert (await queued).stdout == "queued\n"  # the queued run still ran
        assert (await box.run("print('free again')")).ok
    finally:
        await box.close()


async def test_one_member_cannot_fill_the_queue() -> None:
    """ann's backlog is capped at `member_queue` waiting runs; bob still gets a place in the queue
    and the next free worker, ahead of ann's waiting run."""
    box = ProcessSandbox(
        SandboxSettings(
            workers=1, queue_size=8, member_queue=1, wall_seconds=0.6, runs_per_minute=0
        )
    )
    await box.start()
    try:
        loop = asyncio.get_running_loop()
        started = loop.time()
        running = asyncio.create_task(box.run(SLOW, member="ann"))
        await asyncio.sleep(0.1)
        waiting = asyncio.create_task(box.run(SLOW, member="ann"))
        await asyncio.sleep(0.05)
        with pytest.raises(SandboxBusy, match="You already have 1 run waiting to start"):
            await box.run("print('one too many')", member="ann")
        bob = asyncio.create_task(box.run("print('bob')", member="bob"))
        await asyncio.sleep(0.05)
        with pytest.raises(SandboxBusy, match="You already have 1 run waiting"):
            await box.run("print('bob again')", member="bob")
        done, _ = await asyncio.wait({waiting, bob}, return_when=asyncio.FIRST_COMPLETED)
        assert done == {bob}, "bob's run went first"
        assert (await bob).stdout == "bob\n"
        assert loop.time() - started < 1.1  # right after ann's first run, not after both
        assert (await running).status is RunStatus.TIMEOUT
        assert (await waiting).status is RunStatus.TIMEOUT  # the queued run still ran
        assert (await box.run("print('ann again')", member="ann")).ok
        assert loop.time() - started < 4.0
    finally:
        await box.close()


async def test_busy_pool_message_and_unnamed_runs() -> None:
    box = ProcessSandbox(
        SandboxSettings(
            workers=1, queue_size=2, member_queue=1, wall_seconds=0.5, runs_per_minute=0
        )
    )
    await box.start()
    try:
        runs = [asyncio.create_task(box.run(SLOW))]
        await asyncio.sleep(0.1)
        # runs without a member (e.g. `questions check`) have no per-member cap
        runs += [asyncio.create_task(box.run("print(1)")) for _ in range(2)]
        await asyncio.sleep(0.05)
        with pytest.raises(SandboxBusy) as caught:
            await box.run("print(2)", member="cy")
        assert str(caught.value) == BUSY
        assert [r.status for r in await asyncio.gather(*runs)] == [RunStatus.TIMEOUT] + [
            RunStatus.OK
        ] * 2
    finally:
        await box.close()


async def test_fair_slots_hand_workers_over_fairly_and_survive_cancellation() -> None:
    slots = FairSlots(workers=1, queue_size=10, member_queue=2)
    order: list[str] = []

    async def job(member: str) -> None:
        slots.check(member)
        await slots.acquire(member)
        order.append(member)
        await asyncio.sleep(0)
        slots.release(member)

    await slots.acquire("ann")  # ann holds the worker
    tasks = [asyncio.create_task(job(m)) for m in ("ann", "ann", "bob", "cy")]
    await asyncio.sleep(0)
    assert slots.waiting() == 4
    with pytest.raises(SandboxBusy, match="2 runs waiting"):
        slots.check("ann")
    gone = asyncio.create_task(job("dan"))
    await asyncio.sleep(0)
    gone.cancel()  # gives up while waiting: leaves the queue
    await asyncio.sleep(0)
    assert slots.waiting() == 4
    slots.release("ann")
    await asyncio.gather(*tasks)
    assert order == ["bob", "cy", "ann", "ann"]  # those who did not run yet go first
    assert slots.running == 0 and slots.waiting() == 0


async def test_runs_proceed_in_parallel_up_to_the_pool_size() -> None:
    box = ProcessSandbox(SandboxSettings(workers=2, wall_seconds=0.5, runs_per_minute=0))
    await box.start()
    try:
        loop = asyncio.get_running_loop()
        started = loop.time()
        results = await asyncio.gather(box.run(SLOW), box.run(SLOW))
        elapsed = loop.time() - started
        assert [r.status for r in results] == [RunStatus.TIMEOUT] * 2
        assert elapsed < 0.95  # two 0.5 s runs side by side, not one after the other
    finally:
        await box.close()


async def test_rate_limit_per_member() -> None:
    now = [1000.0]
    box = ProcessSandbox(SandboxSettings(runs_per_minute=3), clock=lambda: now[0])
    await box.start()
    try:
        for _ in range(3):
            assert (await box.run("print(1)", member="ann")).ok
        with pytest.raises(RateLimited) as caught:
            await box.run("print(1)", member="ann")
        assert 59.0 <= caught.value.retry_after <= 60.0
        assert (await box.run("print(1)", member="bob")).ok  # others are not affected
        assert (await box.run("print(1)")).ok  # no member: no limit (e.g. `questions check`)
        now[0] += 61
        assert (await box.run("print(1)", member="ann")).ok
    finally:
        await box.close()


def test_rate_limiter_window_slides() -> None:
    now = [0.0]
    limiter = RateLimiter(2, clock=lambda: now[0])
    limiter.acquire("m")
    now[0] = 30.0
    limiter.acquire("m")
    now[0] = 59.0
    with pytest.raises(RateLimited) as caught:
        limiter.acquire("m")
    assert caught.value.retry_after == pytest.approx(1.0)
    now[0] = 60.0  # the first run left the window
    limiter.acquire("m")
    RateLimiter(0).acquire("m")  # 0 disables it


async def test_template_is_restarted_after_it_dies() -> None:
    box = ProcessSandbox(SandboxSettings(wall_seconds=2.0, runs_per_minute=0))
    await box.start()
    try:
        first_pid = box.template_pid
        assert first_pid is not None
        in_flight = asyncio.create_task(box.run(SLOW))
        await asyncio.sleep(0.2)
        os.kill(first_pid, signal.SIGKILL)
        lost = await asyncio.wait_for(in_flight, 5.0)
        assert lost.status is RunStatus.ERROR and "try again" in lost.traceback
        again = await box.run("print('back')")
        assert again.ok and again.stdout == "back\n"
        assert box.template_pid not in (None, first_pid)
    finally:
        await box.close()


async def test_close_stops_the_template() -> None:
    box = ProcessSandbox(SandboxSettings(runs_per_minute=0))
    await box.start()
    pid = box.template_pid
    assert pid is not None
    await box.close()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
