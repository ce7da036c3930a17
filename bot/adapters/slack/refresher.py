"""Members' display names from users.info, fetched in the background, never on an answer.

users.info is a Tier 4 Web API method (100+ calls a minute): asking it on every new member's
answer would be rate-limited (HTTP 429) as soon as many new members answer at once. So the answer
path stores a new member with the name its payload carries (bot.adapters.slack.users) and queues
the id here; one task per adapter asks users.info for queued ids at most `PER_MINUTE` times a
minute (a token bucket), new members (`NEW_DELAY` seconds after they were queued, so a burst of
answers is answered first) before stale ones, each id queued at most once, at most `QUEUE_MAX`
ids waiting (more are dropped: they are queued again when next seen). A 429 pauses
the task for its Retry-After and the id is asked again; another failure drops the id.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

log = logging.getLogger(__name__)
PER_MINUTE = 50.0  # users.info calls a minute, at most (Tier 4 allows 100+)
BURST = 5  # calls that may go at once after a quiet spell
QUEUE_MAX = 10_000  # ids waiting, at most
NEW_DELAY = 2.0  # seconds a new member waits in the queue: their answer's receipt goes first
RETRY_AFTER_DEFAULT = 30.0  # seconds to wait after a 429 without a Retry-After
RETRY_AFTER_MAX = 600.0


class TokenBucket:
    """`rate` tokens a second, at most `burst` saved up; `take` waits for one."""

    def __init__(self, per_minute: float = PER_MINUTE, burst: int = BURST) -> None:
        self.rate = per_minute / 60.0
        self.burst = float(burst)
        self._tokens = float(burst)
        self._at = time.monotonic()
        self._paused_until = 0.0

    def pause(self, seconds: float) -> None:
        """No token for `seconds` (a 429's Retry-After), and none saved up meanwhile."""
        self._paused_until = max(self._paused_until, time.monotonic() + seconds)
        self._tokens = 0.0

    def _fill(self, now: float) -> None:
        start = max(self._at, self._paused_until)
        if now > start:
            self._tokens = min(self.burst, self._tokens + (now - start) * self.rate)
        self._at = max(now, self._at)

    async def take(self) -> None:
        while True:
            now = time.monotonic()
            self._fill(now)
            if now >= self._paused_until and self._tokens >= 1.0:
                self._tokens -= 1.0
                return
            wait = max(self._paused_until - now, 0.0) + (1.0 - min(self._tokens, 1.0)) / self.rate
            await asyncio.sleep(max(wait, 0.001))


def retry_after(error: SlackApiError) -> float:
    headers = getattr(error.response, "headers", None) or {}
    for key, value in dict(headers).items():
        if str(key).lower() == "retry-after":
            try:
                return min(max(float(value), 0.0), RETRY_AFTER_MAX)
            except (TypeError, ValueError):
                break
    return RETRY_AFTER_DEFAULT


class NameRefresher:
    """The background users.info lookups of one adapter (see the module's docstring).

    `save(user_id, users_info_user)` stores what users.info said (the member's display name).
    """

    def __init__(
        self,
        client: AsyncWebClient,
        save: Callable[[str, dict[str, Any]], Awaitable[None]],
        *,
        per_minute: float = PER_MINUTE,
        burst: int = BURST,
        queue_max: int = QUEUE_MAX,
        new_delay: float = NEW_DELAY,
    ) -> None:
        self.client = client
        self.bucket = TokenBucket(per_minute, burst)
        self._save = save
        self._queue_max = queue_max
        self.new_delay = new_delay
        # id -> when it may be asked (monotonic); new members are asked first
        self._new: OrderedDict[str, float] = OrderedDict()
        self._stale: OrderedDict[str, float] = OrderedDict()
        self._current: str | None = None
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self.calls = 0  # users.info calls made
        self.rate_limited = 0  # of which answered 429

    def __len__(self) -> int:
        return len(self._new) + len(self._stale)

    def add(self, user_id: str, new: bool = False) -> bool:
        """Queue `user_id` (once); False if the queue is full."""
        if user_id == self._current or user_id in self._new:
            return True
        if user_id in self._stale:
            if new:
                del self._stale[user_id]
                self._new[user_id] = time.monotonic() + self.new_delay
            return True
        if len(self) >= self._queue_max:
            return False
        if new:
            self._new[user_id] = time.monotonic() + self.new_delay
        else:
            self._stale[user_id] = 0.0
        self._wake.set()
        return True

    def start(self) -> None:
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._run(), name="slack-name-refresher")

    async def close(self) -> None:
        task, self._task = self._task, None
        if task is not None and not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _next(self) -> str:
        while True:
            wait = None
            if self._new:
                user_id, due = next(iter(self._new.items()))
                wait = due - time.monotonic()
                if wait <= 0:
                    del self._new[user_id]
                    return user_id
            if self._stale:
                user_id, _ = self._stale.popitem(last=False)
                return user_id
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), wait)

    async def _run(self) -> None:
        while True:
            user_id = await self._next()
            self._current = user_id
            try:
                await self._refresh(user_id)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("slack: refreshing the name of %s failed", user_id)
            finally:
                self._current = None

    async def _refresh(self, user_id: str) -> None:
        await self.bucket.take()
        self.calls += 1
        try:
            info = await self.client.users_info(user=user_id)
        except SlackApiError as error:
            if error.response.status_code == 429:
                self.rate_limited += 1
                wait = retry_after(error)
                log.warning("slack: users.info rate-limited; next lookup in %.0f s", wait)
                self.bucket.pause(wait)
                self._new[user_id] = 0.0  # asked again first
                self._new.move_to_end(user_id, last=False)
                return
            log.info("users.info %s failed: %s", user_id, error.response.get("error"))
            return
        user = info.get("user")
        if isinstance(user, dict):
            await self._save(user_id, user)
