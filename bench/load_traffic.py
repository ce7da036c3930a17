"""The load benchmark's traffic: signed requests as Slack sends them (bench/load_slack.py).

`Traffic` posts slash commands, Answer-button clicks and answer-form submissions to the bot's
events URL, signed with the bench's signing secret, and returns each request's ack time, status
and body. A click's send time is kept per trigger id (`clicked_at`) so the fake Slack can tell
when its form was opened; requests that got no ack are counted by exception in `failures`.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import aiohttp
from load_bot import CHANNEL, SECRET
from slacksender import new_trigger_id, sign

ACK_TIMEOUT = 10.0  # seconds a request may wait for its ack before it counts as an error
Ack = tuple[float, int, str]  # (seconds to the ack, HTTP status or 0, the ack's body)


def who(user: str) -> dict[str, str]:
    return {"id": user, "username": user.lower(), "team_id": "T0TEST"}


@dataclass
class Traffic:
    session: aiohttp.ClientSession
    url: str  # the bot's events endpoint
    fake: Any  # the fake Slack (for response URLs)
    clicked_at: dict[str, float] = field(default_factory=dict)  # trigger id -> click sent
    failures: dict[str, int] = field(default_factory=dict)  # no ack, by exception name

    async def command(self, text: str, user: str) -> Ack:
        body = urlencode({
            "team_id": "T0TEST", "channel_id": CHANNEL, "channel_name": "study",
            "user_id": user, "user_name": user.lower(), "command": "/study", "text": text,
            "api_app_id": "A0TEST",
            "response_url": self.fake.response_url(), "trigger_id": new_trigger_id(),
        })  # fmt: skip
        return await self.send(body)

    async def interactive(self, payload: dict[str, Any]) -> Ack:
        payload = {"team": {"id": "T0TEST", "domain": "test"}, "api_app_id": "A0TEST", **payload}
        return await self.send(urlencode({"payload": json.dumps(payload)}))

    async def click(self, user: str, round_id: int) -> Ack:
        """The Answer button on the daily post."""
        trigger = new_trigger_id()
        self.clicked_at[trigger] = time.monotonic()
        return await self.interactive({
            "type": "block_actions", "user": who(user), "trigger_id": trigger,
            "channel": {"id": CHANNEL, "name": "study"}, "response_url": self.fake.response_url(),
            "container": {"type": "message", "message_ts": "1.0", "channel_id": CHANNEL},
            "actions": [{"type": "button", "action_id": "study_answer", "block_id": "a",
                         "value": str(round_id), "action_ts": str(time.time())}],
        })  # fmt: skip

    async def submit(self, user: str, metadata: str) -> Ack:
        """The answer form, sent back with option B chosen."""
        values = {"answer": {"value": {"type": "radio_buttons",
                                       "selected_option": {"value": "B"}}}}  # fmt: skip
        return await self.interactive({
            "type": "view_submission", "user": who(user), "trigger_id": new_trigger_id(),
            "view": {"id": "V0", "type": "modal", "callback_id": "study_answer_modal",
                     "private_metadata": metadata, "state": {"values": values}},
        })  # fmt: skip

    async def by_button(self, user: str, round_id: int, metadata: str) -> list[Ack]:
        """A click, then (if it was acknowledged) the form's submission."""
        clicked = await self.click(user, round_id)
        if clicked[1] != 200:
            return [clicked, (0.0, 0, "")]
        return [clicked, await self.submit(user, metadata)]

    async def send(self, body: str) -> Ack:
        """POST a signed request: (seconds to its ack, status, the ack's body)."""
        ts = str(int(time.time()))
        headers = {"Content-Type": "application/x-www-form-urlencoded",
                   "X-Slack-Request-Timestamp": ts, "X-Slack-Signature": sign(SECRET, ts, body)}  # fmt: skip
        start = time.perf_counter()
        try:
            async with self.session.post(
                self.url, data=body.encode(), headers=headers,
                timeout=aiohttp.ClientTimeout(total=ACK_TIMEOUT),
            ) as resp:  # fmt: skip
                text = await resp.text()
                return time.perf_counter() - start, resp.status, text
        except (TimeoutError, aiohttp.ClientError) as error:
            name = type(error).__name__
            self.failures[name] = self.failures.get(name, 0) + 1
            return time.perf_counter() - start, 0, ""
