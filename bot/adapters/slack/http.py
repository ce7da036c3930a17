"""Serve a bolt `AsyncApp` over the HTTP Events API with aiohttp, without blocking the loop.

bolt's own `AsyncApp.start()` calls `aiohttp.web.run_app`, which owns the event loop; studybot runs
several adapters in one loop, so it uses an `AppRunner` instead. Request signatures and timestamps
are verified by bolt's `RequestVerification` middleware (the app must have a signing secret).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp

DEFAULT_PATH = "/slack/events"


@dataclass
class HttpEndpoint:
    """A running HTTP endpoint; `port` is the bound port (useful when started with port 0)."""

    runner: web.AppRunner
    host: str
    port: int
    path: str

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}{self.path}"

    async def close(self) -> None:
        await self.runner.cleanup()


def build_web_app(
    app: AsyncApp,
    path: str = DEFAULT_PATH,
    extend: Callable[[web.Application], None] | None = None,
) -> web.Application:
    """The events route, plus `extend`'s routes (the bot's /healthz and /metrics, so one server
    serves all) or else a plain /healthz."""

    async def handle(request: web.Request) -> web.Response:
        bolt_response = await app.async_dispatch(await to_bolt_request(request))
        return await to_aiohttp_response(bolt_response)

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
) -> HttpEndpoint:
    runner = web.AppRunner(build_web_app(app, path, extend), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    bound = runner.addresses[0][1] if runner.addresses else port
    return HttpEndpoint(runner=runner, host=host, port=bound, path=path)
