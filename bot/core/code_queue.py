"""Code answers: stored as received, then graded from a durable queue.

A code answer is committed to `code_queue` (migration 0006) before anything else happens, so it is
never refused or lost because the sandbox is busy: the member is told "received, grading..." and
gets the result when a grader reaches it. `workers` graders (the sandbox's worker count) take
answers in arrival order and wait, rather than fail, while the sandbox is full (`/run` keeps its
fast refusal). The submission is stored and the queue row marked graded in one write transaction,
so each answer is scored exactly once, even if a restart interrupts its grading: answers still
pending at start-up are graded then (`resume`). Scoring is unchanged: the answer's time is when it
was received (speed bonus), the first-correct bonus is decided in the write transaction, and an
answer stored after the reveal is practice (the reveal first waits, bounded, for the round's
answers in the queue).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING

from bot.bank.model import CodeSpec, Question
from bot.core.answers import Graded, code_graded, strip_fences
from bot.core.errors import StudyError
from bot.core.models import Member, Receipt, Round, Verdict
from bot.sandbox.api import GradeResult, RateLimited, SandboxBusy
from bot.storage.code_queue import CodeQueueRepository

if TYPE_CHECKING:
    from bot.core.service import StudyService

log = logging.getLogger(__name__)
RECEIVED = "Received; grading your code..."
Notify = Callable[[Receipt], Awaitable[None]]
# what the sandbox answers when its template died or hung mid-run: not the member's fault
_SANDBOX_RESTARTED = "The sandbox restarted"
_ATTEMPTS = 3


class GradingFailed(StudyError):
    def __init__(self) -> None:
        super().__init__(
            "Your answer is stored, but grading it failed; it will be graded again when the bot "
            "restarts."
        )


def received_receipt(round_: Round, *, resubmission: bool = False) -> Receipt:
    return Receipt(
        submission_id=0,
        round_id=round_.id,
        verdict=Verdict.PENDING,
        score=0.0,
        points=0,
        detail=RECEIVED,
        resubmission=resubmission,
        counted=False,
    )


class GradingQueue:
    def __init__(self, service: StudyService, workers: int) -> None:
        self.service = service
        self.repo = CodeQueueRepository(service.db)
        self.workers = max(1, workers)
        self._ids: asyncio.Queue[int] = asyncio.Queue()
        self._queued: dict[int, int] = {}  # queue id -> round id, queued or being graded
        self._rounds: dict[int, int] = {}  # round id -> its answers queued or being graded
        self._waiters: dict[int, asyncio.Future[Receipt]] = {}
        self._tasks: list[asyncio.Task[None]] = []
        self._active = 0
        self._idle = asyncio.Event()
        self._idle.set()
        self._closing = False
        self.graded = 0  # answers graded by this process (for tests and benchmarks)

    # -- intake ----------------------------------------------------------------------------------

    async def submit(
        self,
        round_: Round,
        question: Question,
        member: Member,
        text: str,
        on_received: Notify | None = None,
        once: Sequence[str] = (),
    ) -> Receipt:
        """Store the answer (with its request's keys `once`: AlreadyHandled for a replay), tell
        `on_received`, and return the graded receipt when it is done."""
        assert isinstance(question.spec, CodeSpec)
        now = self.service.clock.now()
        queue_id = await self.repo.add(round_.id, member.id, text, now, once)
        future: asyncio.Future[Receipt] = asyncio.get_running_loop().create_future()
        self._waiters[queue_id] = future
        self._enqueue(queue_id, round_.id)
        if on_received is not None:
            try:
                await on_received(received_receipt(round_))
            except Exception:
                log.exception("telling a member their code answer was received failed")
        try:
            return await asyncio.shield(future)
        finally:
            if not future.done():  # the caller gave up: the result goes to the publisher
                self._waiters.pop(queue_id, None)

    async def resume(self) -> int:
        """Queue every answer still pending in the database (after a restart); how many."""
        pending = await self.repo.pending()
        for item in pending:
            self._enqueue(item.id, item.round_id)
        if pending:
            log.info("grading %d code answers received before the restart", len(pending))
        return len(pending)

    def _enqueue(self, queue_id: int, round_id: int) -> None:
        if queue_id in self._queued:
            return
        self._queued[queue_id] = round_id
        self._rounds[round_id] = self._rounds.get(round_id, 0) + 1
        self._idle.clear()
        self._ids.put_nowait(queue_id)
        self.service.metrics.queue_depth(self._ids.qsize())
        if not self._closing and len(self._tasks) < self.workers:
            self._tasks = [t for t in self._tasks if not t.done()]
            while len(self._tasks) < self.workers:
                self._tasks.append(asyncio.ensure_future(self._work()))

    def waiting(self, round_id: int | None = None) -> int:
        """Answers queued or being graded by this process (for one round)."""
        return len(self._queued) if round_id is None else self._rounds.get(round_id, 0)

    async def settle(self, round_id: int, timeout: float) -> bool:
        """Wait (at most `timeout` s) until this process has graded the round's queued answers."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while self._rounds.get(round_id, 0) > 0 and not self._closing:
            if loop.time() >= deadline:
                return False
            await asyncio.sleep(0.02)
        return True

    # -- grading ---------------------------------------------------------------------------------

    async def _work(self) -> None:
        while not self._closing:
            queue_id = await self._ids.get()
            self._active += 1
            try:
                await self._grade_one(queue_id)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("grading code answer %s failed; it stays queued", queue_id)
                waiter = self._waiters.pop(queue_id, None)
                if waiter is not None and not waiter.done():
                    waiter.set_exception(GradingFailed())
            finally:
                self._active -= 1
                self._done(queue_id)

    def _done(self, queue_id: int) -> None:
        round_id = self._queued.pop(queue_id, None)
        if round_id is not None and round_id in self._rounds:
            self._rounds[round_id] -= 1
            if self._rounds[round_id] <= 0:
                del self._rounds[round_id]
        if not self._queued:
            self._idle.set()

    async def _grade_one(self, queue_id: int) -> None:
        service = self.service
        item = await self.repo.get(queue_id)
        if item is None:  # graded already (by another process)
            waiter = self._waiters.pop(queue_id, None)
            if waiter is not None and not waiter.done():
                waiter.set_exception(StudyError("That answer was graded already."))
            return
        round_ = await service.rounds.get(item.round_id)
        member = await service.members.get(item.member_id)
        if round_ is None or member is None:
            raise LookupError(f"code answer {queue_id}: its round or member is gone")
        await service.suggestions.ensure_loaded()  # after a restart: a suggested question
        question = service._question(round_)
        graded = code_graded(await self._grade(question, item.answer))
        from bot.core.submitting import store_graded

        receipt = await store_graded(
            service, round_, question, member, item.answer, graded, item.received_at,
            queue_id=queue_id,
        )  # fmt: skip
        if receipt is None:
            return
        self.graded += 1
        service.metrics.answer(question.kind.value, receipt.verdict.value)
        waiter = self._waiters.pop(queue_id, None)
        if waiter is not None and not waiter.done():
            waiter.set_result(receipt)
        else:
            await self._deliver(round_, member, receipt)

    async def _grade(self, question: Question, text: str) -> GradeResult:
        """Grade in the sandbox, waiting (never refusing) while it is full."""
        assert isinstance(question.spec, CodeSpec)
        code, delay, result = strip_fences(text.strip()), 0.02, None
        for _ in range(_ATTEMPTS):
            while True:
                try:
                    result = await self.service.sandbox.grade(code, question.spec, member=None)
                    break
                except (SandboxBusy, RateLimited):  # /run traffic fills it: wait for a slot
                    await asyncio.sleep(delay)
                    delay = min(delay * 2, 0.5)
            if not (result.passed == 0 and result.run.traceback.startswith(_SANDBOX_RESTARTED)):
                return result
        assert result is not None
        return result

    async def _deliver(self, round_: Round, member: Member, receipt: Receipt) -> None:
        """A result nobody in this process waits for (graded after a restart): the platform's
        publisher tells the member, when it can (`deliver_receipt`)."""
        try:
            group = await self.service.get_group(round_.group_id)
            publisher = self.service.publisher_for(group)
            deliver = getattr(publisher, "deliver_receipt", None)
            if deliver is not None:
                await deliver(group, member, self.service._question(round_), receipt)
        except Exception:
            log.exception("telling member %s their graded code answer failed", member.id)

    # -- stopping --------------------------------------------------------------------------------

    async def close(self, timeout: float = 5.0) -> bool:
        """Take no new answer from the queue, let the ones being graded finish (at most
        `timeout` s); what is left stays pending in the database. True if nothing was cut."""
        self._closing = True
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while self._active and loop.time() < deadline:
            await asyncio.sleep(0.02)
        finished = self._active == 0
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks.clear()
        for future in self._waiters.values():
            if not future.done():
                future.set_exception(GradingFailed())
        self._waiters.clear()
        return finished


__all__ = ["RECEIVED", "Graded", "GradingQueue", "received_receipt"]
