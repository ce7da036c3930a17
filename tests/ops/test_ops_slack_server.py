"""With Slack over HTTP, one aiohttp server serves Slack's events URL, /healthz and /metrics."""

from __future__ import annotations

import aiohttp
from slack_bolt.async_app import AsyncApp

from bot.adapters.slack.http import serve_http
from bot.ops.health import Health
from bot.ops.metrics import PrometheusMetrics
from bot.ops.server import add_routes


class FakeDb:
    def __init__(self) -> None:
        self.fail = False

    async def fetchone(self, sql: str):
        if self.fail:
            raise OSError("disk I/O error")
        return (1,)


class DeadSandbox:
    template_pid = None


async def test_slack_events_health_and_metrics_share_one_server():
    app = AsyncApp(signing_secret="secret", token="xoxb-test")
    db, metrics = FakeDb(), PrometheusMetrics()
    health = Health(db, DeadSandbox(), metrics)
    health.add_connection("slack", lambda: "")
    endpoint = await serve_http(
        app, "127.0.0.1", 0, "/slack/events", lambda web_app: add_routes(web_app, health, metrics)
    )
    base = f"http://127.0.0.1:{endpoint.port}"
    try:
        async with aiohttp.ClientSession() as http:
            async with http.post(f"{base}/slack/events", data="{}") as unsigned:
                assert unsigned.status == 401  # Slack's route, verified as before
            async with http.get(f"{base}/healthz") as response:
                body = await response.json()
                assert response.status == 503  # this sandbox has no template
                assert body["checks"]["sandbox"] == "template not started"
                assert body["checks"]["slack"] == "ok" and body["checks"]["database"] == "ok"
            db.fail = True
            async with http.get(f"{base}/healthz") as response:
                body = await response.json()
                assert "disk I/O error" in body["checks"]["database"]
            metrics.answer("choice", "pending")
            async with http.get(f"{base}/metrics") as response:
                text = await response.text()
                assert response.status == 200
                assert response.headers["Content-Type"].startswith("text/plain; version=0.0.4")
                assert 'studybot_answers_total{kind="choice",verdict="pending"} 1.0' in text
                assert "studybot_healthy 0.0" in text
    finally:
        await endpoint.close()
