"""Members grow the bank on Discord (fake Discord, the real discord.py client): a member suggests
a question with /suggest's form, the core's validation names the wrong field (only to them), an
admin reviews it with /suggestions and accepts it, and the next day's post credits the author."""

from __future__ import annotations

from datetime import timedelta

from discordenv import DiscordEnv, setup_channel
from fake_discord import FakeDiscord, Recorded

EPHEMERAL = 64
SUGGESTION = "\n".join([
    'topic = "git"',
    'kind = "short"',
    "difficulty = 1",
    'title = "Undo the last commit"',
    'prompt = "Which command moves HEAD back one commit and keeps the changes staged?"',
    'explanation = "--soft moves HEAD only."',
    "[short]",
    'accepted = ["git reset --soft HEAD~1"]',
])  # fmt: skip


async def answered(fake: FakeDiscord, interaction: dict) -> Recorded:
    """The interaction's reply: its callback (type 4), or the first follow-up of a deferral."""
    callback = await fake.callback_of(interaction)
    if callback.json["type"] == 4:
        return callback
    path = f"/webhooks/{fake.app_id}/{interaction['token']}"
    return await fake.wait_for(lambda r: r.method == "POST" and r.path == path)


def content(reply: Recorded) -> str:
    return str((reply.json.get("data") or reply.json).get("content") or "")


async def test_member_suggests_admin_accepts_post_credits(discord_env: DiscordEnv) -> None:
    fake, service = discord_env.fake, discord_env.service
    admin, alice = fake.new_user("admin"), fake.new_user("alice")
    await setup_channel(fake, admin)
    post = await fake.slash("post", admin, admin=True)  # today's question, from the bank
    await answered(fake, post)

    form = await fake.callback_of(await fake.slash("suggest", alice))
    assert form.json["type"] == 9  # a modal
    (field,) = [c for row in form.json["data"]["components"] for c in row["components"]]
    assert field["style"] == 2 and field["max_length"] == 4000  # one multi-line field
    broken = await fake.fill_modal(
        form, alice, SUGGESTION.replace("difficulty = 1", "difficulty = 7")
    )
    refused = await answered(fake, broken)
    assert "field 'difficulty'" in content(refused) and refused.flags & EPHEMERAL

    form = await fake.callback_of(await fake.slash("suggest", alice))
    thanks = await answered(fake, await fake.fill_modal(form, alice, SUGGESTION))
    assert "Suggestion #1 (`git.undo-the-last-commit`) waits" in content(thanks)
    assert thanks.flags & EPHEMERAL
    fmt = await answered(fake, await fake.slash("suggest", alice, {"help": "help"}))
    assert 'kind = "short"' in content(fmt)

    denied = await answered(fake, await fake.slash("suggestions", alice))
    assert "Manage Server" in content(denied)
    listed = await answered(fake, await fake.slash("suggestions", admin, admin=True))
    assert "`#1` git.undo-the-last-commit, by alice" in content(listed)
    shown = await answered(
        fake, await fake.slash("suggestions", admin, {"action": "show", "number": 1}, admin=True)
    )
    assert "Suggestion #1 by alice, pending:" in content(shown)
    assert 'accepted = ["git reset --soft HEAD~1"]' in content(shown)
    accepted = await answered(
        fake, await fake.slash("suggestions", admin, {"action": "accept", "number": 1}, admin=True)
    )
    assert "Suggestion #1 accepted: **Undo the last commit** joins" in content(accepted)
    again = await answered(
        fake, await fake.slash("suggestions", admin, {"action": "reject", "number": 1,
                                                      "reason": "dup"}, admin=True)
    )  # fmt: skip
    assert "already accepted" in content(again)

    # a second one: the admin edits it in the same form (filled in), then rejects it with a reason
    second = SUGGESTION.replace("Undo the last commit", "Drop the last commit")
    form = await fake.callback_of(await fake.slash("suggest", alice))
    await answered(fake, await fake.fill_modal(form, alice, second))
    edit = await fake.slash("suggestions", admin, {"action": "edit", "number": 2}, admin=True)
    form = await fake.callback_of(edit)
    (field,) = [c for row in form.json["data"]["components"] for c in row["components"]]
    assert form.json["type"] == 9 and field["value"].startswith('topic = "git"')
    edited = field["value"].replace("keeps the changes", "keeps your changes")
    changed = await answered(fake, await fake.fill_modal(form, admin, edited, admin=True))
    assert "Suggestion #2 changed (git.drop-the-last-commit); still pending." in content(changed)
    rejected = await answered(
        fake, await fake.slash("suggestions", admin, {"action": "reject", "number": 2,
                                                      "reason": "too close to #1"}, admin=True)
    )  # fmt: skip
    assert "Suggestion #2 rejected." in content(rejected)
    shown = await answered(
        fake, await fake.slash("suggestions", admin, {"action": "show", "number": 2}, admin=True)
    )
    assert "rejected (too close to #1)" in content(shown) and "keeps your changes" in content(shown)

    group = await service.find_group("discord", fake.channel["id"])
    assert group is not None
    tomorrow = service.local_today(group) + timedelta(days=1)
    view = await service.post_round(group.id, on_date=tomorrow)  # reveals today's round first
    assert view.question.id == "git.undo-the-last-commit" and view.suggested_by == "alice"
    posts = [m for m in fake.bot_messages(fake.channel["id"]) if m.get("embeds")]
    embed = posts[-1]["embeds"][0]
    assert embed["title"] == "📚 Undo the last commit"
    assert embed["footer"]["text"].endswith(f"{tomorrow.isoformat()} · Suggested by alice")
