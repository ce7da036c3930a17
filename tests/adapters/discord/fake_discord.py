"""A fake Discord (REST API v10 + gateway websocket) on 127.0.0.1 for the real discord.py client.

Point discord.py at it with `fake.patch_discord_py(monkeypatch)` (REST base URL and default gateway
URL). Every REST call is recorded as a `Recorded` (method, path without the /api/v10 prefix, query,
JSON or multipart payload, files). Tests drive the gateway with `dispatch(event, data)` and the
helpers `slash`, `button`, `modal_submit`, `user_message` and `react`, then assert on `requests`
or wait for a call with `wait_for(...)`.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import fake_payloads as P
from aiohttp import WSMsgType, web

API = "/api/v10"
# gateway events and the intent a client needs to receive them
EVENT_INTENTS = {
    "GUILD_CREATE": 1 << 0,
    "THREAD_CREATE": 1 << 0,
    "MESSAGE_CREATE": (1 << 9) | (1 << 12),  # guild messages / direct messages
    "MESSAGE_REACTION_ADD": 1 << 10,
    "MESSAGE_REACTION_REMOVE": 1 << 10,
}


@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, str]
    json: Any
    files: list[tuple[str, bytes]] = field(default_factory=list)
    at: float = 0.0  # loop time the request arrived
    status: int = 0  # the HTTP status the fake answered

    @property
    def flags(self) -> int:
        data = self.json.get("data", self.json) if isinstance(self.json, dict) else {}
        return int((data or {}).get("flags") or 0)


class FakeDiscord:
    def __init__(self) -> None:
        self.app_id = P.snowflake()
        self.bot_user = P.user(self.app_id, "studybot", bot=True)
        self.guild_id = P.snowflake()
        self.owner = P.user(P.snowflake(), "owner")
        self.channel = P.text_channel(P.snowflake(), self.guild_id, "study")
        self.channels: dict[str, dict] = {self.channel["id"]: self.channel}
        self.messages: dict[str, dict] = {}
        self.dms: dict[str, str] = {}  # user id -> their direct-message channel with the bot
        self.posted: list[dict] = []  # messages the bot created through the channel endpoints
        self.commands: dict[str, dict] = {}  # name -> registered command
        self.requests: list[Recorded] = []
        self.identifies: list[dict] = []
        self.heartbeats = 0
        self.token = "fake-token"  # the bot token the fake accepts
        self.withheld: list[str] = []  # events not sent because the client lacks their intent
        # As Discord: an interaction must be answered (a reply or a deferral) within 3 s of being
        # sent, or its callback fails with 404 "Unknown interaction" (code 10062).
        self.interaction_deadline = 3.0
        self.sent_at: dict[str, float] = {}  # interaction id -> loop time it was dispatched
        self.channel_latency = 0.0  # seconds each channel message or thread creation takes
        self._intents: dict[int, int] = {}
        self.ready = asyncio.Event()
        self._seq = 0
        self._sockets: list[web.WebSocketResponse] = []
        self._send_lock = asyncio.Lock()
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.base_url = ""
        self.gateway_url = ""

    # ---------------------------------------------------------------- life cycle
    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/gateway", self._gateway)
        app.router.add_route("*", API + "/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base_url = f"http://127.0.0.1:{port}{API}"
        self.gateway_url = f"ws://127.0.0.1:{port}/gateway"

    async def close(self) -> None:
        for ws in list(self._sockets):
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    def patch_discord_py(self, monkeypatch: Any) -> None:
        import discord.gateway
        import discord.http
        import yarl

        monkeypatch.setattr(discord.http.Route, "BASE", self.base_url)
        monkeypatch.setattr(
            discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(self.gateway_url)
        )

    # ---------------------------------------------------------------- gateway
    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._sockets.append(ws)
        await self._send(ws, {"op": 10, "d": {"heartbeat_interval": 41250}, "s": None, "t": None})
        async for msg in ws:
            if msg.type is not WSMsgType.TEXT:
                continue
            frame = json.loads(msg.data)
            if frame["op"] == 1:
                self.heartbeats += 1
                await self._send(ws, {"op": 11, "d": None, "s": None, "t": None})
            elif frame["op"] == 2:
                self.identifies.append(frame["d"])
                if frame["d"].get("token") != self.token:
                    await ws.close(code=4004, message=b"Authentication failed.")
                    break
                self._intents[id(ws)] = int(frame["d"].get("intents", 0))
                await self._on_identify(ws, frame["d"])
        self._sockets.remove(ws)
        return ws

    async def _on_identify(self, ws: web.WebSocketResponse, identify: dict) -> None:
        shard = identify.get("shard") or [0, 1]
        ready = {
            "v": 10,
            "user": self.bot_user,
            "guilds": [{"id": str(self.guild_id), "unavailable": True}],
            "session_id": "fake-session",
            "resume_gateway_url": self.gateway_url,
            "shard": shard,
            "application": {"id": str(self.app_id), "flags": 0},
            "private_channels": [],
            "relationships": [],
        }
        await self._event(ws, "READY", ready)
        me = P.member(self.bot_user)
        guild = P.guild(self.guild_id, "Study Guild", int(self.owner["id"]), [self.channel], [me])
        await self._event(ws, "GUILD_CREATE", guild)
        self.ready.set()

    async def _send(self, ws: web.WebSocketResponse, frame: dict) -> None:
        async with self._send_lock:
            await ws.send_str(json.dumps(frame))

    async def _event(self, ws: web.WebSocketResponse, name: str, data: dict) -> None:
        self._seq += 1
        await self._send(ws, {"op": 0, "t": name, "s": self._seq, "d": data})

    async def dispatch(self, name: str, data: dict) -> None:
        """Send a gateway event to every connected client that identified with its intent."""
        await asyncio.wait_for(self.ready.wait(), 10)
        if name == "INTERACTION_CREATE":
            self.sent_at[data["id"]] = asyncio.get_running_loop().time()
        needed = EVENT_INTENTS.get(name, 0)
        for ws in list(self._sockets):
            if needed and not self._intents.get(id(ws), 0) & needed:
                self.withheld.append(name)
                continue
            await self._event(ws, name, data)

    # ---------------------------------------------------------------- test drivers
    def new_user(self, name: str) -> dict:
        return P.user(P.snowflake(), name)

    def _interaction(self, kind: int, invoker: dict, data: dict, *, admin: bool, **kw: Any) -> dict:
        perms = P.ADMIN_PERMISSIONS if admin else P.MEMBER_PERMISSIONS
        channel = kw.pop("channel", None) or self.channel
        return P.interaction(
            kind=kind,
            app_id=self.app_id,
            guild_id=self.guild_id,
            channel=channel,
            invoker=invoker,
            permissions=perms,
            data=data,
            **kw,
        )

    async def slash(
        self,
        name: str,
        invoker: dict,
        options: dict[str, Any] | None = None,
        *,
        admin: bool = False,
        resolved: dict | None = None,
        channel: dict | None = None,
    ) -> dict:
        """Dispatch a slash command (in `channel`, default the guild's text channel); option values
        are typed by the registered command if known."""
        cmd = self.commands.get(name, {})
        types = {o["name"]: o["type"] for o in cmd.get("options", [])}
        data: dict[str, Any] = {
            "id": cmd.get("id", str(P.snowflake())),
            "name": name,
            "type": 1,
            "options": [
                {"name": k, "type": types.get(k, 3), "value": v} for k, v in (options or {}).items()
            ],
        }
        if resolved:
            data["resolved"] = resolved
        payload = self._interaction(2, invoker, data, admin=admin, channel=channel)
        await self.dispatch("INTERACTION_CREATE", payload)
        return payload

    async def button(self, custom_id: str, invoker: dict, message: dict, *, admin: bool = False):
        data = {"custom_id": custom_id, "component_type": 2}
        payload = self._interaction(3, invoker, data, admin=admin, message=message)
        await self.dispatch("INTERACTION_CREATE", payload)
        return payload

    async def select(self, custom_id: str, invoker: dict, message: dict, values: list[str]) -> dict:
        data = {"custom_id": custom_id, "component_type": 3, "values": values}
        payload = self._interaction(3, invoker, data, admin=False, message=message)
        await self.dispatch("INTERACTION_CREATE", payload)
        return payload

    async def modal_submit(
        self, custom_id: str, invoker: dict, values: dict[str, str], *, admin: bool = False
    ) -> dict:
        rows = [
            {"type": 1, "components": [{"type": 4, "custom_id": cid, "value": value}]}
            for cid, value in values.items()
        ]
        data = {"custom_id": custom_id, "components": rows}
        payload = self._interaction(5, invoker, data, admin=admin)
        await self.dispatch("INTERACTION_CREATE", payload)
        return payload

    async def fill_modal(
        self, modal_callback: Recorded, invoker: dict, *values: str, admin: bool = False
    ) -> dict:
        """Submit the modal that `modal_callback` (an interaction callback of type 9) opened."""
        modal = modal_callback.json["data"]
        inputs = [c for row in modal["components"] for c in row["components"]]
        filled = {field["custom_id"]: value for field, value in zip(inputs, values, strict=True)}
        return await self.modal_submit(modal["custom_id"], invoker, filled, admin=admin)

    def response_message(self, interaction: dict) -> dict:
        """The message an interaction's response created (e.g. an ephemeral reply with buttons)."""
        return self.messages[f"original:{interaction['token']}"]

    def bot_messages(self, channel_id: str) -> list[dict]:
        """Messages the bot posted in a channel or thread, oldest first."""
        return [m for m in self.posted if m["channel_id"] == channel_id]

    async def user_message(self, channel_id: str, author: dict, content: str) -> dict:
        """A member posts a message (stored so the bot can fetch it; MESSAGE_CREATE dispatched)."""
        msg = P.message(P.snowflake(), int(channel_id), author, guild_id=self.guild_id,
                        content=content)  # fmt: skip
        self.messages[msg["id"]] = msg
        await self.dispatch("MESSAGE_CREATE", {**msg, "member": P.member(author)})
        return msg

    async def react(self, msg: dict, reactor: dict, emoji: str = "\N{THUMBS UP SIGN}") -> None:
        await self.dispatch(
            "MESSAGE_REACTION_ADD",
            {
                "user_id": reactor["id"],
                "channel_id": msg["channel_id"],
                "message_id": msg["id"],
                "guild_id": str(self.guild_id),
                "member": P.member(reactor),
                "emoji": {"id": None, "name": emoji},
                "message_author_id": msg["author"]["id"],
                "burst": False,
                "burst_colors": [],
                "type": 0,
            },
        )

    async def unreact(self, msg: dict, reactor: dict, emoji: str = "\N{THUMBS UP SIGN}") -> None:
        """The member removes their reaction (Discord sends no member or message author here)."""
        await self.dispatch(
            "MESSAGE_REACTION_REMOVE",
            {
                "user_id": reactor["id"],
                "channel_id": msg["channel_id"],
                "message_id": msg["id"],
                "guild_id": str(self.guild_id),
                "emoji": {"id": None, "name": emoji},
                "burst": False,
                "type": 0,
            },
        )

    # ---------------------------------------------------------------- assertions
    async def wait_for(
        self, pred: Callable[[Recorded], bool], *, timeout: float = 10.0, after: int = 0
    ) -> Recorded:
        """The first recorded request (index >= after) matching `pred`, waiting for it if needed."""

        def find() -> Recorded | None:
            return next((r for r in self.requests[after:] if pred(r)), None)

        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(lambda: find() is not None), timeout)
        found = find()
        assert found is not None
        return found

    async def callback_of(self, interaction: dict, *, timeout: float = 10.0) -> Recorded:
        path = f"/interactions/{interaction['id']}/{interaction['token']}/callback"
        return await self.wait_for(lambda r: r.path == path, timeout=timeout)

    def calls(self, method: str, pattern: str) -> list[Recorded]:
        rx = re.compile(pattern)
        return [r for r in self.requests if r.method == method and rx.fullmatch(r.path)]

    def webhook_calls(self, interaction: dict) -> list[Recorded]:
        prefix = f"/webhooks/{self.app_id}/{interaction['token']}"
        return [r for r in self.requests if r.path.startswith(prefix)]

    # ---------------------------------------------------------------- REST
    async def _rest(self, request: web.Request) -> web.StreamResponse:
        path = "/" + request.match_info["tail"]
        from fake_routes import read_body

        payload, files = await read_body(request)
        at = asyncio.get_running_loop().time()
        rec = Recorded(request.method, path, dict(request.query), payload, files, at)
        needs_auth = not path.startswith(("/interactions/", "/webhooks/"))
        try:
            if needs_auth and request.headers.get("Authorization") != f"Bot {self.token}":
                return web.json_response({"message": "401: Unauthorized", "code": 0}, status=401)
            response = await self._route(rec)
            rec.status = response.status
        finally:
            async with self._changed:
                self.requests.append(rec)
                self._changed.notify_all()
        return response

    async def _route(self, r: Recorded) -> web.StreamResponse:
        from fake_routes import route

        return await route(self, r)
