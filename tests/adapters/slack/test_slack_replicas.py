"""Two Slack replicas sharing one database (each backend): over HTTP behind a load balancer, and
in Socket Mode with a connection each.

Requests land on either replica: a command handled by one is seen by the other, a replay of the
same signed request sent to the other replica is recognised and dropped, and both show the same
board. The replicas are complete bots (their own service, connection pool and HTTP server)."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator
from urllib.parse import urlencode

import pytest
from slackenv import ADMIN, ALICE, BOB, BOT_TOKEN, CHANNEL, SIGNING_SECRET, SlackEnv
from slackfake import TEAM_ID, FakeSlack
from slacksender import SlackSender, new_trigger_id

from bot.adapters.slack.adapter import SlackAdapter
from bot.bank import QuestionBank, bundled_bank_dir, load_bank
from bot.config import Config, SlackConfig
from bot.core.service import StudyService
from bot.storage.db import open_database

QUESTION = "python.mutable-immutable.check"


class NoSandbox:
    async def start(self) -> None: ...

    async def close(self) -> None: ...


@contextlib.asynccontextmanager
async def running_replicas(
    database_target: str, fake_slack: FakeSlack, **credentials: str
) -> AsyncIterator[list[SlackAdapter]]:
    """Two complete bot processes' worth of Slack adapters (each its own service and database
    connection or pool) on one database, started with `credentials` (HTTP or Socket Mode)."""
    bank = QuestionBank([load_bank([bundled_bank_dir()]).get(QUESTION)])
    config = Config(slack=SlackConfig(host="127.0.0.1", port=0))
    adapters, dbs = [], []
    try:
        for _ in range(2):
            db = await open_database(database_target).open()
            dbs.append(db)
            service = StudyService(db, bank, NoSandbox(), config)
            for user in fake_slack.users.values():  # known members: boards show stored names
                await service.ensure_member("slack", user.id, user.name)
            adapter = SlackAdapter(
                service, config.slack, bot_token=BOT_TOKEN, client_base_url=fake_slack.api_url,
                **credentials,
            )  # fmt: skip
            await adapter.start()
            adapters.append(adapter)
        yield adapters
    finally:
        for adapter in adapters:
            await adapter.close()
        for db in dbs:
            await db.close()


@pytest.fixture
async def replicas(database_target: str, fake_slack: FakeSlack) -> AsyncIterator[list[SlackEnv]]:
    async with running_replicas(
        database_target, fake_slack, signing_secret=SIGNING_SECRET
    ) as adapters:
        envs = [
            SlackEnv(
                fake_slack,
                SlackSender(
                    adapter.http_url, SIGNING_SECRET, response_url=fake_slack.response_url()
                ),
                adapter.service,
                adapter,
            )
            for adapter in adapters
        ]
        try:
            yield envs
        finally:
            for env in envs:
                await env.sender.close()


def slash(text: str, user: str, fake: FakeSlack, trigger: str | None = None) -> dict:
    """A `/study` slash command's fields, as Slack sends them."""
    return {
        "team_id": TEAM_ID, "channel_id": CHANNEL, "channel_name": "study", "user_id": user,
        "user_name": user.lower(), "command": "/study", "text": text, "api_app_id": "A0TEST",
        "response_url": fake.response_url(), "trigger_id": trigger or new_trigger_id(),
    }  # fmt: skip


async def test_requests_on_either_replica_act_on_one_round_and_one_board(replicas) -> None:
    a, b = replicas
    await a.command("setup tz UTC", ADMIN)
    await b.command("post", ADMIN)  # the group set up through A is B's group too
    posts = [m for m in a.fake.messages[CHANNEL] if m["text"].startswith("Question of the day")]
    assert len(posts) == 1
    receipts = [await a.command("answer B", ALICE), await b.command("answer A", BOB)]
    assert all("received" in receipt for receipt in receipts), receipts
    group = await a.service.find_group("slack", CHANNEL)
    rounds = [await env.service.current_round(group.id) for env in (a, b)]
    assert rounds[0].round.id == rounds[1].round.id
    assert await a.service.db.fetchval("SELECT COUNT(*) FROM submissions") == 2
    boards = [await env.command("leaderboard", ALICE) for env in (a, b)]
    assert boards[0] == boards[1]


async def test_a_request_replayed_to_the_other_replica_is_stored_once(replicas) -> None:
    a, b = replicas
    await a.command("setup tz UTC", ADMIN)
    await a.command("post", ADMIN)
    body = urlencode(slash("answer B", ALICE, a.fake))
    form = "application/x-www-form-urlencoded"
    stamp = str(int(time.time()))
    for env, headers in ((a, {}), (b, {}), (b, {"X-Slack-Retry-Num": "1"}), (a, {})):
        status, _ = await env.sender.post(body, form, timestamp=stamp, headers=headers)
        assert status == 200
    await a.command("leaderboard", BOB)  # a round trip: earlier listeners have finished
    assert await b.service.db.fetchval("SELECT COUNT(*) FROM submissions") == 1


@pytest.fixture
async def socket_replicas(
    database_target: str, fake_slack: FakeSlack
) -> AsyncIterator[list[StudyService]]:
    """Two Socket Mode processes: each opens its own connection; Slack spreads envelopes."""
    async with running_replicas(database_target, fake_slack, app_token="xapp-test") as adapters:
        for _ in range(200):  # both connections open
            if len(fake_slack.sockets) == 2:
                break
            await asyncio.sleep(0.02)
        assert len(fake_slack.sockets) == 2
        yield [adapter.service for adapter in adapters]


async def test_socket_mode_envelopes_on_either_connection_share_one_round(
    socket_replicas, fake_slack: FakeSlack
) -> None:
    a, _ = socket_replicas
    await fake_slack.socket_request("slash_commands", slash("setup tz UTC", ADMIN, fake_slack),
                                    connection=0)  # fmt: skip
    await fake_slack.wait_for_response(1)  # set up (its reply follows the ack)
    await fake_slack.socket_request("slash_commands", slash("post", ADMIN, fake_slack),
                                    connection=1)  # fmt: skip

    def posts() -> list[dict]:
        return [m for m in fake_slack.messages.get(CHANNEL, [])
                if m["text"].startswith("Question of the day")]  # fmt: skip

    for _ in range(200):  # the post follows the ack
        if posts():
            break
        await asyncio.sleep(0.02)
    await asyncio.sleep(0.2)
    assert len(posts()) == 1
    await fake_slack.socket_request("slash_commands", slash("answer B", ALICE, fake_slack),
                                    connection=0)  # fmt: skip
    await fake_slack.socket_request("slash_commands", slash("answer A", BOB, fake_slack),
                                    connection=1)  # fmt: skip
    # Slack redelivers an envelope on the other connection (the same command, the same trigger)
    again = slash("answer C", ALICE, fake_slack, trigger="trigger-redelivered")
    for connection in (0, 1):
        await fake_slack.socket_request("slash_commands", dict(again), connection=connection)
    for _ in range(100):  # replies and stores finish after the acks
        if await a.db.fetchval("SELECT COUNT(*) FROM submissions") >= 3:
            break
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.2)
    assert await a.db.fetchval("SELECT COUNT(*) FROM submissions") == 3
