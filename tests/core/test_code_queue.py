"""Code answers are stored as received and graded from a durable queue: never refused because the
sandbox is busy, graded exactly once across a restart, scored as documented."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.bank import load_bank
from bot.config import Config
from bot.core.code_queue import RECEIVED
from bot.core.errors import SandboxUnavailable
from bot.core.models import Verdict
from bot.core.service import StudyService
from bot.sandbox.api import GradeResult, RunResult, RunStatus
from bot.sandbox.capacity import FairSlots
from bot.storage.db import Database, open_database
from tests.conftest import CODE_BANK, ManualClock, write_bank


class BusySandbox:
    """Grades 'PASS n/m' like ScriptedSandbox, but slowly and behind the real FairSlots with a
    small queue: a caller that cannot wait gets SandboxBusy, as from the real sandbox."""

    def __init__(self, delay: float = 0.005, workers: int = 2, queue_size: int = 4) -> None:
        self.delay = delay
        self.slots = FairSlots(workers, queue_size, member_queue=2)
        self.graded: list[str] = []

    async def start(self) -> None: ...

    async def close(self) -> None: ...

    async def run(self, code: str, *, member: str | None = None) -> RunResult:
        self.slots.check(member)
        await self.slots.acquire(member)
        try:
            await asyncio.sleep(self.delay)
        finally:
            self.slots.release(member)
        return RunResult(RunStatus.OK, code, "", self.delay)

    async def grade(self, code: str, spec, *, member: str | None = None) -> GradeResult:
        self.slots.check(member)
        await self.slots.acquire(member)
        try:
            await asyncio.sleep(self.delay)
            self.graded.append(code)
        finally:
            self.slots.release(member)
        passed = int(code.split("PASS", 1)[1].split("/", 1)[0]) if "PASS" in code else 0
        return GradeResult(passed, len(spec.all_tests), None, RunResult(RunStatus.OK, "", "", 0))


async def code_service(tmp_path: Path, target: str, sandbox, clock: ManualClock) -> StudyService:
    """A service over `target` (a SQLite file or a PostgreSQL database: `database_target`)."""
    bank = tmp_path / "code"
    if not bank.exists():
        write_bank(bank, CODE_BANK, "c.toml")
    db = await open_database(target).open()
    return StudyService(db, load_bank([bank]), sandbox, Config(), clock=clock)


async def answers(db: Database) -> tuple[int, int, int]:
    subs = (await db.fetchone("SELECT COUNT(*) FROM submissions"))[0]
    graded = (await db.fetchone("SELECT COUNT(*) FROM code_queue WHERE state = 'graded'"))[0]
    pending = (await db.fetchone("SELECT COUNT(*) FROM code_queue WHERE state = 'pending'"))[0]
    return subs, graded, pending


async def test_hundred_members_at_once_all_stored_all_graded_none_refused(
    tmp_path, database_target
):
    sandbox = BusySandbox()
    service = await code_service(tmp_path, database_target, sandbox, ManualClock())
    group = await service.ensure_group("test", "code-chan")
    await service.post_round(group.id)
    people = [await service.ensure_member("test", f"u{i}", f"U{i}") for i in range(100)]
    told: list[str] = []

    async def on_received(receipt) -> None:
        told.append(receipt.detail)

    async def answer(i: int, member):
        return await service.submit(
            group.id, member, f"PASS {2 if i % 3 else 1}/2", on_received=on_received
        )

    # meanwhile /run keeps its fast refusal when the runner is full
    runs = [service.run_snippet(people[i], "print(1)") for i in range(10)]
    results = await asyncio.gather(
        *(answer(i, m) for i, m in enumerate(people)), *runs, return_exceptions=True
    )
    receipts, run_results = results[:100], results[100:]
    assert not [r for r in receipts if isinstance(r, BaseException)]
    assert told == [RECEIVED] * 100
    assert all(r.submission_id > 0 for r in receipts)
    assert {r.verdict for r in receipts} == {Verdict.CORRECT, Verdict.PARTIAL}
    assert any(isinstance(r, SandboxUnavailable) and "busy" in str(r) for r in run_results)
    assert await answers(service.db) == (100, 100, 0)
    assert len(sandbox.graded) == 100
    # exactly one first-correct bonus, decided in the write transaction
    bonus = Config().scoring.first_correct_bonus
    full = [r.points for r in receipts if r.verdict is Verdict.CORRECT]
    assert sorted(full)[-1] - sorted(full)[0] == bonus
    assert sum(p == max(full) for p in full) == 1
    await service.grading.close()
    await service.db.close()


async def test_restart_mid_queue_grades_the_rest_exactly_once(tmp_path, database_target):
    clock = ManualClock()
    slow = BusySandbox(delay=0.05, workers=2)
    first = await code_service(tmp_path, database_target, slow, clock)
    group = await first.ensure_group("test", "code-chan")
    await first.post_round(group.id)
    people = [await first.ensure_member("test", f"u{i}", f"U{i}") for i in range(20)]
    stored = asyncio.Event()
    count = 0

    async def on_received(_receipt) -> None:
        nonlocal count
        count += 1
        if count == len(people):
            stored.set()

    tasks = [
        asyncio.ensure_future(first.submit(group.id, m, "PASS 2/2", on_received=on_received))
        for m in people
    ]
    await stored.wait()
    for _ in range(500):  # a few graded, two being graded, the rest waiting (a slow host too)
        if (await answers(first.db))[1] >= 2:
            break
        await asyncio.sleep(0.01)
    await first.grading.close(timeout=0)  # the process stops: grading in progress is cut
    await asyncio.gather(*tasks, return_exceptions=True)
    subs, graded, pending = await answers(first.db)
    assert 0 < graded < 20 and subs == graded and pending == 20 - graded
    await first.db.close()

    sandbox = BusySandbox()
    second = await code_service(tmp_path, database_target, sandbox, clock)
    delivered = []

    class Publisher:
        platform = "test"

        async def deliver_receipt(self, group, member, question, receipt):
            delivered.append((member.id, receipt.verdict))

    second.register_publisher(Publisher())
    assert await second.grading.resume() == pending
    for _ in range(200):
        if second.grading.waiting() == 0:
            break
        await asyncio.sleep(0.02)
    assert await answers(second.db) == (20, 20, 0)
    assert len(delivered) == pending and len(sandbox.graded) == pending
    # each member has exactly one submission and one scoring entry; one first-correct bonus
    rows = await second.db.fetchall(
        "SELECT member_id, COUNT(*) FROM submissions GROUP BY member_id HAVING COUNT(*) > 1"
    )
    assert rows == []
    points = [r[0] for r in await second.db.fetchall("SELECT points FROM round_scores")]
    assert len(points) == 20 and sum(p == max(points) for p in points) == 1
    # resuming again grades nothing twice
    assert await second.grading.resume() == 0
    await second.grading.close()
    await second.db.close()


async def test_reveal_waits_for_the_rounds_queued_answers(tmp_path, database_target):
    sandbox = BusySandbox(delay=0.05, workers=1)
    service = await code_service(tmp_path, database_target, sandbox, ManualClock())
    group = await service.ensure_group("test", "code-chan")
    await service.post_round(group.id)
    people = [await service.ensure_member("test", f"u{i}", f"U{i}") for i in range(5)]
    got = asyncio.Event()
    n = 0

    async def on_received(_r) -> None:
        nonlocal n
        n += 1
        if n == 5:
            got.set()

    tasks = [
        asyncio.ensure_future(service.submit(group.id, m, "PASS 2/2", on_received=on_received))
        for m in people
    ]
    await got.wait()
    summary = await service.reveal(group.id)
    receipts = await asyncio.gather(*tasks)
    assert not any(r.late for r in receipts)
    assert len(summary.results) == 5
    await service.grading.close()
    await service.db.close()
