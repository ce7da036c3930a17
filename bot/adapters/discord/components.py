"""Buttons, select menus and modals.

Buttons are `DynamicItem`s: their state lives in the custom_id, so they keep working after a
restart (the client registers them with `add_dynamic_items`). Modals are short-lived objects
holding what they need; discord.py routes their submission back to `on_submit`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import discord
from discord import ui

from bot.adapters.discord.replies import guarded
from bot.bank.model import ChoiceSpec, Kind, Question
from bot.core.models import Period

if TYPE_CHECKING:
    from bot.adapters.discord.handlers import Handlers

ANSWER_MAX = 4000  # Discord's limit for a text input


POST_BUTTONS = {"answer": ("Answer", "✍️"), "run": ("Run code", "▶️"), "board": ("Leaderboard", "🏆")}


def handlers_of(interaction: discord.Interaction) -> Handlers:
    return interaction.client.studybot_handlers  # type: ignore[attr-defined]


class PostButton(ui.DynamicItem[ui.Button], template=r"studybot:post:(?P<action>answer|run|board)"):
    """The buttons under the daily post: Answer, Run code, Leaderboard."""

    def __init__(self, action: str) -> None:
        label, emoji = POST_BUTTONS[action]
        style = discord.ButtonStyle.primary if action == "answer" else discord.ButtonStyle.secondary
        button: ui.Button = ui.Button(
            label=label, emoji=emoji, style=style, custom_id=f"studybot:post:{action}"
        )
        super().__init__(button)
        self.action = action

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: ui.Item[Any], match: re.Match[str], /
    ) -> PostButton:
        return cls(match["action"])

    async def callback(self, interaction: discord.Interaction) -> None:
        h = handlers_of(interaction)
        if self.action == "answer":
            work = h.open_answer(interaction)
        elif self.action == "run":
            work = h.open_run(interaction)
        else:
            work = h.leaderboard(interaction, Period.WEEK, ephemeral=True)
        await guarded(interaction, f"button {self.action}", work)


class ChoiceButton(
    ui.DynamicItem[ui.Button], template=r"studybot:choice:(?P<round>\d+):(?P<letters>[A-Z]+)"
):
    """One option of a single-answer choice question (or "submit" for a multi-select)."""

    def __init__(self, round_id: int, letters: str, label: str | None = None) -> None:
        button: ui.Button = ui.Button(
            label=label or letters,
            style=discord.ButtonStyle.primary,
            custom_id=f"studybot:choice:{round_id}:{letters}",
        )
        super().__init__(button)
        self.round_id, self.letters = round_id, letters

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: ui.Item[Any], match: re.Match[str], /
    ) -> ChoiceButton:
        return cls(int(match["round"]), match["letters"])

    async def callback(self, interaction: discord.Interaction) -> None:
        answer = ", ".join(self.letters)
        work = handlers_of(interaction).submit(interaction, self.round_id, answer, slow=False)
        await guarded(interaction, "choice button", work)


class ChoiceSelect(ui.DynamicItem[ui.Select], template=r"studybot:multi:(?P<round>\d+):(?P<n>\d+)"):
    """Several options at once, for choice questions with more than one correct option."""

    def __init__(self, round_id: int, count: int) -> None:
        select: ui.Select = ui.Select(
            custom_id=f"studybot:multi:{round_id}:{count}",
            placeholder="Pick every correct option",
            min_values=1,
            max_values=count,
            options=[
                discord.SelectOption(label=chr(65 + i), value=chr(65 + i)) for i in range(count)
            ],
        )
        super().__init__(select)
        self.round_id = round_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: ui.Item[Any], match: re.Match[str], /
    ) -> ChoiceSelect:
        return cls(int(match["round"]), int(match["n"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        values = (interaction.data or {}).get("values", [])  # type: ignore[union-attr]
        answer = ", ".join(sorted(values))
        work = handlers_of(interaction).submit(interaction, self.round_id, answer, slow=False)
        await guarded(interaction, "choice select", work)


DYNAMIC_ITEMS = (PostButton, ChoiceButton, ChoiceSelect)


def post_view() -> ui.View:
    view = ui.View(timeout=None)
    for action in ("answer", "run", "board"):
        view.add_item(PostButton(action))
    return view


def choice_view(round_id: int, spec: ChoiceSpec) -> ui.View:
    view = ui.View(timeout=None)
    count = len(spec.options)
    if len(spec.correct) > 1:
        view.add_item(ChoiceSelect(round_id, count))
    else:
        for i in range(min(count, 25)):
            view.add_item(ChoiceButton(round_id, chr(65 + i)))
    return view


class AnswerModal(ui.Modal):
    """A paragraph field for short, open and code answers."""

    def __init__(self, handlers: Handlers, group_id: int, round_id: int, question: Question):
        super().__init__(title=f"Answer: {question.title}"[:45], timeout=15 * 60)
        self.handlers, self.round_id = handlers, round_id
        self.kind = question.kind
        code = question.kind is Kind.CODE
        self.answer: ui.TextInput = ui.TextInput(
            label="Your code" if code else "Your answer",
            style=discord.TextStyle.paragraph,
            placeholder=_placeholder(question),
            max_length=ANSWER_MAX,
        )
        self.add_item(self.answer)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        work = self.handlers.submit(
            interaction, self.round_id, self.answer.value, slow=self.kind is Kind.CODE
        )
        await guarded(interaction, "answer modal", work)


class RunModal(ui.Modal, title="Run Python code"):
    code: ui.TextInput = ui.TextInput(
        label="Code",
        style=discord.TextStyle.paragraph,
        placeholder="print(sum(range(10)))",
        max_length=ANSWER_MAX,
    )

    def __init__(self, handlers: Handlers) -> None:
        super().__init__(timeout=15 * 60)
        self.handlers = handlers

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await guarded(interaction, "run modal", self.handlers.run(interaction, self.code.value))


def _placeholder(question: Question) -> str:
    spec = question.spec
    signature = getattr(spec, "signature", "")
    return (signature or "Type your answer")[:100]
