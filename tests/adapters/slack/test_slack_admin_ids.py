"""`[slack] admin_user_ids`: listed members act as admins without being workspace admins."""

from __future__ import annotations

from slackenv import ADMIN, CAROL, CHANNEL, SlackEnv

CONFIG_ADMIN = "UCONFIGADMIN"  # listed in the slack_env fixture's SlackConfig.admin_user_ids


async def test_listed_member_can_post_and_unlisted_member_cannot(slack_env: SlackEnv):
    fake, service = slack_env.fake, slack_env.service
    fake.add_user(CONFIG_ADMIN, "configured")  # a plain workspace member (not admin, not owner)
    assert not fake.users[CAROL].is_admin
    await slack_env.command("setup tz UTC", ADMIN)
    group = await service.find_group("slack", CHANNEL)
    assert group is not None

    refused = await slack_env.command("post", CAROL)
    assert refused == "Only admins can post a question."
    assert not fake.messages.get(CHANNEL), "nothing was posted for the unlisted member"
    assert await service.current_round(group.id) is None

    posted = await slack_env.command("post", CONFIG_ADMIN)
    assert posted.startswith("Today's question is up"), posted
    view = await service.current_round(group.id)
    assert view is not None and view.round.message_ref == fake.messages[CHANNEL][0]["ts"]
    # the same id is an admin for the other admin commands too; Carol still is not
    assert "Only admins" in await slack_env.command("skip", CAROL)
    assert "skipped" in await slack_env.command("skip", CONFIG_ADMIN)
