"""Is the bot overloaded right now? Reads (boards, stats) are refused quickly when it is.

Two signals, both cheap: the event loop's lag (a task that should wake every `INTERVAL` seconds
wakes late when the loop is saturated; the largest lag of the last `WINDOW` seconds counts) and
the number of Slack requests still between arrival and their ack (waiting on the database to
claim them). Above `BUSY_LAG` or `MAX_PENDING` the request guard answers a read at once with
"busy, try again" instead of queueing it behind the answers, so it is never late for Slack's 3 s
deadline. Answers are never refused: they are stored, and the reply comes late if it must.

Work without a deadline of its own (the receipt of an answer given in a form, posted with
chat.postEphemeral) waits for `calm()`: while the loop lags by `CALM_LAG` or more it holds back
(at most `DEFER_MAX` seconds), so under a burst the CPU goes first to what Slack times (acks
within 3 s, forms within 3 s of the click) and the receipts follow as the burst eases.
"""

from __future__ import annotations

import asyncio
import contextlib
import time

INTERVAL = 0.05  # seconds between two looks at the loop
WINDOW = 1.0  # seconds a lag is remembered
BUSY_LAG = 0.3  # seconds of loop lag from which reads are refused
CALM_LAG = 0.05  # seconds of loop lag under which deferred work (receipts) goes ahead
DEFER_MAX = 30.0  # seconds deferred work waits for calm at most
MAX_PENDING = 200  # requests waiting for their ack, from which reads are refused
BUSY = "I'm very busy right now: try again in a moment. (Answers are always taken.)"


class LoadMonitor:
    def __init__(self, busy_lag: float = BUSY_LAG, max_pending: int = MAX_PENDING) -> None:
        self.busy_lag = busy_lag
        self.max_pending = max_pending
        self.pending = 0  # requests inside the guard (arrived, not yet acknowledged)
        self.refused = 0  # reads refused as busy, since start
        self.deferred = 0  # looks deferred work spent waiting for calm, since start
        self._lags: list[tuple[float, float]] = []  # (when, lag)
        self._max_lag, self._max_until = 0.0, 0.0  # the window's largest lag, counted until
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.ensure_future(self._watch())

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _watch(self) -> None:
        while True:
            before = time.monotonic()
            await asyncio.sleep(INTERVAL)
            now = time.monotonic()
            self._lags = [(t, lag) for t, lag in self._lags if now - t < WINDOW]
            self._lags.append((now, max(0.0, now - before - INTERVAL)))
            self._max_lag = max(lag for _, lag in self._lags)
            self._max_until = max(t for t, lag in self._lags if lag == self._max_lag) + WINDOW

    @property
    def lag(self) -> float:
        """The loop's largest lag in the last WINDOW seconds (also a lag still under way).
        Read on every request: O(1), the watcher keeps the window's maximum."""
        if not self._lags:
            return 0.0
        now = time.monotonic()
        recent = self._max_lag if now < self._max_until else 0.0
        return max(recent, now - self._lags[-1][0] - INTERVAL)  # the watcher is late right now

    @property
    def current_lag(self) -> float:
        """The loop's lag at its latest look (also a lag still under way): no window."""
        if not self._lags:
            return 0.0
        now = time.monotonic()
        return max(self._lags[-1][1], now - self._lags[-1][0] - INTERVAL)

    async def calm(self, max_wait: float = DEFER_MAX) -> None:
        """Return once the loop keeps time (lag under CALM_LAG), or after `max_wait` seconds."""
        if self._task is None:  # not watching (e.g. not started): nothing to wait for
            return
        deadline = time.monotonic() + max_wait
        while self.current_lag >= CALM_LAG and time.monotonic() < deadline:
            self.deferred += 1
            await asyncio.sleep(INTERVAL)

    @property
    def busy(self) -> bool:
        return self.pending >= self.max_pending or self.lag >= self.busy_lag
