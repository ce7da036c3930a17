"""The group web pages through aiohttp's test client, over a real SQLite database and the real
service: rendering, the signed link's scope (group, member, admin), expiry, tampering,
revocation, nothing of an open round before its reveal, and the schedule editor."""

from __future__ import annotations

import re

from bot.core.models import Actor
from bot.web.links import dashboard_reply
from tests.conftest import RecordingPublisher, group_with
from tests.web.support import played_round, web_client


def path_of(url: str) -> str:
    return "/" + url.split("/", 3)[3]


async def test_member_link_shows_boards_charts_topics_and_rounds(service):
    service.register_publisher(RecordingPublisher())
    group = await group_with(service, "choice")
    round_, _ = await played_round(service, group, {"Alice": "B", "Bob": "A", "Cleo": "b"})
    client, links = await web_client(service)
    try:
        alice = await service.find_member("test", "alice")
        link = path_of(await links.link_for(group, alice, admin=False))
        for period in ("week", "month", "all"):
            response = await client.get(link + f"?period={period}")
            html = await response.text()
            assert response.status == 200, html
            assert "<svg" in html and 'role="img"' in html
            assert "Alice" in html and "Cleo" in html and "(you)" in html
        assert response.headers["Referrer-Policy"] == "no-referrer"
        assert "script" not in html.lower()
        # a member's points over time (line chart) and streaks
        html = await (await client.get(link + f"members/{alice.id}")).text()
        assert "<polyline" in html and "Current streak" in html and "Longest streak" in html
        # topic mastery: 2 of 3 fully correct in topic "choice"
        html = await (await client.get(link + "topics")).text()
        assert re.search(
            r"<td>choice</td><td class=\"num\">1</td><td class=\"num\">3</td>"
            r"<td class=\"num\">2</td>",
            html,
        ), html
        # round history and the round's page: distribution, share correct, fastest
        html = await (await client.get(link + "rounds")).text()
        assert f"rounds/{round_.id}" in html and "Pick B" in html
        html = await (await client.get(link + f"rounds/{round_.id}")).text()
        assert "B is the second letter." in html
        assert re.search(r"B\) B</td><td class=\"num\">2</td>", html), html
        assert re.search(r"A\) A</td><td class=\"num\">1</td>", html), html
        assert "3 answered; 2 fully correct (67 %)" in html
        assert "Fastest correct: Alice" in html
    finally:
        await client.close()


async def test_an_open_round_leaks_nothing_before_its_reveal(service):
    service.register_publisher(RecordingPublisher())
    group = await group_with(service, "choice")
    admin = await service.ensure_member("test", "admin", "Admin")
    view = await service.post_round(group.id, Actor(admin, is_admin=True))
    alice = await service.ensure_member("test", "alice", "Alice")
    await service.submit(group.id, alice, "B")
    client, links = await web_client(service)
    try:
        link = path_of(await links.link_for(group, admin, admin=True))
        response = await client.get(link + f"rounds/{view.round.id}")
        assert response.status == 404
        pages = [
            "",
            "?period=all",
            "rounds",
            "topics",
            f"members/{alice.id}",
            f"members/{admin.id}",
        ]
        for page in pages:
            html = await (await client.get(link + page)).text()
            assert "B is the second letter" not in html
            assert "Pick B" not in html  # not even the open round's title
        html = await (await client.get(link + f"members/{alice.id}")).text()
        assert '<th scope="row">Fully correct</th><td class="num">0</td>' in html  # sealed
        assert '<th scope="row">Points</th><td class="num">0</td>' in html
        await service.reveal(group.id, Actor(admin, is_admin=True))
        response = await client.get(link + f"rounds/{view.round.id}")
        assert response.status == 200 and "B is the second letter" in await response.text()
    finally:
        await client.close()


async def test_refused_links_get_a_clear_403_page(service, clock):
    service.register_publisher(RecordingPublisher())
    group = await group_with(service, "choice")
    other = await group_with(service, "choice", external_id="other")
    round_, admin = await played_round(service, group, {"Alice": "B"})
    client, links = await web_client(service, hours=2)
    try:
        alice = await service.find_member("test", "alice")
        link = path_of(await links.link_for(group, alice, admin=False))
        token = link.split("/")[2]
        tampered = token[:-3] + ("AAA" if token[-3:] != "AAA" else "BBB")
        for bad in (tampered, "x", token[:-10], "A" * 2000):
            response = await client.get(f"/web/{bad}/")
            assert response.status == 403
            assert "This link is not valid" in await response.text()
        # a member's link never opens admin pages
        for page in ("admin/schedule", "admin/bank"):
            response = await client.get(link + page)
            assert response.status == 403
            assert "for the group&#39;s admins" in await response.text()
        response = await client.post(link + "admin/schedule", data={"time": "07:00"})
        assert response.status == 403
        # another group's link reaches nothing of this group
        other_link = path_of(await links.link_for(other, alice, admin=True))
        assert (await client.get(other_link + f"rounds/{round_.id}")).status == 404
        assert (await client.get(other_link + f"members/{admin.id}")).status == 404
        html = await (await client.get(other_link + "?period=all")).text()
        assert "Nobody has points in this period yet." in html and "Pick B" not in html
        # revoked: that member's links stop, a new one works, others' links keep working
        admin_link = path_of(await links.link_for(group, admin, admin=True))
        assert (await client.post(link + "revoke")).status == 200
        response = await client.get(link)
        assert response.status == 403 and "This link was revoked" in await response.text()
        assert (await client.get(admin_link)).status == 200
        fresh = path_of(await links.link_for(group, alice, admin=False))
        assert (await client.get(fresh)).status == 200
        # an admin revokes the whole group's links
        text = await dashboard_reply(service, group, Actor(admin, is_admin=True), "revoke all")
        assert "stops working" in text
        assert (await client.get(fresh)).status == 403
        assert (await client.get(admin_link)).status == 403
        # expired
        link = path_of(await links.link_for(group, alice, admin=False))
        assert (await client.get(link)).status == 200
        clock.advance(hours=2, seconds=1)
        response = await client.get(link)
        assert response.status == 403 and "This link has expired" in await response.text()
    finally:
        await client.close()


