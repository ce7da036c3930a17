"""The posted code question states the sandbox rules from the live policy (fake Discord)."""

from __future__ import annotations

from discordenv import DiscordEnv, setup_channel

from bot.bank.model import CodeSpec
from bot.bank.rules import sandbox_rules


async def test_code_question_post_states_the_sandbox_rules(discord_env: DiscordEnv) -> None:
    fake, service = discord_env.fake, discord_env.service
    admin = fake.new_user("admin")
    await setup_channel(fake, admin)
    post = await fake.slash("post", admin, admin=True)
    await fake.wait_for(lambda r: r.path == f"/webhooks/{fake.app_id}/{post['token']}")
    group = await service.find_group("discord", fake.channel["id"])
    assert group is not None
    view = await service.current_round(group.id)
    assert view is not None and isinstance(view.question.spec, CodeSpec)
    rules = sandbox_rules(service.config.sandbox, time_limit=view.question.spec.time_limit)
    embed = fake.bot_messages(fake.channel["id"])[0]["embeds"][0]
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert fields["Sandbox rules"] == rules
    assert "`import` works for:" in rules
