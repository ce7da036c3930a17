"""Fair slots for sandbox runs: a bounded pool with a bounded queue, bounded per member too.

At most `workers` runs at once. A run that cannot start at once waits, unless `queue_size` runs
already wait (then `SandboxBusy`: the runner is busy) or its member already has `member_queue` runs
waiting (then `SandboxBusy` saying so), so one member cannot fill the queue. A freed worker goes to
the waiting run whose member has the fewest runs in progress, then whose member started a run
longest ago, then the earliest: another member's run does not wait behind a member's backlog.
"""

from __future__ import annotations

import asyncio
import collections
import itertools
from dataclasses import dataclass, field

from bot.sandbox.api import SandboxBusy

BUSY = "The code runner is busy; try again in a moment."


def member_busy(waiting: int) -> str:
    if waiting == 0:
        return "Your earlier run has not finished yet; wait for it, then try again."
    runs = "1 run" if waiting == 1 else f"{waiting} runs"
    return f"You already have {runs} waiting to start; wait for them to finish, then try again."


@dataclass(eq=False)
class _Waiter:
    member: str | None
    future: asyncio.Future[None] = field(
        default_factory=lambda: asyncio.get_running_loop().create_future()
    )


class FairSlots:
    def __init__(self, workers: int, queue_size: int, member_queue: int) -> None:
        self.workers = max(1, workers)
        self.queue_size = max(0, queue_size)
        self.member_queue = max(0, member_queue)
        self._busy = 0
        self._running: collections.Counter[str | None] = collections.Counter()
        self._waiters: list[_Waiter] = []
        self._last_start: dict[str | None, int] = {}
        self._starts = itertools.count()

    @property
    def running(self) -> int:
        return self._busy

    def waiting(self, member: str | None = None, *, everyone: bool = True) -> int:
        if everyone:
            return len(self._waiters)
        return sum(w.member == member for w in self._waiters)

    def _free(self) -> bool:
        return self._busy < self.workers and not self._waiters

    def check(self, member: str | None) -> None:
        """Raise SandboxBusy if a run of `member` would have to wait and may not."""
        if self._free():
            return
        if len(self._waiters) >= self.queue_size:
            raise SandboxBusy(BUSY)
        mine = self.waiting(member, everyone=False)
        if member is not None and mine >= self.member_queue:
            raise SandboxBusy(member_busy(mine))

    async def acquire(self, member: str | None) -> None:
        """A worker for `member`'s run, at once or when its turn comes (call `check` first)."""
        if self._free():
            self._start(member)
            return
        waiter = _Waiter(member)
        self._waiters.append(waiter)
        try:
            await waiter.future
        except asyncio.CancelledError:
            if waiter in self._waiters:
                self._waiters.remove(waiter)
            elif waiter.future.done() and not waiter.future.cancelled():
                self.release(member)  # the worker was handed over as the caller gave up
            raise

    def release(self, member: str | None) -> None:
        self._busy -= 1
        self._running[member] -= 1
        if self._running[member] <= 0:
            del self._running[member]
        self._hand_over()

    def _start(self, member: str | None) -> None:
        self._busy += 1
        self._running[member] += 1
        self._last_start[member] = next(self._starts)

    def _hand_over(self) -> None:
        while self._busy < self.workers and self._waiters:
            waiter = min(
                self._waiters,  # min keeps the earliest of equals
                key=lambda w: (self._running[w.member], self._last_start.get(w.member, -1)),
            )
            self._waiters.remove(waiter)
            if waiter.future.done():  # its caller gave up
                continue
            self._start(waiter.member)
            waiter.future.set_result(None)
        active = set(self._running) | {w.member for w in self._waiters}
        for member in [m for m in self._last_start if m not in active]:
            del self._last_start[member]
