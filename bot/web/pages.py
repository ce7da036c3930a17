"""What every group page shares: the link check before a page handler runs (`page`), the
template rendering with the pages' security headers, the refusal pages (403, 404) and the
context every template gets."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import jinja2
from aiohttp import web

from bot.web import data
from bot.web.links import DashboardLinks, Grant, LinkRefused

if TYPE_CHECKING:
    from bot.core.service import StudyService

SERVICE = web.AppKey("studybot_web_service", object)
LINKS = web.AppKey("studybot_web_links", object)
FACTS = web.AppKey("studybot_web_facts", object)
HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",  # the token is in the URL: never sent elsewhere
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:;"
    " form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
}
REFUSED = {
    "tampered": (
        "This link is not valid",
        "It was changed or cut short. Ask the bot for a new one with /dashboard.",
    ),
    "expired": ("This link has expired", "Ask the bot for a new one with /dashboard."),
    "revoked": ("This link was revoked", "Ask the bot for a new one with /dashboard."),
    "admin": (
        "This page is for the group's admins",
        "Your link opens the group's boards, charts and rounds; admins get links to the admin pages.",
    ),
}

_env = jinja2.Environment(
    loader=jinja2.PackageLoader("bot.web", "templates"),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
)


def render(name: str, status: int = 200, **context: Any) -> web.Response:
    html = _env.get_template(name).render(**context)
    return web.Response(
        text=html, status=status, content_type="text/html", charset="utf-8", headers=HEADERS
    )


def refused(reason: str) -> web.Response:
    title, hint = REFUSED[reason]
    return render("refused.html", status=403, title=title, hint=hint, reason=reason)


Handler = Callable[[web.Request, Grant], Awaitable[web.Response]]


def page(*, admin: bool = False) -> Callable[[Handler], Callable[[web.Request], Any]]:
    """Check the link of the request (and admin rights) before the page handler runs."""

    def wrap(handler: Handler) -> Callable[[web.Request], Any]:
        async def checked(request: web.Request) -> web.Response:
            links: DashboardLinks = request.app[LINKS]  # type: ignore[assignment]
            try:
                grant = await links.check(request.match_info["token"])
            except LinkRefused as exc:
                return refused(exc.reason)
            if admin and not grant.admin:
                return refused("admin")
            return await handler(request, grant)

        return checked

    return wrap


def not_found(what: str) -> web.Response:
    return render("refused.html", status=404, title=f"No such {what}", hint="", reason="missing")


async def page_context(request: web.Request, grant: Grant, section: str) -> dict[str, Any]:
    """What every page template gets: the group, you (by your name in it), links, the section."""
    service: StudyService = request.app[SERVICE]  # type: ignore[assignment]
    group = await service.get_group(grant.group_id)
    member = await service.members.get(grant.member_id)
    if member is None:
        raise web.HTTPForbidden()
    return {
        "service": service,
        "group": group,
        "group_name": group.name or group.external_id,
        "me": await data.named(service, group.id, member),
        "admin": grant.admin,
        "base": f"/web/{grant.token}",
        "section": section,
    }
