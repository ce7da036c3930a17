"""Plays Slack's side of the HTTP Events API: signed slash commands, interactivity and events.

Requests are signed exactly as Slack does: X-Slack-Signature = "v0=" + HMAC-SHA256(signing secret,
"v0:{X-Slack-Request-Timestamp}:{body}"). `timestamp=` and `signature=` override either, to test
that the bot refuses replays and forgeries.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from aiohttp import ClientSession
from slackfake import BOT_USER_ID, TEAM_ID


def new_trigger_id() -> str:
    """Slack gives every command, click and form submission a trigger id of its own."""
    return f"trig-{time.time_ns()}"


def sign(secret: str, timestamp: str, body: str) -> str:
    base = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


@dataclass
class SlackSender:
    """Sends requests to the bot's HTTP endpoint the way Slack does, signed with `secret`."""

    url: str  # e.g. http://127.0.0.1:PORT/slack/events
    secret: str
    response_url: str = ""
    team_id: str = TEAM_ID
    session: ClientSession | None = None

    async def close(self) -> None:
        if self.session is not None:
            await self.session.close()

    async def post(
        self,
        body: str,
        content_type: str,
        *,
        timestamp: str | None = None,
        signature: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, str]:
        """POST `body` signed (or with the given timestamp/signature); extra `headers` such as
        X-Slack-Retry-Num are sent as they are (they are not signed, as with Slack)."""
        if self.session is None:
            self.session = ClientSession()
        ts = timestamp if timestamp is not None else str(int(time.time()))
        headers = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": signature or sign(self.secret, ts, body),
            **(headers or {}),
        }
        async with self.session.post(self.url, data=body.encode(), headers=headers) as resp:
            return resp.status, await resp.text()

    async def command(
        self,
        text: str,
        *,
        user_id: str,
        channel_id: str = "C0STUDY",
        command: str = "/study",
        trigger_id: str | None = None,
        user_name: str | None = None,
        response_url: str | None = None,
        **sign_opts: Any,
    ) -> tuple[int, str]:
        form = {
            "token": "legacy",
            "team_id": self.team_id,
            "team_domain": "test",
            "channel_id": channel_id,
            "channel_name": "study",
            "user_id": user_id,
            "user_name": user_id.lower() if user_name is None else user_name,
            "command": command,
            "text": text,
            "api_app_id": "A0TEST",
            "response_url": response_url or self.response_url,
            "trigger_id": trigger_id or new_trigger_id(),
        }
        return await self.post(urlencode(form), "application/x-www-form-urlencoded", **sign_opts)

    async def interactive(self, payload: dict[str, Any], **sign_opts: Any) -> tuple[int, str]:
        payload = {
            "team": {"id": self.team_id, "domain": "test"},
            "api_app_id": "A0TEST",
            **payload,
        }
        body = urlencode({"payload": json.dumps(payload)})
        return await self.post(body, "application/x-www-form-urlencoded", **sign_opts)

    async def block_action(
        self,
        action_id: str,
        *,
        user_id: str,
        value: str = "",
        channel_id: str = "C0STUDY",
        message_ts: str = "",
        trigger_id: str | None = None,
        **sign_opts: Any,
    ) -> tuple[int, str]:
        payload = {
            "type": "block_actions",
            "user": {"id": user_id, "username": user_id.lower(), "team_id": self.team_id},
            "channel": {"id": channel_id, "name": "study"},
            "container": {"type": "message", "message_ts": message_ts, "channel_id": channel_id},
            "message": {"ts": message_ts, "type": "message"},
            "trigger_id": trigger_id or new_trigger_id(),
            "response_url": self.response_url,
            "actions": [
                {
                    "type": "button",
                    "action_id": action_id,
                    "block_id": "study_actions",
                    "value": value,
                    "action_ts": str(time.time()),
                }
            ],
        }
        return await self.interactive(payload, **sign_opts)

    async def view_submission(
        self,
        callback_id: str,
        *,
        user_id: str,
        values: dict[str, dict[str, dict[str, Any]]],
        private_metadata: str = "",
        **sign_opts: Any,
    ) -> tuple[int, str]:
        payload = {
            "type": "view_submission",
            "user": {"id": user_id, "username": user_id.lower(), "team_id": self.team_id},
            "trigger_id": new_trigger_id(),
            "view": {
                "id": "V00001",
                "type": "modal",
                "callback_id": callback_id,
                "private_metadata": private_metadata,
                "state": {"values": values},
            },
        }
        return await self.interactive(payload, **sign_opts)

    async def event(
        self, event: dict[str, Any], *, event_id: str | None = None, **sign_opts: Any
    ) -> tuple[int, str]:
        envelope = {
            "token": "legacy",
            "team_id": self.team_id,
            "api_app_id": "A0TEST",
            "type": "event_callback",
            "event_id": event_id or f"Ev{time.time_ns()}",
            "event_time": int(time.time()),
            "authorizations": [{"team_id": self.team_id, "user_id": BOT_USER_ID, "is_bot": True}],
            "event": event,
        }
        return await self.post(json.dumps(envelope), "application/json", **sign_opts)
