"""Prometheus metrics behind the core's `Metrics` port, and the wrappers that feed them.

The core calls `service.metrics` (rounds posted, answers by kind and verdict); everything else is
measured from the outside by the wiring (bot.app), so neither the core nor the sandbox imports
prometheus-client: `MeteredSandbox` wraps the sandbox (runs by outcome, latency, queue depth),
`watch_scheduler` listens to APScheduler's job events (lag), and `instrument_slack` /
`instrument_discord` wrap the platform clients (API errors and retries).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from typing import Any

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    disable_created_metrics,
    generate_latest,
)

disable_created_metrics()  # no *_created series: half the lines, nothing a dashboard uses

log = logging.getLogger(__name__)
# The classic text format every Prometheus scrapes (our names are all plain ASCII, so the body
# is the same as prometheus-client's newer "version=1.0.0" which Prometheus 2 does not know).
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
RUN_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
LAG_BUCKETS = (0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 30.0, 60.0, 300.0, 1800.0)


class PrometheusMetrics:
    """Implements bot.core.ports.Metrics on its own registry (not the process-global one, so
    several bots in one test process never share counters)."""

    def __init__(self) -> None:
        self.registry = r = CollectorRegistry()
        self.rounds = Counter(
            "studybot_rounds_posted", "Rounds posted to a platform", ["platform"], registry=r
        )
        self.answers = Counter(
            "studybot_answers",
            "Answers stored, by question kind and the verdict the member was shown "
            "(pending for sealed choice and short answers)",
            ["kind", "verdict"],
            registry=r,
        )
        self.runs = Counter(
            "studybot_sandbox_runs",
            "Sandbox runs (code answers and /run) by outcome: a run status, busy, "
            "rate_limited or failed",
            ["outcome"],
            registry=r,
        )
        self.run_seconds = Histogram(
            "studybot_sandbox_run_seconds",
            "Wall-clock time of a sandbox run as the bot sees it, queueing included",
            ["outcome"],
            buckets=RUN_BUCKETS,
            registry=r,
        )
        self.queue = Gauge(
            "studybot_sandbox_queue_depth", "Sandbox runs waiting for a worker", registry=r
        )
        self.in_flight = Gauge(
            "studybot_sandbox_in_flight", "Sandbox runs running or waiting", registry=r
        )
        self.template_restarts = Counter(
            "studybot_sandbox_template_restarts",
            "Times the health watchdog restarted a dead sandbox template",
            registry=r,
        )
        self.api_errors = Counter(
            "studybot_platform_api_errors",
            "Platform API calls that failed",
            ["platform", "reason"],
            registry=r,
        )
        self.api_retries = Counter(
            "studybot_platform_api_retries",
            "Platform API calls retried (rate limits, connection errors, server errors)",
            ["platform", "reason"],
            registry=r,
        )
        self.lag = Histogram(
            "studybot_scheduler_lag_seconds",
            "How late scheduler jobs start after their planned time",
            buckets=LAG_BUCKETS,
            registry=r,
        )
        self.last_lag = Gauge(
            "studybot_scheduler_last_lag_seconds", "Lag of the latest scheduler job", registry=r
        )
        self.healthy = Gauge(
            "studybot_healthy", "1 when the latest health check passed, else 0", registry=r
        )

    # -- the port --------------------------------------------------------------------------------

    def round_posted(self, platform: str) -> None:
        self.rounds.labels(platform).inc()

    def answer(self, kind: str, verdict: str) -> None:
        self.answers.labels(kind, verdict).inc()

    def sandbox_run(self, outcome: str, seconds: float) -> None:
        self.runs.labels(outcome).inc()
        self.run_seconds.labels(outcome).observe(max(0.0, seconds))

    def queue_depth(self, waiting: int) -> None:
        self.queue.set(waiting)

    def platform_error(self, platform: str, reason: str) -> None:
        self.api_errors.labels(platform, _label(reason)).inc()

    def platform_retry(self, platform: str, reason: str) -> None:
        self.api_retries.labels(platform, _label(reason)).inc()

    def scheduler_lag(self, seconds: float) -> None:
        seconds = max(0.0, seconds)
        self.lag.observe(seconds)
        self.last_lag.set(seconds)

    def render(self) -> bytes:
        return generate_latest(self.registry)


def _label(reason: str) -> str:
    """A bounded label value: a short word, never free text (which could carry anything)."""
    cleaned = "".join(ch if ch.isalnum() or ch in "_-" else "_" for ch in str(reason))[:40]
    return cleaned or "unknown"


class MeteredSandbox:
    """The Sandbox protocol around another sandbox, counting each run's outcome and latency and
    the queue depth (runs in flight beyond the workers). Everything else (template_pid, start,
    close) is the wrapped sandbox's."""

    def __init__(self, inner: Any, metrics: Any, workers: int) -> None:
        self.inner = inner
        self.metrics = metrics
        self.workers = max(1, workers)
        self.in_flight = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    async def start(self) -> None:
        await self.inner.start()

    async def close(self) -> None:
        await self.inner.close()

    def _moved(self, delta: int) -> None:
        self.in_flight += delta
        gauge = getattr(self.metrics, "in_flight", None)
        if gauge is not None:
            gauge.set(self.in_flight)
        self.metrics.queue_depth(max(0, self.in_flight - self.workers))

    async def _measure(self, call: Any) -> Any:
        start = time.monotonic()
        outcome = "failed"
        self._moved(+1)
        try:
            result = await call
            run = getattr(result, "run", result)  # a GradeResult holds its RunResult
            outcome = str(getattr(getattr(run, "status", None), "value", "ok"))
            return result
        except Exception as exc:
            name = type(exc).__name__
            outcome = {"SandboxBusy": "busy", "RateLimited": "rate_limited"}.get(name, "failed")
            raise
        finally:
            self._moved(-1)
            self.metrics.sandbox_run(outcome, time.monotonic() - start)

    async def run(self, code: str, *, member: str | None = None) -> Any:
        return await self._measure(self.inner.run(code, member=member))

    async def grade(self, code: str, spec: Any, *, member: str | None = None) -> Any:
        return await self._measure(self.inner.grade(code, spec, member=member))


