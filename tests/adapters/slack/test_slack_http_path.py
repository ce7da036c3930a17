"""The HTTP path itself: signed requests reach bolt listeners, which call the fake Web API."""

from __future__ import annotations

import time

import pytest
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient
from slackenv import BOT_TOKEN, SIGNING_SECRET
from slackfake import FakeSlack
from slacksender import SlackSender, sign

from bot.adapters.slack.http import serve_http


@pytest.fixture
async def echo_app(fake_slack: FakeSlack):
    """A minimal bolt app: /study acks and answers with an ephemeral message."""
    client = AsyncWebClient(token=BOT_TOKEN, base_url=fake_slack.api_url)
    app = AsyncApp(client=client, signing_secret=SIGNING_SECRET)

    @app.command("/study")
    async def study(ack, command, client):
        await ack()
        await client.chat_postEphemeral(
            channel=command["channel_id"], user=command["user_id"], text=f"echo {command['text']}"
        )

    endpoint = await serve_http(app, "127.0.0.1", 0)
    sender = SlackSender(endpoint.url, SIGNING_SECRET, response_url=fake_slack.response_url())
    yield sender
    await sender.close()
    await endpoint.close()


async def test_signed_slash_command_reaches_handler(echo_app: SlackSender, fake_slack: FakeSlack):
    status, _ = await echo_app.command("help me", user_id="U1")
    assert status == 200
    (call,) = await fake_slack.wait_for("chat.postEphemeral")
    assert (call.args["channel"], call.args["user"]) == ("C0STUDY", "U1")
    assert call.args["text"] == "echo help me"
    assert call.token == BOT_TOKEN
    assert fake_slack.calls_to("auth.test"), "bolt authorizes the single-team token via auth.test"


async def test_bad_signature_is_refused(echo_app: SlackSender, fake_slack: FakeSlack):
    status, _ = await echo_app.command("x", user_id="U1", signature="v0=" + "0" * 64)
    assert status == 401
    wrong_secret = sign("not-the-secret", str(int(time.time())), "token=legacy")
    status, _ = await echo_app.command("x", user_id="U1", signature=wrong_secret)
    assert status == 401
    assert not fake_slack.calls_to("chat.postEphemeral")


async def test_old_timestamp_is_refused(echo_app: SlackSender, fake_slack: FakeSlack):
    # correctly signed, but 10 minutes old: a replay
    status, _ = await echo_app.command("x", user_id="U1", timestamp=str(int(time.time()) - 600))
    assert status == 401
    assert not fake_slack.calls_to("chat.postEphemeral")
