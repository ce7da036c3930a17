"""Platform API errors and retries are counted: a Slack Web API client (the adapter's own,
with its retry handlers) against a local HTTP server that rate-limits, then fails a call."""

from __future__ import annotations

from aiohttp import web
from slack_sdk.errors import SlackApiError

from bot.adapters.slack.adapter import make_client
from bot.ops.metrics import PrometheusMetrics, instrument_slack


async def test_slack_rate_limit_retries_and_api_errors_are_counted():
    calls = {"n": 0}

    async def api(request: web.Request) -> web.Response:
        calls["n"] += 1
        method = request.match_info["method"]
        if method == "chat.postMessage" and calls["n"] == 1:
            return web.json_response({"ok": False, "error": "ratelimited"}, status=429,
                                     headers={"Retry-After": "0"})  # fmt: skip
        if method == "chat.postMessage":
            return web.json_response({"ok": True, "ts": "1.0"})
        return web.json_response({"ok": False, "error": "not_in_channel"})

    app = web.Application()
    app.router.add_post("/api/{method}", api)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    metrics = PrometheusMetrics()
    client = make_client("xoxb-test", f"http://127.0.0.1:{port}/api/")
    instrument_slack(client, metrics)
    try:
        await client.chat_postMessage(channel="C1", text="hi")  # 429, retried, then ok
        try:
            await client.conversations_join(channel="C1")
        except SlackApiError:
            pass
        else:
            raise AssertionError("the error response should raise")
    finally:
        await runner.cleanup()
        if client.session is not None:
            await client.session.close()
    text = metrics.render().decode()
    assert calls["n"] == 3
    assert 'studybot_platform_api_retries_total{platform="slack",reason="rate_limited"} 1.0' in text
    assert (
        'studybot_platform_api_errors_total{platform="slack",reason="not_in_channel"} 1.0' in text
    )
