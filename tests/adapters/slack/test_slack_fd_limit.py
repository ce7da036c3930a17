"""Under a 1,024 file-descriptor limit (systemd, containers) a burst of more connections than
that is answered in full: the real bot (`studybot run`, Slack HTTP mode, a subprocess started by
bench/load_slack.py's child with RLIMIT_NOFILE 1024) gets 1,200 `/study answer` commands at once,
each over its own connection, from a fake Slack on 127.0.0.1. Every one is acknowledged and
stored once, and the bot never holds 1,024 descriptors (it pauses accepting instead)."""

from __future__ import annotations

import asyncio
import importlib.util
import os
import resource
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import aiohttp
import pytest

from tests.adapters.slack.slackenv import reply_texts
from tests.adapters.slack.slackfake import FakeSlack
from tests.adapters.slack.slacksender import new_trigger_id, sign

ROOT = Path(__file__).resolve().parents[3]
BURST = 1_200  # more connections at once than the bot may open descriptors
spec = importlib.util.spec_from_file_location("load_slack", ROOT / "bench" / "load_slack.py")
assert spec is not None and spec.loader is not None
load_slack = importlib.util.module_from_spec(spec)
spec.loader.exec_module(load_slack)


@pytest.fixture
def many_fds():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < 4 * BURST:
        pytest.skip(f"this test needs {4 * BURST} descriptors for its client side (hard {hard})")
    resource.setrlimit(resource.RLIMIT_NOFILE, (4 * BURST, hard))
    yield
    resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


async def test_a_burst_beyond_the_fd_limit_is_answered_and_stored_once(tmp_path, many_fds):
    fake = FakeSlack(latency={"users.info": 0.05, "users.conversations": 0.05})
    await fake.start()
    fake.channels[load_slack.CHANNEL] = "study"
    fake.add_user(load_slack.ADMIN, "admin", admin=True)
    users = [f"UFD{i:05d}" for i in range(BURST)]
    for user in users:
        fake.add_user(user, user.lower())
    port = load_slack.free_port()
    config = load_slack.write_config(tmp_path, port)
    bot = subprocess.Popen(
        [sys.executable, str(ROOT / "bench" / "load_slack.py"), "--child", str(config),
         fake.api_url],
        env=load_slack.bot_env() | {"PYTHONPATH": str(ROOT)}, cwd=tmp_path,
        stdout=subprocess.DEVNULL, stderr=(tmp_path / "bot.log").open("w"),
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/slack/events"
    # force_close: one connection per request, all at once
    session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0, force_close=True))
    peak = 0

    async def command(text: str, user: str) -> tuple[int, str]:
        body = urlencode({
            "team_id": "T0TEST", "channel_id": load_slack.CHANNEL, "channel_name": "study",
            "user_id": user, "command": "/study", "text": text, "api_app_id": "A0TEST",
            "response_url": fake.response_url(), "trigger_id": new_trigger_id(),
        })  # fmt: skip
        ts = str(int(time.time()))
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": sign(load_slack.SECRET, ts, body),
        }
        try:
            async with session.post(url, data=body.encode(), headers=headers,
                                    timeout=aiohttp.ClientTimeout(total=60)) as resp:  # fmt: skip
                return resp.status, await resp.text()
        except (TimeoutError, aiohttp.ClientError) as error:
            return 0, repr(error)

    async def watch() -> None:
        nonlocal peak
        while True:
            peak = max(peak, load_slack.proc_stats(bot.pid)[0])
            await asyncio.sleep(0.01)

    try:

        def alive() -> None:
            assert bot.poll() is None, (tmp_path / "bot.log").read_text()[-2000:]

        await load_slack.wait_listening(session, port, alive)
        for text in ("setup tz UTC", "post"):
            before = len(fake.responses)
            assert (await command(text, load_slack.ADMIN))[0] == 200
            await fake.wait_for_response(before + 1, timeout=10)
        before = len(fake.responses)
        watcher = asyncio.ensure_future(watch())
        acks = await asyncio.gather(*(command("answer B", user) for user in users))
        assert [a for a in acks if a[0] != 200] == []
        in_acks = sum(bool(body) for _, body in acks)  # receipts that rode in their ack
        await fake.wait_for_response(before + BURST - in_acks, timeout=60)
        watcher.cancel()
        texts = reply_texts(acks, fake.responses[before:])
        assert sum("received" in t for t in texts) == BURST
        assert 0 < peak < load_slack.FD_LIMIT
        log = (tmp_path / "bot.log").read_text()
        assert "Too many open files" not in log
        db = sqlite3.connect(tmp_path / "bot.db")
        rows = db.execute(
            "SELECT m.external_id FROM submissions s JOIN members m ON m.id = s.member_id"
        ).fetchall()
        db.close()
        assert sorted(r[0] for r in rows) == users  # each stored once
    finally:
        await session.close()
        bot.terminate()
        try:
            bot.wait(15)
        except subprocess.TimeoutExpired:
            bot.kill()
        await fake.close()
        assert os.path.exists(tmp_path / "bot.log")
