"""Peer votes on Discord: a 👍 reaction (any skin tone) on a member's message in the discussion
thread of the group's current round is a vote for its author; removing it withdraws the vote.

`Handlers.vote` and `Handlers.unvote` (bot.adapters.discord.handlers) delegate here. Votes are
silent: a reaction that does not count, or one over the rate limit, is ignored (and logged).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import discord

from bot.adapters.discord.handlers import PLATFORM
from bot.core.errors import StudyError
from bot.core.limits import Action
from bot.core.models import Group

if TYPE_CHECKING:
    from bot.adapters.discord.handlers import Handlers

log = logging.getLogger(__name__)
VOTE_EMOJI = "\N{THUMBS UP SIGN}"
_SKIN_TONES = {chr(c) for c in range(0x1F3FB, 0x1F400)} | {"\ufe0f"}


def vote_variant(emoji: discord.PartialEmoji) -> str | None:
    """The emoji's text if it is a 👍 (any skin tone, with or without VS16), else None."""
    if emoji.id is not None or not emoji.name:
        return None
    base = "".join(ch for ch in emoji.name if ch not in _SKIN_TONES)
    return emoji.name if base == VOTE_EMOJI else None


async def vote(h: Handlers, client: discord.Client, event: discord.RawReactionActionEvent) -> None:
    """A 👍 (any skin tone) on a member's message in the round's thread is a peer vote."""
    variant = vote_variant(event.emoji)
    if variant is None or event.guild_id is None:
        return
    if client.user is None or event.user_id == client.user.id:
        return
    if event.message_author_id is not None and event.message_author_id == event.user_id:
        return  # own messages don't count
    found = await round_thread(h, client, event)
    if found is None:
        return
    group, thread = found
    if not vote_allowed(h, event.user_id):
        return
    message = await thread.fetch_message(event.message_id)
    if message.author.bot or message.author.id == event.user_id:
        return
    reactor = event.member or await client.fetch_user(event.user_id)
    counted = await h.service.vote(
        group.id,
        await h.member(reactor, group),
        await h.member(message.author, group),
        str(message.id),
        variant,
    )
    log.debug("discord: vote by %s on %s counted=%s", event.user_id, message.id, counted)


async def unvote(
    h: Handlers, client: discord.Client, event: discord.RawReactionActionEvent
) -> None:
    """A removed 👍 (of that skin tone) withdraws it (until the reveal); the vote stays while
    the voter has another 👍 for the author."""
    variant = vote_variant(event.emoji)
    if variant is None or event.guild_id is None:
        return
    found = await round_thread(h, client, event)
    voter = await h.service.find_member(PLATFORM, str(event.user_id))
    if found is None or voter is None or not vote_allowed(h, event.user_id):
        return
    removed = await h.service.unvote(found[0].id, voter, str(event.message_id), variant)
    log.debug("discord: vote by %s on %s removed=%s", event.user_id, event.message_id, removed)


def vote_allowed(h: Handlers, user_id: int) -> bool:
    """Votes are silent: over the limit, a reaction is ignored (and logged)."""
    try:
        h.service.guards.check_rate(Action.VOTE, f"discord:{user_id}")
    except StudyError:
        log.info("discord: vote reaction by %s ignored: over the rate limit", user_id)
        return False
    return True


async def round_thread(
    h: Handlers, client: discord.Client, event: discord.RawReactionActionEvent
) -> tuple[Group, discord.Thread] | None:
    """The group and thread, if the reaction is in the discussion thread of its current round."""
    thread = await _resolve_channel(client, event.channel_id)
    if not isinstance(thread, discord.Thread) or thread.parent_id is None:
        return None
    group = await h.service.find_group(PLATFORM, str(thread.parent_id))
    if group is None:
        return None
    current = await h.service.current_round(group.id)
    if current is None or current.round.thread_ref != str(thread.id):
        return None
    return group, thread


async def _resolve_channel(client: discord.Client, channel_id: int) -> Any:
    channel = client.get_channel(channel_id)
    if channel is None:
        for guild in client.guilds:
            channel = guild.get_thread(channel_id)
            if channel is not None:
                break
    return channel or await client.fetch_channel(channel_id)
