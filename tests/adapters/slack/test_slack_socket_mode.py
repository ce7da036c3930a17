"""Socket Mode: with an app token the adapter connects to the websocket URL from
apps.connections.open (here the fake's own websocket) and answers envelopes through bolt."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from slackenv import ADMIN, ALICE, BOT_TOKEN, CHANNEL, make_sandbox
from slackfake import TEAM_ID, FakeSlack
from slacksender import new_trigger_id

from bot.adapters.slack.adapter import SlackAdapter
from bot.bank import QuestionBank, bundled_bank_dir, load_bank
from bot.config import Config, SlackConfig
from bot.core.service import StudyService
from bot.storage.db import open_database


@pytest.fixture
async def socket_adapter(tmp_path: Path, fake_slack: FakeSlack) -> AsyncIterator[StudyService]:
    bank = load_bank([bundled_bank_dir()])
    bank = QuestionBank([bank.get("python.range-xrange.check")])
    config = Config(slack=SlackConfig(host="127.0.0.1", port=0))
    db = await open_database(tmp_path / "study.db").open()
    sandbox = make_sandbox(config)
    service = StudyService(db, bank, sandbox, config)
    adapter = SlackAdapter(
        service, config.slack, bot_token=BOT_TOKEN, app_token="xapp-test",
        client_base_url=fake_slack.api_url,
    )  # fmt: skip
    await adapter.start()
    try:
        assert adapter.http_url is None, "no HTTP endpoint in Socket Mode"
        yield service
    finally:
        await adapter.close()
        await db.close()


def slash(text: str, user: str, response_url: str) -> dict:
    return {
        "team_id": TEAM_ID, "channel_id": CHANNEL, "channel_name": "study", "user_id": user,
        "command": "/study", "text": text, "api_app_id": "A0TEST", "response_url": response_url,
        "trigger_id": new_trigger_id(),  # each command has its own (a repeat is a replay)
    }  # fmt: skip


async def test_socket_mode_round_trip(socket_adapter: StudyService, fake_slack: FakeSlack):
    opened = fake_slack.calls_to("apps.connections.open")
    assert opened and {c.token for c in opened} == {"xapp-test"}, "the app token opens it"

    ack = await fake_slack.socket_request("slash_commands", slash("leaderboard never", ALICE, ""))
    assert "Usage" in ack["payload"]["text"]

    url = fake_slack.response_url()
    ack = await fake_slack.socket_request("slash_commands", slash("setup tz UTC", ADMIN, url))
    assert "payload" not in ack or not ack["payload"]
    await fake_slack.wait_for_response(1)  # set up (the ack comes first)
    await fake_slack.socket_request("slash_commands", slash("post", ADMIN, url))
    await fake_slack.wait_for("chat.postMessage", 2)  # the post and its thread opener
    await fake_slack.wait_for_response(2)
    assert "range vs xrange" in fake_slack.responses[1]["text"]
    post = fake_slack.calls_to("chat.postMessage")[0]
    assert post.args["channel"] == CHANNEL and post.token == BOT_TOKEN
    assert post.args["blocks"][0]["type"] == "header"

    await fake_slack.socket_request(
        "events_api",
        {"team_id": TEAM_ID, "api_app_id": "A0TEST", "type": "event_callback",
         "event_id": "Ev1", "event_time": 1,
         "event": {"type": "app_home_opened", "user": ALICE, "tab": "home"}},
    )  # fmt: skip
    (home,) = await fake_slack.wait_for("views.publish")
    assert home.args["user_id"] == ALICE
