"""A fake Slack Web API on 127.0.0.1 for tests (the signed-request side is in slacksender.py).

`FakeSlack` is an aiohttp server that answers the Web API methods studybot uses and records every
call, so tests assert on what the bot asked Slack to do. Point slack-sdk at it with
`AsyncWebClient(base_url=fake.api_url)`. It also serves `response_url` endpoints, a Socket Mode
websocket (apps.connections.open returns its URL) and the file upload flow of `files_upload_v2`
(files.getUploadURLExternal, a POST of the bytes to the returned URL, files.completeUploadExternal,
which fails unless every announced byte arrived; shared files land in `shared`).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import web

BOT_USER_ID = "UBOT"
TEAM_ID = "T0TEST"


# Block Kit limits Slack enforces (https://api.slack.com/reference/block-kit/blocks)
MAX_BLOCKS, SECTION_TEXT_MAX, HEADER_TEXT_MAX, CONTEXT_TEXT_MAX = 50, 3000, 150, 3000


def invalid_blocks(blocks: Any) -> bool:
    """Would Slack refuse these blocks (invalid_blocks)? Too many, or a text over its limit."""
    if not blocks:
        return False
    if len(blocks) > MAX_BLOCKS:
        return True
    for block in blocks:
        kind = block.get("type")
        if kind == "section" and len(block.get("text", {}).get("text", "")) > SECTION_TEXT_MAX:
            return True
        if kind == "header" and len(block["text"]["text"]) > HEADER_TEXT_MAX:
            return True
        if kind == "context" and any(
            len(e.get("text", "")) > CONTEXT_TEXT_MAX for e in block.get("elements", [])
        ):
            return True
    return False


@dataclass(frozen=True)
class Call:
    """One Web API call the bot made: method name, merged arguments and the bearer token."""

    method: str
    args: dict[str, Any]
    token: str | None
    at: float = field(default_factory=time.monotonic, compare=False)  # arrival (monotonic)


@dataclass(frozen=True)
class SharedFile:
    """A file the bot uploaded (files.getUploadURLExternal + upload) and shared (complete...)."""

    id: str
    channel: str
    title: str
    initial_comment: str
    data: bytes


@dataclass
class FakeUser:
    id: str
    name: str
    is_admin: bool = False
    is_owner: bool = False


@dataclass
class FakeSlack:
    """A recording fake of the Slack Web API (plus `response_url` endpoints)."""

    host: str = "127.0.0.1"
    calls: list[Call] = field(default_factory=list)
    users: dict[str, FakeUser] = field(default_factory=dict)
    channels: dict[str, str] = field(default_factory=dict)  # id -> name
    # channel -> its members; a channel in `channels` but not here has every known user in it
    channel_members: dict[str, set[str]] = field(default_factory=dict)
    # method -> number of upcoming calls answered with HTTP 429 (Retry-After: `retry_after`'s
    # seconds for the method, else 0)
    rate_limit_next: dict[str, int] = field(default_factory=dict)
    retry_after: dict[str, int] = field(default_factory=dict)
    responses: list[dict[str, Any]] = field(default_factory=list)  # bodies posted to response_url
    # response_url key -> monotonic arrival time of each body posted to it (for latency tests)
    responded_at: dict[str, list[float]] = field(default_factory=dict)
    bad_tokens: set[str] = field(default_factory=set)  # answered with invalid_auth
    outside: set[str] = field(default_factory=set)  # channels the bot is not a member of
    private: set[str] = field(default_factory=set)  # channels the bot cannot join by itself
    errors: dict[str, str] = field(default_factory=dict)  # method -> error it answers with
    latency: dict[str, float] = field(default_factory=dict)  # method -> seconds it takes
    # what reached the fake, in order: "call:METHOD" (recorded on arrival) or "response"
    timeline: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._runner: web.AppRunner | None = None
        self._port = 0
        self._ts = itertools.count(1)
        self._view_ids = itertools.count(1)
        self._changed = asyncio.Condition()
        self.messages: dict[str, list[dict[str, Any]]] = {}  # channel -> posted messages
        self.socket: web.WebSocketResponse | None = None  # the latest Socket Mode connection
        self.sockets: list[web.WebSocketResponse] = []  # every one, in order (one per app process)
        self.socket_acks: list[dict[str, Any]] = []
        self.uploads: dict[str, bytes] = {}  # file id -> uploaded bytes (files.uploadV2 step 2)
        self.upload_lengths: dict[str, int] = {}  # file id -> length announced in step 1
        self.shared: list[SharedFile] = []  # files shared by files.completeUploadExternal

    # ---- lifecycle -------------------------------------------------------------------------
    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/api/{method}", self._handle_api)
        app.router.add_get("/api/{method}", self._handle_api)
        app.router.add_post("/respond/{key}", self._handle_response_url)
        app.router.add_get("/socket", self._handle_socket)
        app.router.add_post("/upload/{file_id}", self._handle_upload)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, 0)
        await site.start()
        self._port = self._runner.addresses[0][1]

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self._port}"

    @property
    def api_url(self) -> str:
        """What slack-sdk expects as `base_url` (with the trailing slash)."""
        return f"{self.base_url}/api/"

    def response_url(self, key: str = "cmd") -> str:
        return f"{self.base_url}/respond/{key}"

    # ---- querying ----------------------------------------------------------------------------
    def calls_to(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    async def wait_for(
        self, method: str, count: int = 1, timeout: float = 10.0, **match: Any
    ) -> list[Call]:
        """Wait for at least `count` calls to `method` whose args contain `match`."""

        def matching() -> list[Call]:
            return [
                c
                for c in self.calls_to(method)
                if all(c.args.get(k) == v for k, v in match.items())
            ]

        async with self._changed:
            try:
                await asyncio.wait_for(
                    self._changed.wait_for(lambda: len(matching()) >= count), timeout
                )
            except TimeoutError:
                seen = [c.method for c in self.calls]
                raise AssertionError(
                    f"expected {count} call(s) to {method} {match or ''}; calls so far: {seen}"
                ) from None
        return matching()

    async def wait_for_response(self, count: int = 1, timeout: float = 10.0) -> list[dict]:
        async with self._changed:
            try:
                await asyncio.wait_for(
                    self._changed.wait_for(lambda: len(self.responses) >= count), timeout
                )
            except TimeoutError:
                raise AssertionError(f"expected {count} response_url posts") from None
        return self.responses

    # ---- Socket Mode -------------------------------------------------------------------------
    async def _handle_socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        self.socket = ws
        self.sockets.append(ws)
        await ws.send_json({"type": "hello", "num_connections": 1, "debug_info": {}})
        async with self._changed:
            self._changed.notify_all()
        async for message in ws:
            if message.type.name == "TEXT":
                async with self._changed:
                    self.socket_acks.append(json.loads(message.data))
                    self._changed.notify_all()
        return ws

    async def wait_socket(self, timeout: float = 10.0) -> web.WebSocketResponse:
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(lambda: self.socket is not None), timeout)
        assert self.socket is not None
        return self.socket

    async def socket_request(
        self,
        kind: str,
        payload: dict[str, Any],
        timeout: float = 10.0,
        *,
        connection: int | None = None,
    ) -> dict[str, Any]:
        """Send an envelope ("slash_commands", "interactive", "events_api") over the latest
        connection, or over `connection` (an index into `sockets`); return its ack."""
        ws = await self.wait_socket(timeout) if connection is None else self.sockets[connection]
        envelope_id = f"env-{time.time_ns()}"
        await ws.send_json(
            {
                "envelope_id": envelope_id,
                "type": kind,
                "payload": payload,
                "accepts_response_payload": kind != "events_api",
                "retry_attempt": 0,
                "retry_reason": "",
            }
        )

        def acked() -> list[dict[str, Any]]:
            return [a for a in self.socket_acks if a.get("envelope_id") == envelope_id]

        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(lambda: bool(acked())), timeout)
        return acked()[0]

    # ---- handlers ----------------------------------------------------------------------------
    async def _record(self, call: Call | None = None, response: dict | None = None) -> None:
        async with self._changed:
            if call is not None:
                self.calls.append(call)
                self.timeline.append(f"call:{call.method}")
            if response is not None:
                self.responses.append(response)
                self.timeline.append("response")
            self._changed.notify_all()

    async def _handle_upload(self, request: web.Request) -> web.Response:
        data = await request.read()
        self.uploads[request.match_info["file_id"]] = data
        return web.Response(text=f"OK - {len(data)}")

    async def _handle_response_url(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.responded_at.setdefault(request.match_info["key"], []).append(time.monotonic())
        await self._record(response=body)
        return web.Response(text="ok")

    async def _handle_api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        args: dict[str, Any] = dict(request.query)
        if request.can_read_body:
            raw = await request.text()
            if request.content_type == "application/json":
                args.update(json.loads(raw or "{}"))
            elif request.content_type == "application/x-www-form-urlencoded":
                args.update(parse_qsl(raw))
            # multipart (file uploads) is not used by studybot
        for key in ("blocks", "view", "attachments"):  # form-encoded JSON fields
            if isinstance(args.get(key), str):
                args[key] = json.loads(args[key])
        auth = request.headers.get("Authorization", "")
        token = auth.removeprefix("Bearer ") or args.pop("token", None)
        if self.rate_limit_next.get(method, 0) > 0:
            self.rate_limit_next[method] -= 1
            await self._record(Call(method + "#429", args, token))
            return web.json_response(
                {"ok": False, "error": "ratelimited"},
                status=429,
                headers={"Retry-After": str(self.retry_after.get(method, 0))},
            )
        await self._record(Call(method, args, token))
        await asyncio.sleep(self.latency.get(method, 0.0))
        if token in self.bad_tokens:
            return web.json_response({"ok": False, "error": "invalid_auth"})
        if method in self.errors:
            return web.json_response({"ok": False, "error": self.errors[method]})
        return web.json_response(self._answer(method, args))

    def _answer(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        if method == "auth.test":
            return {
                "ok": True,
                "url": "https://test.slack.com/",
                "team": "Test",
                "team_id": TEAM_ID,
                "user": "studybot",
                "user_id": BOT_USER_ID,
                "bot_id": "BBOT",
            }
        channel = str(args.get("channel", ""))
        if method.startswith("chat.") and channel in self.outside:
            return {"ok": False, "error": "not_in_channel"}
        if method == "conversations.join":
            if channel in self.private:
                return {"ok": False, "error": "method_not_supported_for_channel_type"}
            self.outside.discard(channel)
            return {"ok": True, "channel": {"id": channel}}
        if method.startswith("chat.") and invalid_blocks(args.get("blocks")):
            return {"ok": False, "error": "invalid_blocks"}
        if method == "chat.postMessage" and channel[:1] in ("U", "W"):
            # posting to a user id opens the app's direct messages with them, as Slack does
            args = {**args, "channel": "D" + channel[1:]}
        if method in ("chat.postMessage", "chat.update"):
            ts = args.get("ts") or self._next_ts()
            message = {
                "type": "message",
                "user": BOT_USER_ID,
                "ts": ts,
                "text": args.get("text", ""),
                "blocks": args.get("blocks", []),
            }
            if args.get("thread_ts"):
                message["thread_ts"] = args["thread_ts"]
            self.messages.setdefault(args.get("channel", ""), []).append(message)
            return {"ok": True, "channel": args.get("channel"), "ts": ts, "message": message}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": self._next_ts()}
        if method in ("views.open", "views.publish", "views.update", "views.push"):
            view = dict(args.get("view") or {})
            view.setdefault("id", f"V{next(self._view_ids):05d}")
            return {"ok": True, "view": view}
        if method == "users.info":
            user = self.users.get(args.get("user", ""))
            if user is None:
                return {"ok": False, "error": "user_not_found"}
            return {
                "ok": True,
                "user": {
                    "id": user.id,
                    "name": user.name,
                    "real_name": user.name.title(),
                    "is_admin": user.is_admin,
                    "is_owner": user.is_owner,
                    "profile": {"display_name": user.name, "real_name": user.name.title()},
                },
            }
        if method == "users.conversations":
            user = str(args.get("user", ""))
            if user not in self.users:
                return {"ok": False, "error": "user_not_found"}
            found = [{"id": c, "name": self.channels.get(c, c.lower())}
                     for c in sorted(set(self.channels) | set(self.channel_members))
                     if self.is_member(user, c)]  # fmt: skip
            return self._page(found, "channels", args)
        if method == "conversations.members":
            channel = str(args.get("channel", ""))
            if channel not in self.channels and channel not in self.channel_members:
                return {"ok": False, "error": "channel_not_found"}
            members = sorted(u for u in self.users if self.is_member(u, channel))
            return self._page(members, "members", args)
        if method == "conversations.info":
            cid = args.get("channel", "")
            return {"ok": True, "channel": {"id": cid, "name": self.channels.get(cid, cid.lower())}}
        if method in ("conversations.replies", "conversations.history"):
            msgs = self.messages.get(args.get("channel", ""), [])
            if method == "conversations.replies":
                ts = args.get("ts")
                msgs = [m for m in msgs if m["ts"] == ts or m.get("thread_ts") == ts]
            return {"ok": True, "messages": msgs, "has_more": False}
        if method == "apps.connections.open":
            return {"ok": True, "url": f"ws://{self.host}:{self._port}/socket"}
        if method == "files.getUploadURLExternal":
            file_id = f"F{next(self._ts):06d}"
            self.upload_lengths[file_id] = int(args.get("length", -1))
            return {
                "ok": True,
                "file_id": file_id,
                "upload_url": f"{self.base_url}/upload/{file_id}",
            }
        if method == "files.completeUploadExternal":
            files = args.get("files")
            files = json.loads(files) if isinstance(files, str) else files
            for f in files:  # as Slack: only files uploaded in full can be completed
                data = self.uploads.get(f["id"])
                if data is None or len(data) != self.upload_lengths.get(f["id"]):
                    return {"ok": False, "error": "file_upload_incomplete"}
            for f in files:
                self.shared.append(
                    SharedFile(
                        f["id"],
                        str(args.get("channel_id", "")),
                        f.get("title") or "",
                        str(args.get("initial_comment", "")),
                        self.uploads[f["id"]],
                    )
                )
            return {"ok": True, "files": files}
        if method == "reactions.add":
            return {"ok": True}
        return {"ok": False, "error": "unknown_method"}

    def is_member(self, user: str, channel: str) -> bool:
        if channel in self.channel_members:
            return user in self.channel_members[channel]
        return channel in self.channels and user in self.users

    PAGE = 2  # items per page of users.conversations / conversations.members (tests paging)

    def _page(self, items: list, key: str, args: dict[str, Any]) -> dict[str, Any]:
        start = int(args.get("cursor") or 0)
        page = items[start : start + self.PAGE]
        more = start + self.PAGE < len(items)
        cursor = str(start + self.PAGE) if more else ""
        return {"ok": True, key: page, "response_metadata": {"next_cursor": cursor}}

    def _next_ts(self) -> str:
        return f"{int(time.time())}.{next(self._ts):06d}"

    def add_user(self, user_id: str, name: str, *, admin: bool = False) -> FakeUser:
        user = FakeUser(user_id, name, is_admin=admin)
        self.users[user_id] = user
        return user

    def add_thread_reply(self, channel: str, thread_ts: str, user: str, text: str) -> dict:
        """A member's reply in a thread, as Slack would store it (the bot did not post it)."""
        message = {
            "type": "message",
            "user": user,
            "text": text,
            "ts": self._next_ts(),
            "thread_ts": thread_ts,
        }
        self.messages.setdefault(channel, []).append(message)
        return message
