"""Sending replies within Discord's limits, and turning every failure into a short ephemeral note.

Text over 2,000 characters is split on line boundaries (code fences closed and reopened across
parts); beyond `MAX_PARTS` parts it is attached as a file instead. No message the bot sends from
here pings anyone (allowed_mentions none): replies may quote what members' code printed.
"""

from __future__ import annotations

import inspect
import io
import logging
from collections.abc import Awaitable
from typing import Any

import discord
from discord import app_commands

from bot.core.errors import StudyError
from bot.core.output import split_text

log = logging.getLogger(__name__)

MESSAGE_MAX = 2000
MAX_PARTS = 3
NO_PINGS = discord.AllowedMentions.none()
APOLOGY = "Sorry, something went wrong on our side. It has been logged; please try again later."


def prepare(content: str) -> tuple[list[str], discord.File | None]:
    """Message parts for `content`, or one short note and a file when it is very long."""
    parts = split_text(content, MESSAGE_MAX)
    if len(parts) <= MAX_PARTS:
        return parts, None
    note = f"The reply is long ({len(content):,} characters), so it is attached as a file."
    return [note], discord.File(io.BytesIO(content.encode()), filename="reply.txt")


async def reply(
    interaction: discord.Interaction,
    content: str = "",
    *,
    embed: discord.Embed | None = None,
    view: discord.ui.View | None = None,
    ephemeral: bool = True,
    attachment: discord.File | None = None,
) -> None:
    """Answer an interaction (first response or follow-up), splitting long text."""
    parts, file = prepare(content) if content else ([""], None)
    file = file or attachment
    first: dict[str, Any] = {"ephemeral": ephemeral, "allowed_mentions": NO_PINGS}
    if parts[0]:
        first["content"] = parts[0]
    if embed is not None:
        first["embed"] = embed
    if view is not None:
        first["view"] = view
    if file is not None:
        first["file"] = file
    if interaction.response.is_done():
        await interaction.followup.send(**first)
    else:
        await interaction.response.send_message(**first)
    for part in parts[1:]:
        await interaction.followup.send(part, ephemeral=ephemeral, allowed_mentions=NO_PINGS)


async def send_long(
    channel: discord.abc.Messageable, content: str, **kwargs: Any
) -> discord.Message:
    """Send to a channel or thread, splitting long text; returns the first message."""
    parts, file = prepare(content) if content else ([""], None)
    if file is not None:
        kwargs["file"] = file
    kwargs.setdefault("allowed_mentions", NO_PINGS)
    first = await channel.send(parts[0] or None, **kwargs)
    for part in parts[1:]:
        await channel.send(part, allowed_mentions=NO_PINGS)
    return first


def failure_text(error: BaseException) -> str | None:
    """What to tell the member about `error`; None when it is ours (to be logged)."""
    if isinstance(error, app_commands.CommandInvokeError | app_commands.TransformerError):
        error = error.__cause__ or getattr(error, "original", error)
    if isinstance(error, StudyError):
        return str(error)
    if isinstance(error, app_commands.MissingPermissions):
        return "You need the **Manage Server** permission to do that."
    if isinstance(error, app_commands.NoPrivateMessage):
        return "This command works in a server channel."
    if isinstance(error, app_commands.CheckFailure):
        return "You cannot use this command here."
    return None


async def report_failure(interaction: discord.Interaction, error: BaseException, what: str) -> None:
    text = failure_text(error)
    if text is None:
        log.error(
            "discord: %s failed (user=%s guild=%s channel=%s)",
            what,
            interaction.user.id if interaction.user else None,
            interaction.guild_id,
            interaction.channel_id,
            exc_info=error,
        )
        text = APOLOGY
    try:
        await reply(interaction, text, ephemeral=True)
    except discord.HTTPException:
        log.warning("discord: could not tell the member that %s failed", what, exc_info=True)


async def guarded(interaction: discord.Interaction, what: str, work: Awaitable[None]) -> None:
    """Run one interaction handler; any failure becomes a short ephemeral reply.

    First the client's handlers admit the interaction (`Handlers.admit`): one already handled
    (the same interaction id, e.g. replayed on a gateway resume) is dropped without a word; a
    member over their rate limit is told so and nothing is done."""
    admit = getattr(getattr(interaction.client, "studybot_handlers", None), "admit", None)
    try:
        if admit is not None and not await admit(interaction, what):
            if inspect.iscoroutine(work):
                work.close()
            return
        await work
    except Exception as error:
        if inspect.iscoroutine(work):
            work.close()  # never started when admission refused it
        await report_failure(interaction, error, what)
