"""Presence: a scheduler knows whether it is the only bot process on a database (any host)."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta

from bot.scheduling.presence import Presence
from bot.storage.db import open_database
from bot.storage.instances import Instance, InstanceRepository


async def test_first_is_alone_later_ones_are_not_until_everyone_left(database_target) -> None:
    db = await open_database(database_target).open()
    try:
        a, b = Presence(db), Presence(db)
        assert await a.join() is True
        assert await b.join() is False  # a is still there
        await a.leave()
        await b.leave()
        c = Presence(db)
        assert await c.join() is True
        await c.leave()
    finally:
        await db.close()


async def test_a_killed_process_on_this_host_does_not_count(database_target) -> None:
    script = textwrap.dedent(f"""
        import asyncio
        from bot.scheduling.presence import Presence
        from bot.storage.db import open_database
        async def main():
            db = await open_database({database_target!r}).open()
            await Presence(db).join()
            print("in", flush=True)
            await asyncio.sleep(60)
        asyncio.run(main())
    """)
    holder = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=os.getcwd()
    )
    db = await open_database(database_target).open()
    try:
        assert holder.stdout.readline().strip() == "in"
        peer = Presence(db)
        assert await peer.join() is False  # the holder is alive
        await peer.leave()
        holder.kill()
        holder.wait()
        probe = Presence(db)
        assert await probe.join() is True  # its lease is dropped: its pid is gone
        await probe.leave()
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()
        await db.close()


async def test_another_hosts_lease_counts_until_it_runs_out(database_target) -> None:
    db = await open_database(database_target).open()
    repo = InstanceRepository(db)
    now = datetime.now(UTC)
    try:
        far = Instance("elsewhere:1:ab", "elsewhere", 1, now, now + timedelta(seconds=30))
        await repo.join(far, now)
        me = Presence(db)
        assert await me.join() is False  # pid 1 elsewhere is not ours to judge: wait for expiry
        await me.leave()
        gone = Instance("elsewhere:2:cd", "elsewhere", 2, now, now + timedelta(seconds=0.2))
        await repo.leave(far.id)
        await repo.join(gone, now)
        await asyncio.sleep(0.3)
        later = Presence(db)
        assert await later.join() is True  # its lease ran out
        assert [i.id for i in await repo.live(datetime.now(UTC))] == [later.id]
        await later.leave()
    finally:
        await db.close()


async def test_a_running_process_keeps_renewing_its_lease(database_target) -> None:
    db = await open_database(database_target).open()
    try:
        runner = Presence(db, lease_seconds=0.3)
        await runner.join()
        await asyncio.sleep(0.8)  # more than twice the lease: alive only if renewed
        live = await InstanceRepository(db).live(datetime.now(UTC))
        assert [i.id for i in live] == [runner.id]
        await runner.leave()
        assert await InstanceRepository(db).live(datetime.now(UTC)) == []
    finally:
        await db.close()


def test_without_a_database_nothing_is_known() -> None:
    assert asyncio.run(Presence(None).join()) is False