def watch_scheduler(scheduler: Any, metrics: Any) -> bool:
    """Observe the lag of each job of a RoundScheduler's APScheduler (submitted vs planned)."""
    aps = getattr(scheduler, "_aps", None)
    if aps is None:
        return False
    from datetime import UTC, datetime

    from apscheduler.events import EVENT_JOB_SUBMITTED

    def submitted(event: Any) -> None:
        planned = max(getattr(event, "scheduled_run_times", None) or [None], key=_sort_key)
        if planned is not None:
            metrics.scheduler_lag((datetime.now(UTC) - planned).total_seconds())

    aps.add_listener(submitted, EVENT_JOB_SUBMITTED)
    return True


def _sort_key(value: Any) -> float:
    return value.timestamp() if value is not None else float("-inf")


# -- platforms -------------------------------------------------------------------------------------


class _CountingRetry:
    """Wraps one slack_sdk retry handler: a retry it grants is counted."""

    def __init__(self, inner: Any, metrics: Any) -> None:
        self.inner, self.metrics = inner, metrics

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    async def can_retry_async(self, **kwargs: Any) -> bool:
        granted = await self.inner.can_retry_async(**kwargs)
        if granted:
            response, error = kwargs.get("response"), kwargs.get("error")
            status = getattr(response, "status_code", None)
            reason = (
                "rate_limited"
                if status == 429
                else (type(error).__name__ if error is not None else f"http_{status}")
            )
            self.metrics.platform_retry("slack", reason)
        return granted

    async def prepare_for_next_attempt_async(self, **kwargs: Any) -> None:
        await self.inner.prepare_for_next_attempt_async(**kwargs)


def instrument_slack(client: Any, metrics: Any) -> None:
    """Count a Slack Web API client's retries (its retry handlers) and failed calls."""
    client.retry_handlers = [_CountingRetry(h, metrics) for h in client.retry_handlers]
    original = client.api_call

    async def api_call(*args: Any, **kwargs: Any) -> Any:
        try:
            return await original(*args, **kwargs)
        except Exception as exc:
            response = getattr(exc, "response", None)
            error = None
            with contextlib.suppress(Exception):
                error = response.get("error") if response is not None else None
            metrics.platform_error("slack", error or type(exc).__name__)
            raise

    client.api_call = api_call


class _DiscordRetryLog(logging.Handler):
    """discord.py retries rate-limited calls inside its HTTP client and says so in its log."""

    def __init__(self, metrics: Any) -> None:
        super().__init__(logging.DEBUG)
        self.metrics = metrics

    def emit(self, record: logging.LogRecord) -> None:
        text = str(record.msg)
        if "Retrying in" in text:
            self.metrics.platform_retry("discord", "rate_limited")


def instrument_discord(client: Any, metrics: Any) -> logging.Handler:
    """Count discord.py's failed HTTP calls and its rate-limit retries. Returns the log handler
    it added (remove it on shutdown)."""
    http = client.http
    original = http.request

    async def request(*args: Any, **kwargs: Any) -> Any:
        try:
            return await original(*args, **kwargs)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            status = getattr(exc, "status", None)
            metrics.platform_error("discord", f"http_{status}" if status else type(exc).__name__)
            raise

    http.request = request
    handler = _DiscordRetryLog(metrics)
    logging.getLogger("discord.http").addHandler(handler)
    return handler
