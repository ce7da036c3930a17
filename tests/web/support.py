"""Helpers for the web page tests: the pages on a real aiohttp server over the real service."""

from __future__ import annotations

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.core.models import Actor
from bot.core.service import StudyService
from bot.web.app import add_web_routes
from bot.web.links import DashboardLinks


async def web_client(
    service: StudyService, hours: float = 24.0
) -> tuple[TestClient, DashboardLinks]:
    links = DashboardLinks(service, "", hours)
    service.dashboard = links
    app = web.Application()
    add_web_routes(app, service, links)
    client = TestClient(TestServer(app))
    await client.start_server()
    links.public_url = str(client.make_url("")).rstrip("/")
    return client, links


async def played_round(service: StudyService, group, answers: dict[str, str]):
    """Post a round of `group`, answer it as each name -> answer, reveal it; (round, admin)."""
    admin = await service.ensure_member("test", "admin", "Admin")
    view = await service.post_round(group.id, Actor(admin, is_admin=True))
    for name, answer in answers.items():
        member = await service.ensure_member("test", name.lower(), name)
        await service.submit(group.id, member, answer)
        service.clock.advance(minutes=1)
    await service.reveal(group.id, Actor(admin, is_admin=True))
    return view.round, admin
