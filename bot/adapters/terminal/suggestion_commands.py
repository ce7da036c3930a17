"""The terminal chat's /suggest (a member suggests a question in TOML) and /suggestions (admins
list, show, edit, accept, reject or export them), as calls into `StudyService.suggestions`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from bot.core.commands import Command
from bot.core.errors import NotAdmin, UsageError
from bot.core.suggestions import FORMAT_HELP

if TYPE_CHECKING:
    from bot.adapters.terminal.handlers import Handlers


async def suggest(handlers: Handlers, command: Command) -> None:
    chat, service, group, member = (
        handlers.chat,
        handlers.service,
        handlers.chat.group,
        handlers.chat.member,
    )
    assert group is not None and member is not None
    if command.rest.strip().lower() in ("", "help"):
        chat.say(FORMAT_HELP)
        return
    row = await service.suggestions.suggest(group.id, member, command.rest)
    chat.say(
        f"Thanks, {member.display_name}: suggestion #{row.id} ({row.question_id}) waits for "
        "an admin's review (/suggestions). If it is accepted, the post credits you."
    )


async def suggestions(handlers: Handlers, command: Command) -> None:
    """/suggestions [show N | edit N | accept N | reject N [REASON] | export [FILE]]."""
    chat, service, group = handlers.chat, handlers.service, handlers.chat.group
    assert group is not None
    suggestions, actor, args = service.suggestions, handlers.actor(), command.args
    action = args[0].lower() if args else ""
    if not args:
        rows = await suggestions.pending(group.id, actor)
        if not rows:
            chat.say("No suggestions wait for a review.")
            return
        chat.say("Suggestions waiting for a review (/suggestions show N):")
        for row in rows:
            chat.say(f"  #{row.id} {row.question_id}, by {row.author_name}")
        return
    if action == "export":
        if len(args) > 2:
            raise UsageError(f"Usage: /{command.info.usage}")
        if not actor.is_admin:
            raise NotAdmin("export suggestions")
        text, count = await suggestions.export_toml(group.id)
        folder = service.db.data_folder
        path = Path(args[1]) if len(args) == 2 else folder / "suggested-questions.toml"
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"Could not write {path}: {exc.strerror or exc}") from None
        chat.say(f"{count} accepted suggestion(s) written to {path}")
        return
    if action not in ("show", "edit", "accept", "reject") or len(args) < 2:
        raise UsageError(f"Usage: /{command.info.usage}")
    if not args[1].lstrip("#").isdigit():
        raise UsageError(f"Usage: /{command.info.usage} (N is a suggestion's number)")
    number = int(args[1].lstrip("#"))
    if action == "show":
        row = await suggestions.get(group.id, actor, number)
        note = f" ({row.note})" if row.note else ""
        chat.say(
            f"Suggestion #{row.id} by {row.author_name}, {row.state}{note}:\n"
            f"```toml\n{row.body.rstrip()}\n```"
        )
    elif action == "edit":
        if len(args) != 2 or not command.rest.strip():
            raise UsageError("Type /suggestions edit N, then the new TOML between ``` lines.")
        row = await suggestions.edit(group.id, actor, number, command.rest)
        chat.say(f"Suggestion #{row.id} changed ({row.question_id}); still pending.")
    elif action == "accept":
        if len(args) != 2:
            raise UsageError(f"Usage: /{command.info.usage}")
        question = await suggestions.accept(group.id, actor, number)
        chat.say(
            f"Suggestion #{number} accepted: '{question.title}' joins this group's rotation "
            "(it is asked on a coming posting day)."
        )
    else:
        reason = " ".join(args[2:])
        row = await suggestions.reject(group.id, actor, number, reason)
        chat.say(f"Suggestion #{row.id} rejected.")
