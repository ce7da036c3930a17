"""Member output on Discord cannot break out of its code block, ping anyone or hide as controls."""

from __future__ import annotations

from discordenv import DiscordEnv
from test_discord_limits import run_code

from bot.core.output import ZWSP

NASTY = (
    "print('```')\n"
    "print('````escaped? ``')\n"
    "print('@everyone @here <@123456789012345678> <@&987654321098765432> <!channel>')\n"
    "print('\\x1b[2J\\x1b[31mred \\u202eevil\\r')\n"
    "print('END')\n"
)


async def test_run_output_stays_in_one_block_and_pings_nobody(discord_env: DiscordEnv) -> None:
    [reply] = await run_code(discord_env.fake, NASTY)
    content = reply.json["content"]
    assert content.count("```") == 2 and content.rstrip().endswith("```")
    body = content[content.index("```") + 3 : content.rindex("```")]
    assert "``" not in body  # no run of backticks left inside the block
    assert "@everyone" not in content and "@here" not in content
    assert "<@123456789012345678>" not in content and "<@&987654321098765432>" not in content
    assert f"@{ZWSP}everyone" in content and f"<{ZWSP}@123456789012345678>" in content
    assert "\x1b" not in content and "\u202e" not in content and "\r" not in content
    assert "\\x1b[2J\\x1b[31mred \\u202eevil\\r" in content
    assert reply.json["allowed_mentions"] == {"parse": []}
    assert not reply.files


async def test_errors_raised_by_member_code_ping_nobody(discord_env: DiscordEnv) -> None:
    code = "raise ValueError('@everyone ``` <@&987654321098765432>')  # END"
    fake = discord_env.fake
    who = fake.new_user("raiser")
    run = await fake.slash("run", who)
    submitted = await fake.fill_modal(await fake.callback_of(run), who, code)
    path = f"/webhooks/{fake.app_id}/{submitted['token']}"
    reply = await fake.wait_for(lambda r: r.path == path and r.method == "POST")
    content = reply.json["content"]
    assert "ValueError" in content and content.count("```") == 2
    assert "@everyone" not in content and "<@&" not in content
    assert reply.json["allowed_mentions"] == {"parse": []}
