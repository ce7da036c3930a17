"""Several bot processes on one database (each backend) post the same (group, date) at once."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

from bot.bank import load_bank
from bot.config import Config
from bot.core.service import StudyService
from bot.storage.db import open_database
from tests.conftest import ScriptedSandbox
from tests.scheduling.conftest import scheduled_group

CHILD = r"""
import asyncio, json, os, sys
from datetime import date
from bot.bank import load_bank
from bot.config import Config
from bot.core.models import PostedRefs
from bot.core.service import StudyService
from bot.storage.db import open_database
from tests.conftest import ScriptedSandbox

db_path, bank_dir, log_path, group_id, day = sys.argv[1:6]

class FilePublisher:
    platform = "test"
    async def publish_round(self, group, view):
        with open(log_path, "a") as f:  # O_APPEND: one line per publish, whoever publishes
            f.write(f"{os.getpid()} {view.round.id}\n")
        await asyncio.sleep(0.05)  # a slow platform widens the race window
        return PostedRefs(f"msg-{view.round.id}", f"thr-{view.round.id}")
    async def publish_reminder(self, group, view): ...
    async def publish_reveal(self, group, summary): ...

async def main():
    db = await open_database(db_path).open()
    service = StudyService(db, load_bank([bank_dir]), ScriptedSandbox(), Config())
    service.register_publisher(FilePublisher())
    print("ready", flush=True)
    sys.stdin.readline()  # the barrier: every process is past its imports
    views = await asyncio.gather(
        *(service.post_round(int(group_id), on_date=date.fromisoformat(day)) for _ in range(3))
    )
    print(json.dumps(sorted({v.round.id for v in views})), flush=True)
    await db.close()

asyncio.run(main())
"""

PROCESSES = 4


async def test_processes_racing_on_one_database_post_once(
    database_target: str, tmp_path: Path, bank_dir: Path
) -> None:
    db_path = database_target
    db = await open_database(db_path).open()  # migrated once, up front
    service = StudyService(db, load_bank([bank_dir]), ScriptedSandbox(), Config())
    group = await scheduled_group(service)
    log_path = tmp_path / "published.txt"
    day = date(2026, 5, 4)
    args = [str(db_path), str(bank_dir), str(log_path), str(group.id), day.isoformat()]
    root = Path(__file__).resolve().parents[2]
    children = [
        subprocess.Popen(
            [sys.executable, "-c", CHILD, *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=root,
        )
        for _ in range(PROCESSES)
    ]
    try:
        for child in children:
            assert child.stdout.readline().strip() == "ready", child.stderr.read()
        for child in children:  # release them together
            child.stdin.write("go\n")
            child.stdin.flush()
        outputs = [child.communicate(timeout=30) for child in children]
    finally:
        for child in children:
            if child.poll() is None:
                child.kill()
    for child, (_, err) in zip(children, outputs, strict=True):
        assert child.returncode == 0, err

    round_ids = {tuple(json.loads(out.strip())) for out, _ in outputs}
    rows = await db.fetchall("SELECT id, round_date, state FROM rounds")
    await db.close()
    assert len(rows) == 1
    [(round_id, round_date, state)] = [tuple(row) for row in rows]
    assert (round_date, state) == (day.isoformat(), "posted")
    assert round_ids == {(round_id,)}  # every process, every call, sees the same round
    lines = log_path.read_text().splitlines()
    assert len(lines) == 1 and lines[0].endswith(f" {round_id}")  # published exactly once


async def test_coroutines_racing_in_one_process_post_once(make_bot, clock, tmp_path) -> None:
    a, b = await make_bot(), await make_bot()
    group = await scheduled_group(a.service)
    day = date(2026, 5, 4)
    views = await asyncio.gather(
        *(bot.service.post_round(group.id, on_date=day) for bot in (a, b, a, b))
    )
    assert len({v.round.id for v in views}) == 1
    assert len(a.publisher.of("post") + b.publisher.of("post")) == 1
