"""Wiring: build the core over one database, start the scheduler and the configured adapters.

Adapters are chosen by the environment: DISCORD_TOKEN starts Discord, SLACK_BOT_TOKEN starts
Slack (both can run in one process over one core); with neither, the terminal chat runs.
The start-up checks (the question bank, an adapter's log-in) and their one-line errors are in
`bot.startup`.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import signal
import time
from collections.abc import Callable
from contextlib import AsyncExitStack

from bot.config import Config, Secrets
from bot.core.service import StudyService
from bot.sandbox import ProcessSandbox
from bot.startup import StartupError, bank_dirs, load_configured_bank, start_adapter
from bot.storage.db import open_database

log = logging.getLogger(__name__)
__all__ = [
    "StartupError",
    "bank_dirs",
    "load_configured_bank",
    "run_bot",
    "server_wanted",
    "slack_http_mode",
]


SHUTDOWN_SECONDS = 10.0  # a stop (SIGTERM, SIGINT) ends the process within this
DRAIN_SECONDS = 6.0  # of which work in flight (grading an answer) may take this much


def server_wanted(config: Config, terminal: bool) -> bool:
    """[server] enabled: "auto" serves /healthz and /metrics with Discord or Slack, not in the
    terminal chat."""
    mode = config.server.enabled
    return mode == "on" or (mode == "auto" and not terminal)


def slack_http_mode(secrets: Secrets, force_terminal: bool = False) -> bool:
    return bool(secrets.slack_bot_token) and not secrets.slack_app_token and not force_terminal


async def run_bot(
    config: Config,
    secrets: Secrets,
    *,
    force_terminal: bool = False,
    started: Callable[[], None] | None = None,
    start_date: str | None = None,
    handle_signals: bool = True,
) -> None:
    """Run until the chat ends, the adapters close, or SIGTERM/SIGINT asks for a stop (then new
    work is refused, work in flight finishes within DRAIN_SECONDS, and everything closes).
    `started` is called once everything is up (the command line then lets the log lines of the
    start-up through). `start_date` (YYYY-MM-DD[THH:MM]) starts the terminal chat's demo clock
    on that day."""
    from bot.ops.health import Health, cancel
    from bot.ops.metrics import (
        MeteredSandbox,
        PrometheusMetrics,
        instrument_discord,
        instrument_slack,
        watch_scheduler,
    )
    from bot.ops.shutdown import Drain, bounded

    bank = load_configured_bank(config)
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    stop_reason: list[str] = []

    def ask_stop(name: str) -> None:
        if not stop.is_set():
            stop_reason.append(name)
            log.info("%s received: stopping (new work refused, work in flight finishes)", name)
            stop.set()

    signals: list[signal.Signals] = []
    if handle_signals:
        for sig in (signal.SIGTERM, signal.SIGINT):
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(sig, ask_stop, sig.name)
                signals.append(sig)
    async with AsyncExitStack() as stack:
        for sig in signals:
            stack.callback(loop.remove_signal_handler, sig)
        db = await open_database(config.database.target, pool_size=config.database.pool_size).open()
        stack.push_async_callback(bounded, "closing the database", db.close(), 5.0)
        metrics = PrometheusMetrics()
        terminal = force_terminal or not (secrets.discord_token or secrets.slack_bot_token)
        sandbox_settings = config.sandbox
        if terminal:  # one person at the keyboard: the per-member run limit guards shared groups
            sandbox_settings = dataclasses.replace(sandbox_settings, runs_per_minute=0)
        process_sandbox = ProcessSandbox(sandbox_settings)
        sandbox = MeteredSandbox(process_sandbox, metrics, config.sandbox.workers)
        stack.push_async_callback(bounded, "stopping the sandbox", sandbox.close(), 3.0)
        try:
            await sandbox.start()
        except Exception as exc:  # no fork, no libseccomp, a template that died at birth
            detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise StartupError(f"the code sandbox could not start: {detail}") from exc
        clock = None
        if terminal:  # the terminal chat's clock can be moved on (/nextday, /wait, --date)
            from bot.adapters.terminal.democlock import DemoClock, parse_start

            start_at = parse_start(start_date) if start_date else None
            clock = DemoClock()
        elif start_date:
            raise StartupError("--date only works in the terminal chat")
        service = StudyService(db, bank, sandbox, config, clock=clock)
        service.metrics = metrics
        drain = Drain()
        drain.install(service)
        # closed before the sandbox: answers being graded finish, the rest stay queued
        stack.push_async_callback(bounded, "finishing code grading", service.grading.close(), 6.0)
        health = Health(db, sandbox, metrics)
        log.info("database %s, %d questions", db.describe(), len(bank))
        scheduler = _start_scheduler(service, config)
        serve = server_wanted(config, terminal)
        web_on = config.web.enabled == "on" or (config.web.enabled == "auto" and serve)
        serve = serve or web_on  # [web] enabled = "on" serves the pages in the terminal chat too
        shared = serve and slack_http_mode(secrets, force_terminal)
        extend_web = None
        if web_on:
            from bot.web.app import add_web_routes
            from bot.web.links import DashboardLinks

            links = DashboardLinks(service, config.web.public_url, config.web.link_hours)
            service.dashboard = links

            def extend_web(app) -> None:
                add_web_routes(app, service, links)

        waits: list[asyncio.Future] = []
        if secrets.discord_token and not force_terminal:
            from bot.adapters.discord import DiscordAdapter

            discord_adapter = DiscordAdapter(service, config.discord)
            retry_log = instrument_discord(discord_adapter.client, metrics)
            stack.callback(logging.getLogger("discord.http").removeHandler, retry_log)
            health.add_connection("discord", lambda: _discord_problem(discord_adapter))
            token = secrets.discord_token
            waits.append(
                await start_adapter(stack, discord_adapter, "Discord", "DISCORD_TOKEN", token)
            )
        if secrets.slack_bot_token and not force_terminal:
            from bot.adapters.slack import SlackAdapter
            from bot.ops.server import add_routes

            slack_adapter = SlackAdapter(service, config.slack, secrets)
            instrument_slack(slack_adapter.client, metrics)
            if shared:  # one aiohttp server: Slack's events URL, /healthz and /metrics

                def extend_slack(app) -> None:
                    add_routes(app, health, metrics)
                    if extend_web is not None:
                        extend_web(app)

                slack_adapter.extend_http = extend_slack
            health.add_connection("slack", lambda: _slack_problem(slack_adapter))
            waits.append(await start_adapter(stack, slack_adapter, "Slack", "SLACK_BOT_TOKEN"))
            if shared and web_on and not config.web.public_url and slack_adapter.http_url:
                links.public_url = slack_adapter.http_url.rsplit("/", 1)[0]
            if shared:
                log.info("health and metrics at %s (/healthz, /metrics)",
                         slack_adapter.http_url.rsplit("/", 1)[0] if slack_adapter.http_url
                         else config.slack.port)  # fmt: skip

        chat = None
        if terminal:
            from bot.adapters.terminal import TerminalChat

            chat = TerminalChat(
                service, config.terminal, scheduler=scheduler, clock=clock, start_at=start_at
            )
            service.register_publisher(chat)
            await chat.start()

        if scheduler is not None:
            await scheduler.start()
            watch_scheduler(scheduler, metrics)
            stack.push_async_callback(bounded, "stopping the scheduler", scheduler.stop(), 2.0)

        if serve and not shared:
            from bot.ops.server import serve as serve_http

            try:
                server = await serve_http(
                    health, metrics, config.server.host, config.server.port, extend_web
                )
            except OSError as exc:
                raise StartupError(str(exc)) from exc
            stack.push_async_callback(bounded, "closing the HTTP endpoint", server.close(), 2.0)
            log.info("health and metrics at %s (/healthz, /metrics)", server.url)
            if web_on:
                links.public_url = (config.web.public_url or server.url).rstrip("/")
                log.info("group web pages at %s/web/ (/dashboard gives links)", links.public_url)
        watchdog = asyncio.ensure_future(health.watchdog())
        stack.push_async_callback(cancel, watchdog)
        if config.backup.dir:
            from bot.ops.backup import daily_backups
            from bot.storage.db import is_postgres_url

            if not is_postgres_url(config.database.target) and config.database.path != ":memory:":
                b = config.backup
                backups = asyncio.ensure_future(
                    daily_backups(config.database.path, b.dir, b.time, b.keep)
                )
                stack.push_async_callback(cancel, backups)
        await service.grading.resume()  # code answers received before a restart
        if started is not None:
            started()

        main: asyncio.Future | None = None
        if chat is not None:
            main = asyncio.ensure_future(chat.loop())
            health.add_connection("terminal", lambda: "chat ended" if main.done() else "")
        elif waits:
            main = asyncio.ensure_future(asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED))
        if main is None:
            return
        stopper = asyncio.ensure_future(stop.wait())
        await asyncio.wait([main, stopper], return_when=asyncio.FIRST_COMPLETED)
        stopper.cancel()
        if not stop.is_set():
            main.result()  # the chat ended (EOF, /quit) or an adapter closed
            return
        await _stop(stop_reason[0], main, drain, health, scheduler, chat)


async def _stop(reason, main, drain, health, scheduler, chat) -> None:
    """Stop taking new work, let work in flight finish (bounded), stop the chat; the exit stack
    then closes the adapters, the sandbox and the database."""
    from bot.ops.health import cancel
    from bot.ops.shutdown import bounded

    started = time.monotonic()
    drain.close()
    health.stopping = True
    if scheduler is not None:
        await bounded("stopping the scheduler", scheduler.stop(), 1.0)
    if not await drain.wait_idle(DRAIN_SECONDS):
        log.warning("shutdown: %d requests still running after %.0f s; stopping anyway",
                    drain.in_flight, DRAIN_SECONDS)  # fmt: skip
    for _ in range(3):  # let a chat print the receipt of the answer that just finished
        await asyncio.sleep(0)
    await cancel(main)
    if chat is not None:
        chat.say("\nStopped. Everything is saved.")
    log.info("%s: work in flight done in %.2f s; closing", reason, time.monotonic() - started)


def _discord_problem(adapter) -> str:
    client = adapter.client
    if client.is_closed():
        return "disconnected"
    return "" if client.is_ready() else "not connected to the gateway"


def _slack_problem(adapter) -> str:
    socket = getattr(adapter, "_socket", None)
    if socket is not None:
        client = getattr(socket, "client", None)
        connected = getattr(client, "is_connected", None)
        return "" if connected is None or connected() else "Socket Mode disconnected"
    return "" if adapter.http_url else "HTTP endpoint not listening"


def _start_scheduler(service: StudyService, config: Config):
    try:
        from bot.scheduling.scheduler import RoundScheduler
    except ImportError:  # pragma: no cover - the scheduler lands in its own change
        log.warning("scheduler not available; rounds are posted by command only")
        return None
    return RoundScheduler(service, service.clock, grace_seconds=config.schedule.grace_minutes * 60)
