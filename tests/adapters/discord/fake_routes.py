"""REST routes of the fake Discord: enough of API v10 for what discord.py calls for the bot."""

from __future__ import annotations

import asyncio
import json
import re
from typing import TYPE_CHECKING, Any

import fake_payloads as P
from aiohttp import web

if TYPE_CHECKING:
    from fake_discord import FakeDiscord, Recorded


def _json(data: Any, status: int = 200) -> web.Response:
    # discord.py compares the content type exactly: no "; charset=utf-8"
    body = json.dumps(data).encode()
    return web.Response(body=body, status=status, content_type="application/json")


def _not_found() -> web.Response:
    return _json({"message": "Unknown", "code": 10000}, 404)


def _attachments(r: Recorded) -> list[dict]:
    return [
        {
            "id": str(P.snowflake()),
            "filename": name,
            "size": len(data),
            "url": f"http://127.0.0.1/attachments/{name}",
            "proxy_url": f"http://127.0.0.1/attachments/{name}",
        }
        for name, data in r.files
    ]


def _new_message(fake: FakeDiscord, channel_id: str, body: dict, r: Recorded) -> dict:
    msg = P.message(
        P.snowflake(),
        int(channel_id),
        fake.bot_user,
        guild_id=fake.guild_id,
        content=body.get("content") or "",
        embeds=body.get("embeds"),
        components=body.get("components"),
        attachments=_attachments(r),
        flags=int(body.get("flags") or 0),
    )
    fake.messages[msg["id"]] = msg
    return msg


async def _users_me(fake: FakeDiscord, r: Recorded, m: re.Match) -> web.Response:
    return _json(fake.bot_user)


async def _user(fake: FakeDiscord, r: Recorded, m: re.Match) -> web.Response:
    return _json(P.user(int(m.group("user")), f"user{m.group('user')}"))


async def _open_dm(fake: FakeDiscord, r: Recorded, m: re.Match) -> web.Response:
    """A direct-message channel with a user (messages to it are recorded like any other)."""
    recipient = str((r.json or {}).get("recipient_id"))
    channel_id = fake.dms.get(recipient)
    if channel_id is None:
        channel_id = str(P.snowflake())
        fake.dms[recipient] = channel_id
        fake.channels[channel_id] = {
            "id": channel_id, "type": 1, "last_message_id": None,
            "recipients": [P.user(int(recipient), f"user{recipient}")],
        }  # fmt: skip
    return _json(fake.channels[channel_id])


async def _app_info(fake: FakeDiscord, r: Recorded, m: re.Match) -> web.Response:
    info = {
        "id": str(fake.app_id),
        "name": "studybot",
        "description": "",
        "icon": None,
        "bot_public": True,
        "bot_require_code_grant": False,
        "owner": fake.owner,
        "verify_key": "0" * 64,
        "flags": 0,
        "interactions_endpoint_url": None,
    }
    return _json(info)


