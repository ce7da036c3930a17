"""Per-member rate limits: a token bucket per (action, member), in memory.

    limiter = RateLimiter.from_config(config.limits)
    limiter.check(Action.ANSWER, "discord:1234")   # raises RateLimited when over the limit

Each action allows a burst of `count` and refills `count` per `seconds` evenly. The check is a
dictionary lookup and a little arithmetic, so a flooding member costs the bot next to nothing
before being refused. Idle buckets are dropped as the map grows.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from bot.core.errors import RateLimited

MAX_BUCKETS = 100_000


class Action(StrEnum):
    ANSWER = "answers"
    VOTE = "votes"
    SETUP = "admin commands"
    CLICK = "requests"


@dataclass(frozen=True)
class Limit:
    count: int  # burst size; 0 = unlimited
    seconds: float = 60.0  # time to refill `count`


class RateLimiter:
    def __init__(
        self, limits: dict[Action, Limit], clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._limits = limits
        self._clock = clock
        self._buckets: dict[tuple[Action, str], tuple[float, float]] = {}  # tokens, updated at

    @classmethod
    def from_config(cls, limits: object, clock: Callable[[], float] = time.monotonic):
        """From a `bot.config.LimitsConfig` (per-minute counts)."""
        return cls(
            {
                Action.ANSWER: Limit(getattr(limits, "answers_per_minute", 0)),
                Action.VOTE: Limit(getattr(limits, "votes_per_minute", 0)),
                Action.SETUP: Limit(getattr(limits, "setup_per_minute", 0)),
                Action.CLICK: Limit(getattr(limits, "clicks_per_minute", 0)),
            },
            clock,
        )

    def retry_after(self, action: Action, key: str) -> float:
        """Take one token: 0.0 when allowed, else the seconds until one is available."""
        limit = self._limits.get(action)
        if limit is None or limit.count <= 0:
            return 0.0
        now = self._clock()
        rate = limit.count / limit.seconds
        tokens, at = self._buckets.get((action, key), (float(limit.count), now))
        tokens = min(float(limit.count), tokens + (now - at) * rate)
        if tokens < 1.0:
            self._buckets[(action, key)] = (tokens, now)
            return (1.0 - tokens) / rate
        if len(self._buckets) >= MAX_BUCKETS:
            self._forget_idle(now)
        self._buckets[(action, key)] = (tokens - 1.0, now)
        return 0.0

    def check(self, action: Action, key: str) -> None:
        wait = self.retry_after(action, key)
        if wait > 0:
            raise RateLimited(action.value, wait)

    def _forget_idle(self, now: float) -> None:
        """Drop buckets full again (idle for a whole refill time): they hold no state."""
        longest = max((limit.seconds for limit in self._limits.values()), default=60.0)
        self._buckets = {k: v for k, v in self._buckets.items() if now - v[1] < longest}
