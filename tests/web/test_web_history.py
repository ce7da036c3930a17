"""What the web pages read from the database (bot.storage.history, bot.storage.link_generations),
on both backends: places gained and lost since the latest reveal, a round's most voted
discussion message, and link generations counting up."""

from __future__ import annotations

import re

from bot.core.models import Actor, Period
from bot.storage.history import HistoryRepository
from bot.storage.link_generations import LinkGenerations
from tests.conftest import RecordingPublisher, group_with
from tests.web.support import played_round, web_client


def path_of(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def change_of(html: str, name: str) -> str:
    """The change cell of `name`'s board row (its aria-label, or "new")."""
    row = next(r for r in html.split("<tr")[1:] if f">{name}</a>" in r)
    found = re.search(r'aria-label="([^"]+)"|>(new)<', row)
    assert found, row
    return found.group(1) or found.group(2)


async def test_the_board_shows_places_gained_and_lost_since_the_latest_reveal(service, clock):
    service.register_publisher(RecordingPublisher())
    group = await group_with(service, "choice")
    await played_round(service, group, {"Alice": "B", "Dan": "B", "Bob": "A"})
    clock.advance(days=1)
    second, _ = await played_round(service, group, {"Bob": "B", "Alice": "A", "Cleo": "A"})
    history = HistoryRepository(service.db)
    latest = await history.latest_revealed(group.id)
    assert latest is not None and latest[0] == second.id
    alice, bob, cleo, dan = [
        await service.find_member("test", n) for n in ("alice", "bob", "cleo", "dan")
    ]
    before = await history.ranks_before(group.id, second.id, Period.ALL, None)
    assert before == {alice.id: 1, dan.id: 2, bob.id: 3}  # Cleo had no round before
    client, links = await web_client(service)
    try:
        link = path_of(await links.link_for(group, alice, admin=False))
        html = await (await client.get(link + "?period=all")).text()
        # now: Alice and Bob tie first (first correct once each, Bob's with a streak bonus
        # making up for Alice's), Dan third, Cleo (wrong) last
        assert change_of(html, "Bob") == "up 2"
        assert change_of(html, "Alice") == "no change"
        assert change_of(html, "Dan") == "down 1"
        assert change_of(html, "Cleo") == "new"
        html = await (await client.get(link + f"members/{bob.id}")).text()
        assert "<polyline" in html
    finally:
        await client.close()
    series = await history.points_by_round(group.id, cleo.id)
    assert [points for _, points in series] == [0, 0]  # missed the first, wrong in the second
    assert await history.member_in_group(group.id, cleo.id)
    assert not await history.member_in_group(group.id, 10**9)


async def test_a_round_page_names_its_most_voted_message(service):
    service.register_publisher(RecordingPublisher())
    group = await group_with(service, "choice")
    admin = await service.ensure_member("test", "admin", "Admin")
    view = await service.post_round(group.id, Actor(admin, is_admin=True))
    alice, bob, cleo = [
        await service.ensure_member("test", n.lower(), n) for n in ("Alice", "Bob", "Cleo")
    ]
    await service.say(group.id, alice, "B, since it is the second letter")
    await service.say(group.id, bob, "I guess A")
    for voter in (bob, cleo, admin):
        assert await service.vote_for(group.id, voter, 1)
    assert await service.vote_for(group.id, alice, 2)
    await service.reveal(group.id, Actor(admin, is_admin=True))
    row = await HistoryRepository(service.db).most_voted(view.round.id)
    assert row is not None and (row["id"], int(row["n"])) == (alice.id, 3)
    client, links = await web_client(service)
    try:
        link = path_of(await links.link_for(group, bob, admin=False))
        html = await (await client.get(link + f"rounds/{view.round.id}")).text()
        assert "Most-voted discussion answer: Alice (3 votes)" in html, html
        assert "B, since it is the second letter" in html
    finally:
        await client.close()


async def test_link_generations_count_up_per_name(service):
    generations = LinkGenerations(service.db)
    assert await generations.get(["web-gen:1", "web-gen:1:2"]) == [0, 0]
    assert await generations.bump("web-gen:1:2", service.clock.now()) == 1
    assert await generations.bump("web-gen:1:2", service.clock.now()) == 2
    assert await generations.get(["web-gen:1", "web-gen:1:2"]) == [0, 2]
    assert await generations.get([]) == []


async def test_a_link_made_after_one_revocation_stops_at_the_next(service):
    service.register_publisher(RecordingPublisher())
    group = await group_with(service, "choice")
    await played_round(service, group, {"Alice": "B"})
    alice = await service.find_member("test", "alice")
    client, links = await web_client(service)
    try:
        await links.revoke(group.id, alice.id)
        link = path_of(await links.link_for(group, alice, admin=False))
        assert (await client.get(link)).status == 200
        await links.revoke(group.id, alice.id)
        response = await client.get(link)
        assert response.status == 403 and "This link was revoked" in await response.text()
    finally:
        await client.close()
