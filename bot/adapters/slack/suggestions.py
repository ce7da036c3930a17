"""Members grow the bank on Slack (bot.core.suggestions).

`/study suggest` opens a form with one multi-line field for a question in TOML; on submission the
core validates it exactly like a bank file's question, and problems (each naming its field) are
shown on the form itself (`response_action: errors`). `/study suggest help` shows the format.
`/study suggestions [show N | edit N | accept N | reject N REASON]` is for admins. An accepted
question joins the group's rotation; its post credits the author (blocks.credit).
"""

from __future__ import annotations

import logging
from typing import Any

from bot.adapters.slack.blocks import clip, error_text, esc, plain
from bot.adapters.slack.commands import SORRY
from bot.adapters.slack.modals import BLOCK_ID, SuggestContext, submitted_answer, suggest_modal
from bot.adapters.slack.parsing import SlackCommand, usage
from bot.adapters.slack.runtime import Runtime
from bot.adapters.slack.users import PLATFORM
from bot.core.errors import InvalidAnswer, StudyError, TamperedData, UsageError
from bot.core.models import Group
from bot.core.suggestions import FORMAT_HELP, parse_suggestion

log = logging.getLogger(__name__)
ERROR_MAX = 1900  # a form's error text, kept well under what Slack shows


async def suggest(rt: Runtime, group: Group, command: dict[str, Any], cmd: SlackCommand, say: Any):
    """/study suggest: the form; `help`: the format; TOML typed after it: the suggestion."""
    user = command["user_id"]
    if cmd.rest.lower() == "help":
        await say(esc(FORMAT_HELP).replace("/suggest help", "`/study suggest help`"))
        return
    if cmd.rest:
        await say(await _store(rt, group, user, None, cmd.rest))
        return
    ctx = SuggestContext(group.id, group.external_id)
    await rt.open_modal(command["trigger_id"], suggest_modal(ctx, await rt.service.guards.signer()))


async def review(rt: Runtime, group: Group, command: dict[str, Any], cmd: SlackCommand, say: Any):
    """/study suggestions [show N | edit N | accept N | reject N REASON] (admins)."""
    suggestions, actor = rt.service.suggestions, await rt.users.actor(command["user_id"])
    args = cmd.args
    if not args:
        rows = await suggestions.pending(group.id, actor)
        if not rows:
            await say("No suggestions wait for a review.")
            return
        lines = [f"• #{r.id} `{esc(r.question_id)}`, by {plain(r.author_name)}" for r in rows]
        await say(
            "Suggestions waiting for a review (`/study suggestions show N`):\n" + "\n".join(lines)
        )
        return
    action = args[0].lower()
    if action not in ("show", "edit", "accept", "reject") or len(args) < 2:
        raise UsageError(f"Usage: `{usage('suggestions')}`")
    if not args[1].lstrip("#").isdigit() or (action != "reject" and len(args) > 2):
        raise UsageError(f"Usage: `{usage('suggestions')}` (N is a suggestion's number)")
    number = int(args[1].lstrip("#"))
    if action == "show":
        row = await suggestions.get(group.id, actor, number)
        note = f" ({esc(row.note)})" if row.note else ""
        body = esc(row.body.rstrip()).replace("```", "`\u200b``")
        await say(
            f"Suggestion #{row.id} by {plain(row.author_name)}, {row.state}{note}:\n```{body}```"
        )
    elif action == "edit":
        row = await suggestions.get(group.id, actor, number)
        if row.state != "pending":
            raise UsageError(f"Suggestion #{row.id} is already {row.state}.")
        ctx = SuggestContext(group.id, group.external_id, row.id)
        modal = suggest_modal(ctx, await rt.service.guards.signer(), row.body)
        await rt.open_modal(command["trigger_id"], modal)
    elif action == "accept":
        question = await suggestions.accept(group.id, actor, number)
        await say(
            f"Suggestion #{number} accepted: *{esc(question.title)}* joins this group's rotation "
            "(it is asked on a coming posting day)."
        )
    else:
        row = await suggestions.reject(group.id, actor, number, " ".join(args[2:]))
        await say(f"Suggestion #{row.id} rejected.")


async def _store(rt: Runtime, group: Group, user: str, suggestion_id: int | None, text: str) -> str:
    """Store a new suggestion or an admin's edit; the reply to show."""
    suggestions = rt.service.suggestions
    if suggestion_id is not None:
        actor = await rt.users.actor(user)
        row = await suggestions.edit(group.id, actor, suggestion_id, text)
        return f"Suggestion #{row.id} changed (`{esc(row.question_id)}`); still pending."
    member = await rt.users.member(user)
    row = await suggestions.suggest(group.id, member, text)
    return (
        f"Thanks! Suggestion #{row.id} (`{esc(row.question_id)}`) waits for an admin's review. "
        "If it is accepted, its post credits you."
    )


async def submitted(rt: Runtime, ack: Any, body: dict[str, Any], view: dict[str, Any]) -> None:
    """The suggestion form: checked by the core before the ack (problems shown on the form),
    then stored; the result is told to the member in the group's channel."""
    user = body["user"]["id"]
    try:
        ctx = SuggestContext.load(
            str(view.get("private_metadata", "")), await rt.service.guards.signer()
        )
    except TamperedData as error:
        await ack()
        await rt.tell(user, user, error_text(error))
        return
    text = submitted_answer(view["state"]["values"])
    try:
        parse_suggestion(text)
    except (InvalidAnswer, UsageError) as error:
        await ack(response_action="errors", errors={BLOCK_ID: clip(str(error), ERROR_MAX)})
        return
    await ack()
    try:
        group = await rt.service.find_group(PLATFORM, ctx.channel)
        if group is None or group.id != ctx.group_id:
            raise TamperedData()
        await rt.membership.require(user, ctx.channel)
        reply = await _store(rt, group, user, ctx.suggestion_id, text)
    except StudyError as error:
        reply = error_text(error)
    except Exception:
        log.exception("slack: suggestion form failed")
        reply = SORRY
    await rt.tell(user, ctx.channel, reply)
