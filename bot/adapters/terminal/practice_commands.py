"""The terminal chat's private practice: /practice (a review question inline, or an answer to
it), /nudge on|off, and the member's own topic mastery shown with /stats."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.core import practice_text
from bot.core.commands import Command
from bot.core.errors import UsageError

if TYPE_CHECKING:
    from bot.adapters.terminal.handlers import Handlers


async def practice(handlers: Handlers, command: Command) -> None:
    """/practice: a private question inline; /practice ANSWER answers it; /nudge on|off."""
    chat, service, group, member = (
        handlers.chat,
        handlers.service,
        handlers.chat.group,
        handlers.chat.member,
    )
    assert group is not None and member is not None
    tz = group.settings.schedule.timezone
    if command.name == "nudge":
        if command.args not in (("on",), ("off",)):
            raise UsageError(f"Usage: /{command.info.usage}")
        await service.practice.set_nudge(member, command.args[0] == "on")
        chat.say(f"Weekly practice nudge {command.args[0]} for {member.display_name}.")
    elif command.rest.strip():
        result = await service.practice.answer(member, command.rest)
        chat.say(
            f"[{member.display_name}] "
            + practice_text.practice_result_text(result, service.now(), tz)
        )
    else:
        chosen = await service.practice.next_question(group.id, member)
        text = practice_text.practice_question_text(chosen, service.now(), tz)
        chat.say(f"\n[practice for {member.display_name}] {text}\n")


async def mastery(handlers: Handlers) -> None:
    """Per-topic mastery of the current member, and its chart saved next to the database."""
    chat, service, member = handlers.chat, handlers.service, handlers.chat.member
    assert member is not None
    chat.say(practice_text.mastery_text(await service.practice.mastery(member)))
    png = await service.practice.mastery_chart(member)
    if png is not None:
        folder = service.db.data_folder
        path = folder / f"mastery-{member.external_id or member.id}.png"
        try:
            path.write_bytes(png)
        except OSError as exc:
            chat.say(f"(The topic chart could not be saved: {exc.strerror or exc})")
            return
        chat.say(f"Topic chart saved to {path}")
