"""One pooled HTTP session for every call the Slack adapter makes.

The Web API client and every `respond()` to a response_url share one `aiohttp.ClientSession`
whose connector keeps connections alive and allows at most `MAX_CONNECTIONS` at once: further
requests wait for a free connection instead of opening more sockets, so the bot's file
descriptors stay bounded under any load. (bolt's own `respond` opens and closes a session, hence
a connection and a descriptor, per call.)

Modals have a lane of their own (`MODAL_CONNECTIONS`, a second small session): a form must open
within 3 s of the click, so its views.open / views.update never wait behind a burst of receipts
and users.info calls in the shared pool. With Slack answering in ~0.1 s, 256 connections carry
~2,500 calls a second, and the modal lane's 128 about 1,280 forms a second (at 32 it capped
the forms at ~320 a second: a burst of 500 clicks a second queued until their triggers expired).
"""

from __future__ import annotations

from typing import Any

import aiohttp
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_bolt.context.respond.internals import _build_message
from slack_sdk.webhook.async_client import AsyncWebhookClient, WebhookResponse

MAX_CONNECTIONS = 256  # concurrent outgoing requests (Web API and response_url together)
MODAL_CONNECTIONS = 128  # concurrent views.open / views.update (the modal lane)


def make_session(limit: int = MAX_CONNECTIONS) -> aiohttp.ClientSession:
    connector = aiohttp.TCPConnector(limit=limit, limit_per_host=limit, keepalive_timeout=30)
    return aiohttp.ClientSession(connector=connector)


class PooledRespond(AsyncRespond):
    """bolt's `respond()`, over the shared session."""

    def __init__(self, *, response_url: str | None, session: aiohttp.ClientSession) -> None:
        super().__init__(response_url=response_url)
        self._session = session

    async def __call__(self, text: str | dict = "", **kwargs: Any) -> WebhookResponse:  # type: ignore[override]
        if self.response_url is None:
            raise ValueError("respond is unsupported here as there is no response_url")
        client = AsyncWebhookClient(url=self.response_url, session=self._session)
        if isinstance(text, dict):
            return await client.send_dict(_build_message(**text))
        return await client.send_dict(_build_message(text=text, **kwargs))


def with_pooled_respond(context: Any, session: aiohttp.ClientSession | None) -> None:
    """Give a request's bolt `context` a `respond` over the shared session (if it has a
    response_url). Called by the adapter's one middleware before the request guard."""
    if context.response_url and session is not None:
        context["respond"] = PooledRespond(response_url=context.response_url, session=session)
