"""Personal practice on Discord: `/practice` shows the caller a private (ephemeral) question with an
Answer button; the button opens a form; the graded result comes back ephemeral too. `/stats` on
oneself adds per-topic mastery and its PNG chart (ephemeral). Nothing of it is posted in the
channel, and practice never counts on a leaderboard (bot.core.practice)."""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING, Any

import discord
from discord import ui

from bot.adapters.discord.components import ANSWER_MAX
from bot.adapters.discord.replies import guarded, reply
from bot.bank.model import Kind
from bot.core import practice_text
from bot.core.practice import NoPractice

if TYPE_CHECKING:
    from bot.adapters.discord.handlers import Handlers

ANSWER_HOW = "Press **Answer** below (only you see this question and your result)."


def handlers_of(interaction: discord.Interaction) -> Handlers:
    return interaction.client.studybot_handlers  # type: ignore[attr-defined]


class PracticeButton(
    ui.DynamicItem[ui.Button], template=r"studybot:practice:(?P<action>answer|next)"
):
    """Under a practice question: Answer (opens the form) and Next question."""

    def __init__(self, action: str) -> None:
        label, style = (
            ("Answer", discord.ButtonStyle.primary)
            if action == "answer"
            else ("Next question", discord.ButtonStyle.secondary)
        )
        super().__init__(
            ui.Button(label=label, style=style, custom_id=f"studybot:practice:{action}")
        )
        self.action = action

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: ui.Item[Any], match: re.Match[str], /
    ) -> PracticeButton:
        return cls(match["action"])

    async def callback(self, interaction: discord.Interaction) -> None:
        h = handlers_of(interaction)
        if self.action == "answer":
            await guarded(interaction, "practice button", open_form(h, interaction))
        else:
            await guarded(interaction, "/practice", practice(h, interaction))


DYNAMIC_ITEMS = (PracticeButton,)


def practice_view() -> ui.View:
    view = ui.View(timeout=None)
    view.add_item(PracticeButton("answer"))
    view.add_item(PracticeButton("next"))
    return view


class PracticeModal(ui.Modal):
    def __init__(self, handlers: Handlers, title: str, kind: Kind, placeholder: str) -> None:
        super().__init__(title=f"Practice: {title}"[:45], timeout=15 * 60)
        self.handlers, self.kind = handlers, kind
        self.answer: ui.TextInput = ui.TextInput(
            label="Your code" if kind is Kind.CODE else "Your answer",
            style=discord.TextStyle.paragraph,
            placeholder=placeholder[:100] or "Type your answer",
            max_length=ANSWER_MAX,
        )
        self.add_item(self.answer)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        work = answer(self.handlers, interaction, self.answer.value, slow=self.kind is Kind.CODE)
        await guarded(interaction, "practice modal", work)


async def practice(h: Handlers, interaction: discord.Interaction) -> None:
    """/practice: the caller's next practice question, only for them."""
    group = await h.group(interaction)
    member = await h.member(interaction.user, group)
    service = h.service
    chosen = await service.practice.next_question(group.id, member)
    text = practice_text.practice_question_text(
        chosen, service.now(), group.settings.schedule.timezone, how=ANSWER_HOW
    )
    await reply(interaction, "🧠 " + text, view=practice_view(), ephemeral=True)


async def nudge(h: Handlers, interaction: discord.Interaction, wanted: bool) -> None:
    """/nudge on|off: whether the weekly practice nudge names the caller with their due reviews."""
    await h.service.practice.set_nudge(await h.member(interaction.user), wanted)
    await reply(
        interaction, f"Weekly practice nudge **{'on' if wanted else 'off'}**.", ephemeral=True
    )


async def open_form(h: Handlers, interaction: discord.Interaction) -> None:
    member = await h.member(interaction.user)
    qid = await h.service.practice.reviews.pending(member.id)
    question = h.service.bank.find(qid) if qid else None
    if question is None:
        raise NoPractice("You have no practice question open: use /practice to get one.")
    placeholder = getattr(question.spec, "signature", "") or (
        "A letter (or letters: B, D)" if question.kind is Kind.CHOICE else "Type your answer"
    )
    modal = PracticeModal(h, question.title, question.kind, placeholder)
    await interaction.response.send_modal(modal)


async def answer(h: Handlers, interaction: discord.Interaction, text: str, *, slow: bool) -> None:
    group = await h.group(interaction)
    if slow:
        await interaction.response.defer(ephemeral=True, thinking=True)
    member = await h.member(interaction.user, group)
    result = await h.service.practice.answer(member, text)
    shown = practice_text.practice_result_text(
        result, h.service.now(), group.settings.schedule.timezone
    )
    await reply(interaction, shown, ephemeral=True)


async def mastery(h: Handlers, interaction: discord.Interaction, stats_text: str) -> None:
    """The caller's own /stats: points and streaks, then per-topic mastery and its chart."""
    await interaction.response.defer(ephemeral=True, thinking=True)  # the chart is drawn
    member = await h.member(interaction.user)
    found = await h.service.practice.mastery(member)
    png = await h.service.practice.mastery_chart(member)
    chart = discord.File(io.BytesIO(png), filename="mastery.png") if png else None
    text = f"{stats_text}\n\n{practice_text.mastery_text(found)}"
    await reply(interaction, text, ephemeral=True, attachment=chart)
