"""The HTTP endpoint: GET /healthz and GET /metrics on aiohttp.

`add_routes` puts both on an existing aiohttp application (Slack's HTTP mode serves them on its
events server); `serve` runs a server of its own.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from bot.ops.metrics import CONTENT_TYPE

log = logging.getLogger(__name__)


def add_routes(app: web.Application, health: Any, metrics: Any) -> None:
    async def healthz(_: web.Request) -> web.Response:
        report = await health.check()
        return web.Response(
            status=200 if report.ok else 503,
            text=json.dumps(report.as_dict()) + "\n",
            content_type="application/json",
            headers={"Cache-Control": "no-store"},
        )

    async def metrics_page(_: web.Request) -> web.Response:
        if health is not None:
            await health.check()  # studybot_healthy is current when scraped
        response = web.Response(body=metrics.render(), headers={"Cache-Control": "no-store"})
        response.headers["Content-Type"] = CONTENT_TYPE
        return response

    app.router.add_get("/healthz", healthz)
    app.router.add_get("/metrics", metrics_page)


@dataclass
class Server:
    runner: web.AppRunner
    host: str
    port: int

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    async def close(self) -> None:
        await self.runner.cleanup()


async def serve(health: Any, metrics: Any, host: str, port: int, extend: Any = None) -> Server:
    """`extend(app)` adds more routes (the group web pages, bot.web) before it starts."""
    app = web.Application()
    add_routes(app, health, metrics)
    if extend is not None:
        extend(app)
    runner = web.AppRunner(app, access_log=None, handle_signals=False)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    try:
        await site.start()
    except OSError as exc:
        await runner.cleanup()
        raise OSError(exc.errno, f"cannot listen on {host}:{port} ([server] host and port): "
                      f"{exc.strerror or exc}") from exc  # fmt: skip
    bound = runner.addresses[0][1] if runner.addresses else port
    return Server(runner, host, bound)
