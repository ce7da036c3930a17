"""What each Discord interaction does, as thin calls into `StudyService`.

Entry points (slash commands, buttons, modals, reactions) call these methods inside
`replies.guarded`, so every failure becomes a short ephemeral reply and ours are logged.

`admit` runs first for every interaction: its id is handled once (persisted, so another process
on the database agrees), and each member has rate limits per kind of request. A group is only
reached from a channel of the interaction's own guild (`group`). Members are stored with their
global Discord name; a server nickname is remembered for that server's group only.
Reactions (peer votes) are handled in bot.adapters.discord.votes.
"""

from __future__ import annotations

import io
import logging
from typing import Any

import discord

from bot.adapters.discord import components, render
from bot.adapters.discord.replies import reply
from bot.bank.model import ChoiceSpec
from bot.core.errors import NoActiveRound, NotAdmin, RoundClosed, StudyError
from bot.core.limits import Action
from bot.core.models import Actor, Group, Member, Period, Receipt, RoundState, RoundView
from bot.core.service import StudyService

log = logging.getLogger(__name__)
PLATFORM = "discord"
ANSWERS = frozenset({"/answer", "choice button", "choice select", "answer modal", "practice modal"})
ADMIN_COMMANDS = frozenset({"/setup", "/post", "/reveal", "/skip"})


def action_of(what: str) -> Action:
    if what in ANSWERS:
        return Action.ANSWER
    return Action.SETUP if what in ADMIN_COMMANDS else Action.CLICK


def global_name(user: discord.abc.User) -> str:
    """The member's name everywhere on Discord (never a server nickname)."""
    return getattr(user, "global_name", None) or user.name


class NotAGroup(StudyError):
    def __init__(self) -> None:
        super().__init__(
            "This channel has no study group yet. An admin can start one here with /setup."
        )


def is_admin(interaction: discord.Interaction) -> bool:
    return bool(interaction.guild_id) and interaction.permissions.manage_guild


def require_admin(interaction: discord.Interaction, action: str) -> None:
    if not is_admin(interaction):
        raise NotAdmin(f"{action} (it needs the Manage Server permission)")


def group_channel_id(interaction: discord.Interaction) -> int:
    """The group's channel: the channel itself, or the parent of a thread."""
    channel = interaction.channel
    if isinstance(channel, discord.Thread) and channel.parent_id:
        return channel.parent_id
    if interaction.channel_id is None:
        raise StudyError("This command works in a server channel.")
    return interaction.channel_id


