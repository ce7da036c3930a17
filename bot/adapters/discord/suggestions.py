"""Members grow the bank on Discord (bot.core.suggestions).

`/suggest` opens a form with one multi-line field for a question in TOML (validated by the core
exactly like a bank file's question: every problem names its field, shown only to the member).
`/suggestions` (Manage Server) lists the pending ones, shows, edits (the same form, filled in),
accepts or rejects one with a reason. An accepted question joins the group's rotation and its post
credits the author (render.question_embed's footer).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import ui

from bot.adapters.discord.components import ANSWER_MAX
from bot.adapters.discord.render import clip
from bot.adapters.discord.replies import guarded, reply
from bot.core.errors import UsageError
from bot.core.suggestions import FORMAT_HELP

if TYPE_CHECKING:
    from bot.adapters.discord.handlers import Handlers

ACTIONS = ("list", "show", "edit", "accept", "reject")
PLACEHOLDER = 'topic = "git"\nkind = "short"\ndifficulty = 1\ntitle = "..."\nprompt = "..."'


class SuggestModal(ui.Modal):
    """One paragraph field for the question's TOML (a new suggestion, or an admin's edit)."""

    def __init__(
        self, handlers: Handlers, group_id: int, suggestion_id: int | None = None, body: str = ""
    ) -> None:
        title = (
            "Suggest a question" if suggestion_id is None else f"Edit suggestion #{suggestion_id}"
        )
        super().__init__(title=title, timeout=30 * 60)
        self.handlers, self.group_id, self.suggestion_id = handlers, group_id, suggestion_id
        self.toml: ui.TextInput = ui.TextInput(
            label="The question in TOML (/suggest help: format)",
            style=discord.TextStyle.paragraph,
            placeholder=PLACEHOLDER,
            default=body[:ANSWER_MAX] or None,
            max_length=ANSWER_MAX,
        )
        self.add_item(self.toml)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        work = submitted(
            self.handlers, interaction, self.group_id, self.suggestion_id, self.toml.value
        )
        await guarded(interaction, "suggest modal", work)


async def suggest(h: Handlers, interaction: discord.Interaction, help_only: bool) -> None:
    """/suggest: the form (or, with help, the format)."""
    group = await h.group(interaction)
    if help_only:
        await reply(interaction, FORMAT_HELP, ephemeral=True)
        return
    await interaction.response.send_modal(SuggestModal(h, group.id))


async def submitted(
    h: Handlers,
    interaction: discord.Interaction,
    group_id: int,
    suggestion_id: int | None,
    text: str,
) -> None:
    group = await h.group(interaction)
    if group.id != group_id:
        raise UsageError("That form belongs to another channel's group.")
    suggestions = h.service.suggestions
    if suggestion_id is not None:  # an admin's edit
        row = await suggestions.edit(group.id, await h.actor(interaction), suggestion_id, text)
        text = f"Suggestion #{row.id} changed ({row.question_id}); still pending."
        await reply(interaction, text, ephemeral=True)
        return
    member = await h.member(interaction.user, group)
    row = await suggestions.suggest(group.id, member, text)
    await reply(
        interaction,
        f"Thanks! Suggestion #{row.id} (`{row.question_id}`) waits for an admin's review. "
        "If it is accepted, its post credits you.",
        ephemeral=True,
    )


async def review(
    h: Handlers,
    interaction: discord.Interaction,
    action: str,
    number: int | None,
    reason: str,
) -> None:
    """/suggestions [action] [number] [reason]: admins review the group's suggestions."""
    from bot.adapters.discord.handlers import require_admin

    require_admin(interaction, "review suggestions")
    group = await h.group(interaction)
    suggestions, actor = h.service.suggestions, await h.actor(interaction)
    if action == "list":
        rows = await suggestions.pending(group.id, actor)
        lines = [f"`#{r.id}` {r.question_id}, by {discord.utils.escape_markdown(r.author_name)}"
                 for r in rows]  # fmt: skip
        text = (
            "Suggestions waiting for a review (`/suggestions show` with a number):\n"
            + "\n".join(lines)
            if lines
            else "No suggestions wait for a review."
        )
        await reply(interaction, text, ephemeral=True)
        return
    if number is None:
        raise UsageError(f"`/suggestions {action}` needs the suggestion's number.")
    if action == "show":
        row = await suggestions.get(group.id, actor, number)
        note = f" ({row.note})" if row.note else ""
        name = discord.utils.escape_markdown(row.author_name)
        body = row.body.rstrip().replace("```", "`\u200b``")
        text = f"Suggestion #{row.id} by {name}, {row.state}{note}:\n```toml\n{body}\n```"
        await reply(interaction, text, ephemeral=True)
    elif action == "edit":
        row = await suggestions.get(group.id, actor, number)
        if row.state != "pending":
            raise UsageError(f"Suggestion #{row.id} is already {row.state}.")
        await interaction.response.send_modal(SuggestModal(h, group.id, row.id, row.body))
    elif action == "accept":
        question = await suggestions.accept(group.id, actor, number)
        await reply(
            interaction,
            f"Suggestion #{number} accepted: **{clip(question.title, 200)}** joins this group's "
            "rotation (it is asked on a coming posting day).",
            ephemeral=True,
        )
    else:
        row = await suggestions.reject(group.id, actor, number, reason)
        await reply(interaction, f"Suggestion #{row.id} rejected.", ephemeral=True)
