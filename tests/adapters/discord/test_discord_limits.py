"""Discord's limits: long replies are split (fences kept balanced) or attached; failures are short."""

from __future__ import annotations

import logging

import pytest
from discordenv import DiscordEnv, setup_channel
from fake_discord import FakeDiscord, Recorded

from bot.adapters.discord.replies import APOLOGY, MESSAGE_MAX
from bot.core.output import split_text


async def run_code(fake: FakeDiscord, code: str) -> list[Recorded]:
    """/run `code` (which prints END last); return the follow-up messages carrying its output."""
    who = fake.new_user("runner")
    run = await fake.slash("run", who)
    submitted = await fake.fill_modal(await fake.callback_of(run), who, code)
    path = f"/webhooks/{fake.app_id}/{submitted['token']}"
    await fake.wait_for(
        lambda r: r.path == path and ("END" in r.json.get("content", "") or bool(r.files))
    )
    return [r for r in fake.webhook_calls(submitted) if r.method == "POST"]


async def test_long_run_output_is_one_message_and_an_attachment(discord_env: DiscordEnv) -> None:
    """Over 2,000 characters of output: the head in one message, all of it in output.txt."""
    fake = discord_env.fake
    lines = 60
    code = f"for i in range({lines}):\n    print('line', i, 'x' * 60)\nprint('END')"
    [reply] = await run_code(fake, code)
    content = reply.json["content"]
    assert reply.flags == 64 and len(content) <= 2000 and content.count("```") == 2
    assert "all of it (61 lines) is attached" in content and "line 0 " in content
    [(name, data)] = reply.files
    text = data.decode()
    assert name == "output.txt" and all(f"line {i} " in text for i in range(lines))
    assert text.endswith("END\n")


async def test_very_long_output_is_attached_as_a_file(discord_env: DiscordEnv) -> None:
    fake = discord_env.fake
    code = "for i in range(5000):\n    print('row', i)\nprint('END')"
    [reply] = await run_code(fake, code)
    assert reply.flags == 64 and "all of it (5,001 lines) is attached" in reply.json["content"]
    [(name, data)] = reply.files
    expected = "".join(f"row {i}\n" for i in range(5000)) + "END\n"
    assert name == "output.txt" and data.decode() == expected


async def test_unexpected_errors_give_a_short_apology_and_a_log_entry(
    discord_env: DiscordEnv, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake, service = discord_env.fake, discord_env.service

    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("database on fire")

    monkeypatch.setattr(service, "leaderboard", broken)
    admin = fake.new_user("admin")
    await setup_channel(fake, admin)
    with caplog.at_level(logging.ERROR):
        reply = await fake.callback_of(await fake.slash("leaderboard", fake.new_user("eve")))
    assert reply.flags == 64 and reply.json["data"]["content"] == APOLOGY
    assert "Traceback" not in reply.json["data"]["content"]
    assert any("/leaderboard failed" in r.getMessage() and r.exc_info for r in caplog.records)


def test_split_text_keeps_code_fences_balanced() -> None:
    text = "intro\n```py\n" + "\n".join(f"print({i})" for i in range(600)) + "\n```\nend"
    parts = split_text(text, MESSAGE_MAX)
    assert len(parts) > 1 and all(len(p) <= 2000 for p in parts)
    assert all(p.count("```") % 2 == 0 for p in parts)
    assert parts[1].startswith("```py") and parts[-1].endswith("end")
    unfenced = "".join(p.replace("```py\n", "").replace("```", "") for p in parts)
    assert all(f"print({i})" in unfenced for i in range(600))


def test_split_text_cuts_one_huge_line() -> None:
    parts = split_text("z" * 4500, MESSAGE_MAX)
    assert [len(p) for p in parts][:2] == [1988, 1988] and "".join(parts) == "z" * 4500


def test_embeds_stay_within_discord_limits_for_huge_questions() -> None:
    from dataclasses import replace
    from datetime import UTC, date, datetime

    from bot.adapters.discord import render
    from bot.bank import bundled_bank_dir, load_bank
    from bot.core.models import RevealSummary, Round, RoundState, RoundView

    question = load_bank([bundled_bank_dir()]).get("algorithms.sum-one-line.code")
    huge = replace(question, title="T" * 400, prompt="p" * 9000, explanation="e" * 9000)
    now = datetime.now(UTC)
    round_ = Round(1, 1, date(2026, 3, 2), huge.id, RoundState.POSTED, now, now)
    embed = render.question_embed(RoundView(round_, huge, 0))
    assert len(embed) <= render.EMBED_TOTAL_MAX and len(embed.title or "") <= 256
    assert len(embed.description or "") <= render.DESCRIPTION_MAX
    summary = RevealSummary(round_, huge, "a" * 3000, 0, 0, ())
    shown, overflow = render.reveal_embed(summary)
    assert len(shown) <= render.EMBED_TOTAL_MAX and len(shown.description or "") <= 4096
    assert overflow.endswith("e" * 100)  # the rest of the explanation follows as messages