async def _gateway(fake: FakeDiscord, r: Recorded, m: re.Match) -> web.Response:
    limit = {"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1}
    return _json({"url": fake.gateway_url, "shards": 1, "session_start_limit": limit})


async def _put_commands(fake: FakeDiscord, r: Recorded, m: re.Match) -> web.Response:
    out = []
    for cmd in r.json or []:
        registered = {
            **cmd,
            "id": str(P.snowflake()),
            "application_id": str(fake.app_id),
            "version": "1",
        }
        if m.group("guild"):
            registered["guild_id"] = m.group("guild")
        fake.commands[cmd["name"]] = registered
        out.append(registered)
    return _json(out)


async def _post_message(fake: FakeDiscord, r: Recorded, m: re.Match) -> web.Response:
    await asyncio.sleep(fake.channel_latency)
    if m.group("channel") not in fake.channels:
        return _not_found()
    msg = _new_message(fake, m.group("channel"), r.json or {}, r)
    fake.posted.append(msg)
    return _json(msg)


async def _message(fake: FakeDiscord, r: Recorded, m: re.Match) -> web.Response:
    msg = fake.messages.get(m.group("message"))
    if msg is None:
        return _not_found()
    if r.method == "PATCH":
        msg.update(
            {k: v for k, v in (r.json or {}).items() if k in ("content", "embeds", "components")}
        )
    return _json(msg)


async def _start_thread(fake: FakeDiscord, r: Recorded, m: re.Match) -> web.Response:
    await asyncio.sleep(fake.channel_latency)
    parent, message_id = m.group("channel"), m.group("message")
    if message_id not in fake.messages:
        return _not_found()
    th = P.thread(int(message_id), fake.guild_id, int(parent), fake.app_id, (r.json or {})["name"])
    fake.channels[th["id"]] = th
    await fake.dispatch("THREAD_CREATE", {**th, "newly_created": True})
    return _json(th, 201)


async def _channel(fake: FakeDiscord, r: Recorded, m: re.Match) -> web.Response:
    ch = fake.channels.get(m.group("channel"))
    return _json(ch) if ch else _not_found()


async def _reaction(fake: FakeDiscord, r: Recorded, m: re.Match) -> web.Response:
    return web.Response(status=204)


async def _guild_member(fake: FakeDiscord, r: Recorded, m: re.Match) -> web.Response:
    uid = m.group("user")
    for msg in fake.messages.values():
        if msg["author"]["id"] == uid:
            return _json(P.member(msg["author"]))
    return _not_found()


async def _callback(fake: FakeDiscord, r: Recorded, m: re.Match) -> web.Response:
    sent = fake.sent_at.get(m.group("id"))
    if sent is not None and r.at - sent > fake.interaction_deadline:
        return _json({"message": "Unknown interaction", "code": 10062}, 404)
    body = r.json or {}
    kind = body.get("type")
    data = body.get("data") or {}
    flags = int(data.get("flags") or 0)
    interaction: dict[str, Any] = {
        "id": m.group("id"),
        "type": 2,
        "response_message_loading": kind == 5,
        "response_message_ephemeral": bool(flags & 64),
    }
    resource: dict[str, Any] = {"type": kind}
    if kind in (4, 5, 7):
        msg = _new_message(fake, fake.channel["id"], data, r)
        fake.messages[f"original:{m.group('token')}"] = msg
        interaction["response_message_id"] = msg["id"]
        if kind != 5:
            resource["message"] = msg
    return _json({"interaction": interaction, "resource": resource})


async def _followup(fake: FakeDiscord, r: Recorded, m: re.Match) -> web.Response:
    return _json(_new_message(fake, fake.channel["id"], r.json or {}, r))


async def _webhook_message(fake: FakeDiscord, r: Recorded, m: re.Match) -> web.Response:
    key = m.group("message")
    if key == "@original":
        key = f"original:{m.group('token')}"
    msg = fake.messages.get(key)
    if msg is None:
        msg = _new_message(fake, fake.channel["id"], {}, r)
        fake.messages[key] = msg
    if r.method == "PATCH":
        body = r.json or {}
        msg.update({k: v for k, v in body.items() if k in ("content", "embeds", "components")})
        msg["attachments"] = _attachments(r) or msg["attachments"]
    return _json(msg)


ROUTES = [
    ("GET", r"/users/@me", _users_me),
    ("POST", r"/users/@me/channels", _open_dm),
    ("GET", r"/users/(?P<user>\d+)", _user),
    ("GET", r"/oauth2/applications/@me", _app_info),
    ("GET", r"/gateway(/bot)?", _gateway),
    ("PUT", r"/applications/\d+(/guilds/(?P<guild>\d+))?/commands", _put_commands),
    ("POST", r"/channels/(?P<channel>\d+)/messages", _post_message),
    ("GET", r"/channels/(?P<channel>\d+)/messages/(?P<message>\d+)", _message),
    ("PATCH", r"/channels/(?P<channel>\d+)/messages/(?P<message>\d+)", _message),
    ("POST", r"/channels/(?P<channel>\d+)/messages/(?P<message>\d+)/threads", _start_thread),
    ("GET", r"/channels/(?P<channel>\d+)", _channel),
    ("PUT", r"/channels/\d+/messages/\d+/reactions/[^/]+/@me", _reaction),
    ("GET", r"/guilds/\d+/members/(?P<user>\d+)", _guild_member),
    ("POST", r"/interactions/(?P<id>\d+)/(?P<token>[^/]+)/callback", _callback),
    ("POST", r"/webhooks/\d+/(?P<token>[^/]+)", _followup),
    ("GET", r"/webhooks/\d+/(?P<token>[^/]+)/messages/(?P<message>[^/]+)", _webhook_message),
    ("PATCH", r"/webhooks/\d+/(?P<token>[^/]+)/messages/(?P<message>[^/]+)", _webhook_message),
]


async def route(fake: FakeDiscord, r: Recorded) -> web.StreamResponse:
    for method, pattern, handler in ROUTES:
        if method == r.method and (m := re.fullmatch(pattern, r.path)):
            return await handler(fake, r, m)
    return _not_found()


async def read_body(request: web.Request) -> tuple[Any, list[tuple[str, bytes]]]:
    if request.content_type.startswith("multipart/"):
        payload: Any = None
        files: list[tuple[str, bytes]] = []
        reader = await request.multipart()
        async for part in reader:
            if part.name == "payload_json":
                payload = json.loads(await part.text())
            else:
                files.append((part.filename or "", bytes(await part.read())))
        return payload, files
    if request.can_read_body:
        raw = await request.read()
        return (json.loads(raw) if raw else None), []
    return None, []
