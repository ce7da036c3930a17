"""Signed, expiring, revocable links to a group's web pages (no passwords).

    links = DashboardLinks(service, public_url="https://study.example.org", hours=24)
    url = await links.link_for(group, member, admin=True)    # what /dashboard replies privately
    grant = await links.check(token)                         # a Grant, or LinkRefused(reason)
    await links.revoke(group.id, member.id)                  # that member's links stop working
    await links.revoke(group.id)                             # every link of the group stops

A token is the HMAC-signed JSON {"g": group, "m": member, "a": admin, "e": expiry, "v": [group
generation, member generation]} (bot.core.signing.Signer, purpose "web-link", key from
STUDYBOT_SIGNING_KEY or the bot's stored key), base64url-encoded so it fits in a URL path. A
revocation bumps a generation kept in the bot_keys table: tokens carrying the old generation are
refused. Nothing here imports aiohttp; the pages are in bot.web.app.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from bot.core.errors import TamperedData
from bot.core.models import Actor, Group, Member
from bot.storage.link_generations import LinkGenerations

if TYPE_CHECKING:
    from bot.core.service import StudyService

PURPOSE = "web-link"
MAX_TOKEN_CHARS = 1000


class LinkRefused(Exception):
    """The link cannot be used; `reason` is one of "tampered", "expired", "revoked"."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Grant:
    """What a valid link allows: one group's pages, as one member, admin pages or not."""

    group_id: int
    member_id: int
    admin: bool
    expires: int  # Unix seconds
    token: str


def _generation_names(group_id: int, member_id: int) -> tuple[str, str]:
    return f"web-gen:{group_id}", f"web-gen:{group_id}:{member_id}"


class DashboardLinks:
    def __init__(self, service: StudyService, public_url: str, hours: float = 24.0) -> None:
        self.service = service
        self.public_url = public_url.rstrip("/")
        self.lifetime = timedelta(hours=hours)
        self.generations = LinkGenerations(service.db)

    async def _generations(self, group_id: int, member_id: int) -> list[int]:
        return await self.generations.get(_generation_names(group_id, member_id))

    async def token_for(self, group: Group, member: Member, *, admin: bool) -> str:
        signer = await self.service.guards.signer()
        expires = int((self.service.clock.now() + self.lifetime).timestamp())
        data = {
            "g": group.id,
            "m": member.id,
            "a": int(bool(admin)),
            "e": expires,
            "v": await self._generations(group.id, member.id),
        }
        raw = signer.dump(data, PURPOSE).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    async def link_for(self, group: Group, member: Member, *, admin: bool) -> str:
        return f"{self.public_url}/web/{await self.token_for(group, member, admin=admin)}/"

    async def check(self, token: str) -> Grant:
        """The grant of a token; LinkRefused("tampered" | "expired" | "revoked")."""
        if not token or len(token) > MAX_TOKEN_CHARS:
            raise LinkRefused("tampered")
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
            data = (await self.service.guards.signer()).load(raw, PURPOSE)
        except (binascii.Error, ValueError, UnicodeDecodeError, TamperedData):
            raise LinkRefused("tampered") from None
        try:
            group_id, member_id = int(data["g"]), int(data["m"])
            admin, expires, generations = bool(data["a"]), int(data["e"]), list(data["v"])
        except (KeyError, TypeError, ValueError):
            raise LinkRefused("tampered") from None
        if expires <= self.service.clock.now().timestamp():
            raise LinkRefused("expired")
        if generations != await self._generations(group_id, member_id):
            raise LinkRefused("revoked")
        return Grant(group_id, member_id, admin, expires, token)

    async def revoke(self, group_id: int, member_id: int | None = None) -> None:
        """Every link issued so far to `member_id` in the group (or, without it, to anyone in the
        group) stops working; links made afterwards work."""
        group_name, member_name = _generation_names(group_id, member_id or 0)
        name = group_name if member_id is None else member_name
        await self.generations.bump(name, self.service.clock.now())


DASHBOARD_USAGE = "dashboard [revoke | revoke all]"
WEB_OFF = (
    "The web pages are off on this bot (an admin can turn them on with [web] enabled in "
    "studybot.toml)."
)


async def dashboard_reply(service: StudyService, group: Group, actor: Actor, args: str) -> str:
    """What `/dashboard [revoke | revoke all]` answers, privately, on every platform."""
    from bot.core.errors import NotAdmin, UsageError

    links: DashboardLinks | None = service.dashboard
    if links is None or not links.public_url:
        return WEB_OFF
    words = args.lower().split()
    if words == ["revoke"]:
        await links.revoke(group.id, actor.member.id)
        return "Done: every dashboard link you were given for this group stops working now."
    if words == ["revoke", "all"]:
        if not actor.is_admin:
            raise NotAdmin("revoke everyone's dashboard links")
        await links.revoke(group.id)
        return "Done: every dashboard link of this group stops working now."
    if words:
        raise UsageError(f"Usage: /{DASHBOARD_USAGE}")
    url = await links.link_for(group, actor.member, admin=actor.is_admin)
    hours = links.lifetime.total_seconds() / 3600
    pages = "boards, charts, rounds" + (" and the admin pages" if actor.is_admin else "")
    return (
        f"Your private link to {group.name or 'the group'}'s pages ({pages}), valid for "
        f"{hours:g} hours; don't share it (/dashboard revoke cancels it):\n{url}"
    )