class Handlers:
    def __init__(self, service: StudyService) -> None:
        self.service = service

    # -- admission and translation ----------------------------------------------------------------
    async def admit(self, interaction: discord.Interaction, what: str) -> bool:
        """False for an interaction already handled; RateLimited when the member is over the
        limit for this kind of request."""
        guards = self.service.guards
        if not await guards.first_time(f"discord:interaction:{interaction.id}"):
            log.info("discord: interaction %s (%s) already handled", interaction.id, what)
            return False
        guards.check_rate(action_of(what), f"discord:{interaction.user.id}")
        return True

    async def member(self, user: discord.abc.User, group: Group | None = None) -> Member:
        """The member (global name); in a group, their server nickname is remembered for it."""
        member = await self.service.ensure_member(PLATFORM, str(user.id), global_name(user))
        if group is not None and isinstance(user, discord.Member):
            await self.service.guards.remember_name(group.id, member, user.display_name)
        return member

    async def group(self, interaction: discord.Interaction) -> Group:
        channel_id = group_channel_id(interaction)
        await _check_guild(interaction, channel_id)
        group = await self.service.find_group(PLATFORM, str(channel_id))
        if group is None:
            raise NotAGroup()
        return group

    async def actor(self, interaction: discord.Interaction) -> Actor:
        return Actor(await self.member(interaction.user), is_admin=is_admin(interaction))

    async def open_view(self, group: Group) -> RoundView:
        view = await self.service.question_round(group.id)  # NoActiveRound, RoundSkipped
        if view.round.state in (RoundState.SKIPPED, RoundState.POSTING):
            raise NoActiveRound()
        return view

    # -- members ----------------------------------------------------------------------------------
    async def question(self, interaction: discord.Interaction) -> None:
        view = await self.open_view(await self.group(interaction))
        embed = render.question_embed(view, self.service.config.sandbox)
        await reply(interaction, embed=embed, view=components.post_view(), ephemeral=True)

    async def open_answer(self, interaction: discord.Interaction) -> None:
        """/answer and the Answer button: option buttons for choices, a modal otherwise."""
        group = await self.group(interaction)
        view = await self.open_view(group)
        q = view.question
        if isinstance(q.spec, ChoiceSpec):
            picker = components.choice_view(view.round.id, q.spec)
            text = f"**{render.clip(q.title, 200)}**: pick your answer (only you see this)."
            await reply(interaction, text, view=picker, ephemeral=True)
            return
        modal = components.AnswerModal(self, group.id, view.round.id, q)
        await interaction.response.send_modal(modal)

    async def submit(
        self, interaction: discord.Interaction, round_id: int, text: str, *, slow: bool
    ) -> None:
        """Submit an answer to round `round_id` (if it is still the group's current round)."""
        group = await self.group(interaction)
        view = await self.open_view(group)
        if view.round.id != round_id:
            raise RoundClosed("That question is closed. Use /question to see the current one.")
        if slow:
            await interaction.response.defer(ephemeral=True, thinking=True)
        member = await self.member(interaction.user, group)

        async def received(got: Receipt) -> None:  # a code answer: stored, waiting for a grader
            await reply(interaction, render.receipt_text(got), ephemeral=True)

        receipt = await self.service.submit(group.id, member, text, on_received=received)
        await reply(interaction, render.receipt_text(receipt), ephemeral=True)

    async def open_run(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_modal(components.RunModal(self))

    async def run(self, interaction: discord.Interaction, code: str) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        result = await self.service.run_snippet(await self.member(interaction.user), code)
        text, output = render.run_reply(result)
        await reply(interaction, text, ephemeral=True, attachment=output)

    async def leaderboard(
        self, interaction: discord.Interaction, period: Period, *, ephemeral: bool
    ) -> None:
        group = await self.group(interaction)
        member = await self.member(interaction.user, group)
        board = await self.service.leaderboard(group.id, period, member=member)
        embed, chart = render.leaderboard_embed(board), None
        if period is Period.WEEK and board.entries:
            await interaction.response.defer(ephemeral=ephemeral, thinking=True)  # draws a chart
            png = await self.service.weekly_chart(group.id)
            if png is not None:
                chart = discord.File(io.BytesIO(png), filename="leaderboard.png")
                embed.set_image(url="attachment://leaderboard.png")
        await reply(interaction, embed=embed, ephemeral=ephemeral, attachment=chart)

    async def stats(self, interaction: discord.Interaction, user: discord.abc.User | None) -> None:
        group = await self.group(interaction)
        if user is not None and user.bot:
            raise StudyError("Bots don't take part, so they have no stats.")
        member = await self.member(user or interaction.user, group)
        stats = await self.service.member_stats(group.id, member)
        if user is None or user.id == interaction.user.id:  # your own: with your topic mastery
            from bot.adapters.discord import practice

            await practice.mastery(self, interaction, render.stats_text(stats))
            return
        await reply(interaction, render.stats_text(stats), ephemeral=True)

    async def help(self, interaction: discord.Interaction) -> None:
        await reply(interaction, render.HELP_TEXT, ephemeral=True)

    # -- admins -----------------------------------------------------------------------------------
    async def setup(self, interaction: discord.Interaction, **options: Any) -> None:
        """Acknowledge at once (deferred: within Discord's 3 s), save the group with its options
        in one step, answer, and only then apply the schedule (which posts if it is due)."""
        require_admin(interaction, "set up a study group")
        channel = interaction.channel
        if isinstance(channel, discord.Thread) or interaction.channel_id is None:
            raise StudyError("Run /setup in a text channel (not a thread): it becomes the group.")
        await _check_guild(interaction, interaction.channel_id)
        await interaction.response.defer(thinking=True)
        name = f"#{getattr(channel, 'name', interaction.channel_id)}"
        changes = {k: v for k, v in options.items() if v is not None}
        if str(changes.get("topics", "")).strip().lower() in ("all", "*"):
            changes["topics"] = ()  # every topic
        group = await self.service.setup_group(
            PLATFORM,
            str(interaction.channel_id),
            name,
            await self.actor(interaction),
            notify=False,
            **changes,
        )
        try:
            await reply(interaction, render.setup_text(group), ephemeral=False)
        finally:
            await self.service.schedule_changed(group)

    async def post(self, interaction: discord.Interaction) -> None:
        require_admin(interaction, "post a question")
        group = await self.group(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        view = await self.service.post_round(group.id, await self.actor(interaction))
        ref = view.round.message_ref
        where = f" https://discord.com/channels/{interaction.guild_id}/{group.external_id}/{ref}"
        await reply(interaction, "📚 Today's question is posted." + (where if ref else ""))

    async def reveal(self, interaction: discord.Interaction) -> None:
        require_admin(interaction, "reveal the answer")
        group = await self.group(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        summary = await self.service.reveal(group.id, await self.actor(interaction))
        await reply(
            interaction, f"✅ Revealed: {summary.answered} answered, {summary.correct} correct."
        )

    async def skip(self, interaction: discord.Interaction) -> None:
        require_admin(interaction, "skip a round")
        group = await self.group(interaction)
        round_ = await self.service.skip_today(group.id, await self.actor(interaction))
        await reply(interaction, f"⏭️ Skipped the round of {round_.round_date.isoformat()}.")

    # -- reactions: bot.adapters.discord.votes (imported here: it imports PLATFORM from us) --------
    async def vote(self, client: discord.Client, event: discord.RawReactionActionEvent) -> None:
        """A 👍 (any skin tone) on a member's message in the round's thread is a peer vote."""
        from bot.adapters.discord import votes

        await votes.vote(self, client, event)

    async def unvote(self, client: discord.Client, event: discord.RawReactionActionEvent) -> None:
        """A removed 👍 (of that skin tone) withdraws it (until the reveal)."""
        from bot.adapters.discord import votes

        await votes.unvote(self, client, event)


async def _check_guild(interaction: discord.Interaction, channel_id: int) -> None:
    """The group's channel must belong to the interaction's guild (as the client knows it, or
    as Discord says when it is not cached); otherwise nothing is read or written."""
    channel: Any = interaction.client.get_channel(channel_id)
    guild_id = getattr(getattr(channel, "guild", None), "id", None)
    if channel is None:
        try:
            fetched = await interaction.client.fetch_channel(channel_id)
        except discord.HTTPException:
            fetched = None
        guild_id = getattr(fetched, "guild_id", None) or getattr(
            getattr(fetched, "guild", None), "id", None
        )
    if guild_id is None or guild_id != interaction.guild_id:
        log.warning(
            "discord: interaction %s in guild %s names channel %s of guild %s: refused",
            interaction.id, interaction.guild_id, channel_id, guild_id,
        )  # fmt: skip
        raise NotAGroup()
