"""`/study dashboard` through bolt's HTTP path against the fake Slack: an ephemeral reply with a
signed link scoped to the channel's group and the caller (admin pages for workspace admins only),
and `/study dashboard revoke` cancels the caller's links."""

from __future__ import annotations

import re

from slackenv import ADMIN, ALICE, CHANNEL, SlackEnv

from bot.web.links import DashboardLinks, LinkRefused


async def test_dashboard_on_slack(slack_env: SlackEnv) -> None:
    env, service = slack_env, slack_env.service
    await env.setup_and_post()
    group = await service.find_group("slack", CHANNEL)
    off = await env.command("dashboard", ALICE)
    assert "web pages are off" in off
    links = service.dashboard = DashboardLinks(service, "https://study.example.org")

    reply = await env.command("dashboard", ALICE)  # ephemeral (checked by env.command)
    token = re.search(r"https://study\.example\.org/web/([\w-]+)/", reply).group(1)
    grant = await links.check(token)
    alice = await service.find_member("slack", ALICE)
    assert (grant.group_id, grant.member_id, grant.admin) == (group.id, alice.id, False)
    reply = await env.command("dashboard", ADMIN)
    admin_token = re.search(r"/web/([\w-]+)/", reply).group(1)
    assert (await links.check(admin_token)).admin
    assert all(r.get("response_type") == "ephemeral" for r in env.fake.responses)
    assert not any("/web/" in str(c.args) for c in env.fake.calls_to("chat.postMessage"))

    done = await env.command("dashboard revoke", ALICE)
    assert "stops working" in done
    try:
        await links.check(token)
        raise AssertionError("a revoked link still works")
    except LinkRefused as exc:
        assert exc.reason == "revoked"
    assert (await links.check(admin_token)).admin  # other members' links keep working
    refused = await env.command("dashboard revoke all", ALICE)
    assert "Only admins" in refused
