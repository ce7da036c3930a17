"""The core's Publisher for platform "discord": daily post + thread, reminder, reveal."""

from __future__ import annotations

import io
import logging
from datetime import date
from typing import Any

import discord

from bot.adapters.discord import components, render
from bot.adapters.discord.replies import send_long
from bot.bank.model import Question
from bot.core import practice_text
from bot.core.models import Group, Member, Period, PostedRefs, Receipt, RevealSummary, RoundView
from bot.core.service import StudyService

log = logging.getLogger(__name__)
WEEKLY_PNG = "weekly.png"
THREAD_INTRO = (
    "💬 Discuss today's question here. 👍 a member's message to upvote it: votes are counted at "
    "the reveal (your own messages don't count). Please keep the answer itself hidden until then."
)


class DiscordPublisher:
    platform = "discord"

    def __init__(self, client: discord.Client, service: StudyService) -> None:
        self.client = client
        self.service = service

    async def _channel(self, ref: str) -> Any:
        await self.client.wait_until_ready()
        channel_id = int(ref)
        channel = self.client.get_channel(channel_id)
        if channel is None:
            for guild in self.client.guilds:
                channel = guild.get_thread(channel_id)
                if channel is not None:
                    break
        return channel or await self.client.fetch_channel(channel_id)

    async def _round_target(self, group: Group, thread_ref: str | None) -> Any:
        """The round's thread, or the group's channel when there is no usable thread."""
        if thread_ref:
            try:  # sending into an archived (not locked) thread unarchives it
                return await self._channel(thread_ref)
            except discord.HTTPException:
                log.warning("discord: thread %s of group %s is gone", thread_ref, group.id)
        return await self._channel(group.external_id)

    async def publish_round(self, group: Group, view: RoundView) -> PostedRefs:
        channel = await self._channel(group.external_id)
        message = await channel.send(
            embed=render.question_embed(view, self.service.config.sandbox),
            view=components.post_view(),
        )
        thread_ref = None
        try:
            thread = await message.create_thread(
                name=render.thread_name(view), auto_archive_duration=1440
            )
            await thread.send(THREAD_INTRO)
            thread_ref = str(thread.id)
        except discord.HTTPException:
            log.warning("discord: no discussion thread for round %s", view.round.id, exc_info=True)
        return PostedRefs(message_ref=str(message.id), thread_ref=thread_ref)

    async def deliver_receipt(
        self, group: Group, member: Member, question: Question, receipt: Receipt
    ) -> None:
        """A code answer graded after a restart (its interaction is long gone): the result in a
        direct message to the member, the only one who sees it."""
        await self.client.wait_until_ready()
        user_id = int(member.external_id)
        user = self.client.get_user(user_id) or await self.client.fetch_user(user_id)
        title = discord.utils.escape_markdown(question.title)
        await user.send(
            f"Your answer to **{title}** in <#{group.external_id}>:\n"
            + render.receipt_text(receipt),
            allowed_mentions=discord.AllowedMentions.none(),
        )

    async def publish_reminder(self, group: Group, view: RoundView) -> None:
        target = await self._round_target(group, view.round.thread_ref)
        when = render.discord_time(view.round.reveal_due)
        await target.send(
            f"⏰ Reminder: {view.answered} answered so far; the answer is revealed {when}. "
            "Press **Answer** on today's post or use `/answer`."
        )

    async def publish_reveal(self, group: Group, summary: RevealSummary) -> None:
        target = await self._round_target(group, summary.round.thread_ref)
        embed, overflow = render.reveal_embed(summary)
        await target.send(embed=embed)  # from here on the answer is public: the reveal happened
        if overflow:
            try:
                await send_long(target, "…" + overflow)
            except Exception:
                log.exception("discord: rest of the reveal of round %s not sent", summary.round.id)
        if summary.closes_week:
            try:
                await self.publish_weekly(group, summary.round.round_date)
            except Exception:  # the reveal itself went out; the summary is a bonus
                log.exception("discord: weekly summary of group %s failed", group.id)
            try:
                await self.publish_nudge(group, summary)
            except Exception:  # a bonus too
                log.exception("discord: weekly practice nudge of group %s failed", group.id)

    async def publish_nudge(self, group: Group, summary: RevealSummary) -> None:
        """The weekly practice nudge in the group's channel: reviews due per opted-in member
        (`/nudge off` to leave it), never a score. This round's results count first (once)."""
        await self.service.practice.record_round(summary)
        due = await self.service.practice.weekly_nudge(group.id)
        if not due:
            return
        shown = [(discord.utils.escape_markdown(name), n) for name, n in due]
        channel = await self._channel(group.external_id)
        await send_long(channel, "🧠 " + practice_text.nudge_text(shown))

    async def publish_weekly(self, group: Group, day: date | None = None) -> None:
        """The week's standings with the chart attached, in the group's channel."""
        png = await self.service.weekly_chart(group.id, on_date=day)
        if png is None:
            return
        board = await self.service.leaderboard(group.id, Period.WEEK, on_date=day)
        embed = render.leaderboard_embed(board)
        embed.title = "📅 Weekly summary: " + (embed.title or "")
        embed.set_image(url=f"attachment://{WEEKLY_PNG}")
        channel = await self._channel(group.external_id)
        await channel.send(embed=embed, file=discord.File(io.BytesIO(png), filename=WEEKLY_PNG))
