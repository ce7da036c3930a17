"""Serve a bolt `AsyncApp` over the HTTP Events API with aiohttp, without blocking the loop.

bolt's own `AsyncApp.start()` calls `aiohttp.web.run_app`, which owns the event loop; studybot runs
several adapters in one loop, so it uses an `AppRunner` instead. Request signatures and timestamps
are verified by bolt's `RequestVerification` middleware (the app must have a signing secret).

Incoming connections are bounded so the process never runs out of file descriptors under a
burst: the server accepts from its own listening socket only while fewer than `limit` connections
are open (by default a quarter of RLIMIT_NOFILE, at most `MAX_CONNECTIONS`); above it, it stops
accepting and the kernel holds new connections in the listen backlog until one closes (a slower
ack, never a refused request or "Too many open files"). Near the limit (`CROWDED` of it) responses
carry `Connection: close`, so clients give connections back gracefully, and a keep-alive
connection is closed after `KEEPALIVE` idle seconds. Idle connections are never closed early at
the limit: a client may be sending on one just then, and would get a reset (tried: 0.6 % of
requests failed that way at 2,000/s).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import resource
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp

DEFAULT_PATH = "/slack/events"
MAX_CONNECTIONS = 512  # open incoming connections at most (fewer under a low RLIMIT_NOFILE)
KEEPALIVE = 5.0  # seconds an idle keep-alive connection stays open
CROWDED = 0.8  # share of the limit from which responses close their connection
BACKLOG = 4096  # connections the kernel holds while accepting is paused (capped by somaxconn)
log = logging.getLogger(__name__)


def connection_limit() -> int:
    """A quarter of this process's descriptor limit, within 16..MAX_CONNECTIONS: the rest is
    for outgoing calls (bot.adapters.slack.pool), the database, logs and the other adapters."""
    soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return MAX_CONNECTIONS
    return max(16, min(MAX_CONNECTIONS, soft // 4))


class LimitedListener:
    """Accepts connections for an aiohttp `web.Server` while fewer than `limit` are open."""

    def __init__(self, server: web.Server, sock: socket.socket, limit: int) -> None:
        self.server, self.sock, self.limit = server, sock, limit
        self.open = 0
        self.peak = 0
        self._free = asyncio.Event()
        self._free.set()
        self._task: asyncio.Task[None] | None = None
        made, lost = server.connection_made, server.connection_lost

        def connection_made(handler: Any, transport: Any) -> None:
            made(handler, transport)

        def connection_lost(handler: Any, exc: BaseException | None = None) -> None:
            lost(handler, exc)
            self._release()

        server.connection_made = connection_made  # type: ignore[method-assign]
        server.connection_lost = connection_lost  # type: ignore[method-assign]

    def start(self) -> None:
        self._task = asyncio.ensure_future(self._accept_loop())

    def _release(self) -> None:
        self.open -= 1
        if self.open < self.limit:
            self._free.set()

    @property
    def crowded(self) -> bool:
        return self.open >= self.limit * CROWDED

    async def _accept_loop(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            while self.open >= self.limit:  # until a connection closes
                self._free.clear()
                await self._free.wait()
            try:
                conn, _addr = await loop.sock_accept(self.sock)
            except OSError as error:  # e.g. EMFILE from elsewhere in the process: retry soon
                log.warning("slack http: accept failed: %s", error)
                await asyncio.sleep(0.1)
                continue
            self.open += 1
            self.peak = max(self.peak, self.open)
            try:
                await loop.connect_accepted_socket(self.server, conn)
            except Exception:
                log.warning("slack http: could not start a connection", exc_info=True)
                conn.close()
                self._release()

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        self.sock.close()


@dataclass
class HttpEndpoint:
    """A running HTTP endpoint; `port` is the bound port (useful when started with port 0)."""

    runner: web.AppRunner
    host: str
    port: int
    path: str
    listener: LimitedListener | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}{self.path}"

    async def close(self) -> None:
        if self.listener is not None:
            await self.listener.close()
        await self.runner.cleanup()


def build_web_app(
    app: AsyncApp,
    path: str = DEFAULT_PATH,
    extend: Callable[[web.Application], None] | None = None,
    crowded: Callable[[], bool] = lambda: False,
) -> web.Application:
    """The events route, plus `extend`'s routes (the bot's /healthz and /metrics, so one server
    serves all) or else a plain /healthz. While `crowded()`, responses close their connection."""

    async def handle(request: web.Request) -> web.Response:
        bolt_response = await app.async_dispatch(await to_bolt_request(request))
        response = await to_aiohttp_response(bolt_response)
        if crowded():
            response.force_close()  # Connection: close: the client opens another when it can
        return response

    async def health(_: web.Request) -> web.Response:
        return web.Response(text="ok")

    web_app = web.Application()
    web_app.router.add_post(path, handle)
    if extend is not None:
        extend(web_app)
    else:
        web_app.router.add_get("/healthz", health)
    return web_app


async def serve_http(
    app: AsyncApp,
    host: str = "127.0.0.1",
    port: int = 3000,
    path: str = DEFAULT_PATH,
    extend: Callable[[web.Application], None] | None = None,
    *,
    max_connections: int | None = None,
) -> HttpEndpoint:
    listening: list[LimitedListener] = []
    web_app = build_web_app(app, path, extend, lambda: bool(listening) and listening[0].crowded)
    runner = web.AppRunner(web_app, access_log=None, keepalive_timeout=KEEPALIVE)
    await runner.setup()
    assert runner.server is not None
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(BACKLOG)
        sock.setblocking(False)
    except BaseException:
        sock.close()
        await runner.cleanup()
        raise
    listener = LimitedListener(runner.server, sock, max_connections or connection_limit())
    listening.append(listener)
    listener.start()
    bound = sock.getsockname()[1]
    return HttpEndpoint(runner=runner, host=host, port=bound, path=path, listener=listener)
