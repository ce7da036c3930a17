"""A clean stop: stop taking new work, let work in flight finish (bounded), then close.

`Drain` wraps the service methods that start work (answers, runs, posts, reveals, votes...) on
the service *instance*: each call is counted while it runs, and once the drain is closed a new
call is refused with a short message for the member. `wait_idle` waits for the calls in flight.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Callable
from typing import Any

from bot.core.errors import StudyError

log = logging.getLogger(__name__)
WORK_METHODS = (
    "submit", "run_snippet", "say", "vote_for", "vote", "unvote", "post_round", "reveal",
    "skip_today", "remind", "setup_group", "update_settings",
)  # fmt: skip


class ShuttingDown(StudyError):
    def __init__(self) -> None:
        super().__init__("The bot is restarting; please try again in a minute.")


class Drain:
    def __init__(self) -> None:
        self.open = True
        self.in_flight = 0
        self._idle = asyncio.Event()
        self._idle.set()

    def guard(self, method: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(method)
        async def guarded(*args: Any, **kwargs: Any) -> Any:
            if not self.open:
                raise ShuttingDown()
            self.in_flight += 1
            self._idle.clear()
            try:
                return await method(*args, **kwargs)
            finally:
                self.in_flight -= 1
                if self.in_flight == 0:
                    self._idle.set()

        return guarded

    def install(self, service: Any) -> None:
        for name in WORK_METHODS:
            method = getattr(service, name, None)
            if method is not None:
                setattr(service, name, self.guard(method))

    def close(self) -> None:
        self.open = False

    async def wait_idle(self, timeout: float) -> bool:
        """True when nothing is in flight any more, False when `timeout` passed first."""
        try:
            await asyncio.wait_for(self._idle.wait(), timeout)
        except TimeoutError:
            return False
        return True


async def bounded(what: str, awaitable: Any, seconds: float) -> None:
    """Await a closing step for at most `seconds`; log (never raise) when it fails or hangs."""
    try:
        await asyncio.wait_for(awaitable, seconds)
    except TimeoutError:
        log.warning("shutdown: %s did not finish within %.1f s", what, seconds)
    except Exception as exc:
        log.warning("shutdown: %s failed: %s", what, exc)
