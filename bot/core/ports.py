"""What the core needs from the outside world, as small protocols.

The core *holds* adapters: each chat adapter registers a Publisher for its platform, and the core
calls it when a round is posted, a reminder is due or a round is revealed (whoever triggered it:
the scheduler, an admin command, start-up reconciliation).
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from bot.core.models import Group, PostedRefs, RevealSummary, RoundView


class Publisher(Protocol):
    platform: str  # "terminal", "discord", "slack": groups with this platform go to this publisher

    async def publish_round(self, group: Group, view: RoundView) -> PostedRefs:
        """Post the daily question (and open its discussion thread); return where it went."""
        ...

    async def publish_reminder(self, group: Group, view: RoundView) -> None: ...

    async def publish_reveal(self, group: Group, summary: RevealSummary) -> None:
        """Post the answer, explanation and round summary into the round's thread."""
        ...


class Metrics(Protocol):
    """What the bot counts for operators (bot.ops.metrics exports it to Prometheus). Labels are
    short, fixed words: a platform name, a question kind, a verdict, a run's outcome."""

    def round_posted(self, platform: str) -> None: ...

    def answer(self, kind: str, verdict: str) -> None: ...

    def sandbox_run(self, outcome: str, seconds: float) -> None: ...

    def queue_depth(self, waiting: int) -> None: ...

    def platform_error(self, platform: str, reason: str) -> None: ...

    def platform_retry(self, platform: str, reason: str) -> None: ...

    def scheduler_lag(self, seconds: float) -> None: ...


class NullMetrics:
    """Counts nothing: the default until the wiring installs real metrics."""

    def round_posted(self, platform: str) -> None:
        pass

    def answer(self, kind: str, verdict: str) -> None:
        pass

    def sandbox_run(self, outcome: str, seconds: float) -> None:
        pass

    def queue_depth(self, waiting: int) -> None:
        pass

    def platform_error(self, platform: str, reason: str) -> None:
        pass

    def platform_retry(self, platform: str, reason: str) -> None:
        pass

    def scheduler_lag(self, seconds: float) -> None:
        pass


class Clock(Protocol):
    def now(self) -> datetime:
        """Timezone-aware current time (UTC)."""
        ...


class SystemClock:
    def now(self) -> datetime:
        from datetime import UTC

        return datetime.now(UTC)
