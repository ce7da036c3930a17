"""How a Slack listener acknowledges: as soon as it calls `ack()`, with the rest in the background.

bolt offers two modes. By default (`process_before_response=False`) it starts the listener as a
task and *polls* `ack.response` every 10 ms until the listener has acked: every request's ack
waits for the next poll (10 ms added to each one) and every waiting request wakes the loop 100
times a second. With `process_before_response=True` bolt awaits the listener inline and answers
Slack when it returns, which suits functions-as-a-service. `acks_early` gives the first mode's
behaviour (the work goes on after the ack) with the second mode's promptness: the wrapped listener
runs as a task, and bolt gets control back the moment it acks (an event, not a poll) or finishes.
A listener that takes no `ack` (events: bolt acks them itself) is started and returns at once.

`AckOrRespond` lets a slash command's first reply ride in the ack itself (one HTTP response
instead of an empty ack plus a POST to response_url): the answer receipt, once the answer is
stored. If no reply comes within `budget` seconds of the request's arrival the ack goes out empty,
well inside Slack's 3 s,
and every reply after that is posted to response_url as before.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

log = logging.getLogger(__name__)
ACK_WAIT = 2.5  # seconds a listener may take to ack before bolt gets control back anyway
ACK_BUDGET = 1.0  # seconds a slash command's first reply may take to ride in the ack
ARRIVED = "studybot_arrived_at"  # bolt context key: when the request reached the bot (monotonic)
ONCE = "studybot_once"  # bolt context key: the keys to claim with the answer a request carries

Listener = Callable[..., Awaitable[None]]
_running: set[asyncio.Task[None]] = set()  # listeners still working after their ack


class _SignallingAck:
    """bolt's `ack`, which also tells the waiting wrapper that the request is acknowledged."""

    def __init__(self, ack: Any, acked: asyncio.Event) -> None:
        self._ack, self._acked = ack, acked

    async def __call__(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return await self._ack(*args, **kwargs)
        finally:
            self._acked.set()


def _log_failure(task: asyncio.Task[None]) -> None:
    _running.discard(task)
    if not task.cancelled() and task.exception() is not None:
        error = task.exception()
        log.error("slack listener failed after its ack", exc_info=(type(error), error, None))


def acks_early(listener: Listener) -> Listener:
    """`listener` for an app with `process_before_response=True`: bolt's answer goes out as soon
    as the listener acks; the rest of it runs on as a task. bolt reads the listener's argument
    names through `__wrapped__`, so it injects exactly what `listener` asks for."""

    @functools.wraps(listener)
    async def run(**kwargs: Any) -> None:
        ack = kwargs.get("ack")
        acked = asyncio.Event()
        if ack is not None:
            kwargs["ack"] = _SignallingAck(ack, acked)
        task = asyncio.ensure_future(listener(**kwargs))
        _running.add(task)
        if ack is None:  # bolt acks it when this returns
            task.add_done_callback(_log_failure)
            return
        signal = asyncio.ensure_future(acked.wait())
        try:
            await asyncio.wait({task, signal}, timeout=ACK_WAIT, return_when="FIRST_COMPLETED")
        finally:
            signal.cancel()
        if task.done():
            _running.discard(task)
            task.result()  # a failure before the ack: bolt's error handler answers it
        else:
            task.add_done_callback(_log_failure)

    return run


class AckOrRespond:
    """Replies to one slash command: the first rides in the ack if it comes within `budget`
    seconds; later ones, and any after the budget (when the ack went out empty), go to
    response_url. Every reply is ephemeral."""

    def __init__(
        self, ack: Any, respond: Any, budget: float | None = None, since: float | None = None
    ) -> None:
        """`since`: when the request arrived (time.monotonic()); the budget counts from then,
        so time it spent waiting before the listener (e.g. for the database) is not added."""
        self._ack, self._respond = ack, respond
        self.acked = False
        wait = ACK_BUDGET if budget is None else budget
        if since is not None:
            wait -= time.monotonic() - since
        self._timer = asyncio.get_running_loop().call_later(max(0.0, wait), self._expire)
        self._empty_ack: asyncio.Future[Any] | None = None

    def _expire(self) -> None:
        self._empty_ack = asyncio.ensure_future(self.finish())

    def _take_ack(self) -> bool:
        """True for the one caller that sends the ack (a reply, the budget's end or finish)."""
        if self.acked:
            return False
        self.acked = True
        self._timer.cancel()
        return True

    async def __call__(self, text: str = "", *, response_type: str = "ephemeral", **extra: Any):
        if self._take_ack():
            await self._ack(text=text, response_type=response_type, **extra)
        else:
            await self._respond(text=text, response_type=response_type, **extra)

    async def finish(self) -> None:
        """Ack now (empty) if nothing has been said: the command's work is done."""
        if self._take_ack():
            await self._ack()