async def test_admin_schedule_editor_and_bank_browser(service):
    service.register_publisher(RecordingPublisher())
    group = await group_with(service, "choice")
    admin = await service.ensure_member("test", "admin", "Admin")
    changed = []
    service.on_schedule_changed(lambda g: changed.append(g.settings.schedule))
    client, _ = await web_client(service)
    try:
        text = await dashboard_reply(service, group, Actor(admin, is_admin=True), "")
        link = path_of(text.rsplit("\n", 1)[1])
        html = await (await client.get(link + "admin/schedule")).text()
        assert 'id="time"' in html and '<label for="time">' in html
        form = {
            "time": "07:45",
            "tz": "Europe/Berlin",
            "days": "mon,wed,fri",
            "reveal": "19:00",
            "reveal_after": "",
            "reminder": "30",
            "topics": "choice",
            "enabled": "on",
        }
        response = await client.post(link + "admin/schedule", data=form)
        assert response.status == 200 and "Saved." in await response.text()
        schedule = (await service.get_group(group.id)).settings.schedule
        assert (schedule.post_time, schedule.timezone, schedule.weekdays) == (
            "07:45",
            "Europe/Berlin",
            (0, 2, 4),
        )
        assert (schedule.reveal_time, schedule.reminder_minutes) == ("19:00", 30)
        assert changed and changed[-1] == schedule  # the scheduler is told
        # the same validation as /schedule: nothing saved
        response = await client.post(link + "admin/schedule", data={**form, "time": "25:00"})
        html = await response.text()
        assert response.status == 400 and "expected a time as HH:MM" in html
        bad_zone = {**form, "tz": "Mars/Olympus"}
        assert (await client.post(link + "admin/schedule", data=bad_zone)).status == 400
        assert (await service.get_group(group.id)).settings.schedule == schedule
        # bank browser with a topic filter
        html = await (await client.get(link + "admin/bank?topic=short")).text()
        assert "What is 2 + 2" not in html and "Sum" in html and "Pick B" not in html
        html = await (await client.get(link + "admin/bank")).text()
        assert "Sum" in html and "Pick B" in html and "Discuss" in html
    finally:
        await client.close()


async def test_dashboard_reply_when_the_pages_are_off(service):
    group = await group_with(service, "choice")
    admin = await service.ensure_member("test", "admin", "Admin")
    text = await dashboard_reply(service, group, Actor(admin, is_admin=True), "")
    assert "web pages are off" in text


async def test_a_round_asking_an_accepted_suggestion_shows_its_question(service):
    """Rounds may ask a member's accepted suggestion, which is not in the bank files: the round
    history and the round's page find it all the same."""
    service.register_publisher(RecordingPublisher())
    group = await service.ensure_group("test", "chan", "chan")
    admin = await service.ensure_member("test", "admin", "Admin")
    actor = Actor(admin, is_admin=True)
    group = await service.update_settings(group.id, actor, topics="short")
    alice = await service.ensure_member("test", "alice", "Alice")
    suggestion = "\n".join(
        [
            'topic = "short"',  # a topic of the bank: a newly accepted suggestion goes first
            'kind = "short"',
            "difficulty = 1",
            'title = "Undo the last commit"',
            'prompt = "Which command moves HEAD back one commit and keeps the changes staged?"',
            'explanation = "--soft moves HEAD only."',
            "[short]",
            'accepted = ["git reset --soft HEAD~1"]',
        ]
    )
    row = await service.suggestions.suggest(group.id, alice, suggestion)
    await service.suggestions.accept(group.id, actor, row.id)
    round_, _ = await played_round(service, group, {"Alice": "git reset --soft HEAD~1"})
    client, links = await web_client(service)
    try:
        link = path_of(await links.link_for(group, alice, admin=False))
        html = await (await client.get(link + "rounds")).text()
        assert "Undo the last commit" in html, html
        html = await (await client.get(link + f"rounds/{round_.id}")).text()
        assert "--soft moves HEAD only." in html, html
    finally:
        await client.close()
