"""`/study` slash command: parse, ack at once, do the work, answer ephemerally via response_url.

An answer with its text (`/study answer B`) is the exception: its receipt rides in the ack once the
answer is stored, if that takes under a second (bot.adapters.slack.listeners.AckOrRespond).

Every reply is ephemeral. A malformed command is answered in the ack itself with the usage line;
a `StudyError` is shown as its message; anything else is logged and answered with a short apology,
never a stack trace.
"""

from __future__ import annotations

import logging
from typing import Any

from bot.adapters.slack import blocks, practice, runs
from bot.adapters.slack.blocks import error_text, esc
from bot.adapters.slack.listeners import ARRIVED, ONCE, AckOrRespond
from bot.adapters.slack.modals import ModalContext, answer_modal, run_modal
from bot.adapters.slack.parsing import SlackCommand, help_text, parse
from bot.adapters.slack.runtime import Runtime
from bot.adapters.slack.users import PLATFORM
from bot.core.errors import AlreadyHandled, NoActiveRound, StudyError, UsageError
from bot.core.models import Group, Receipt

log = logging.getLogger(__name__)
SORRY = "Sorry, something went wrong on my side. Please try again in a moment."


def settings_text(group: Group) -> str:
    s = group.settings.schedule
    days = ",".join(("mon", "tue", "wed", "thu", "fri", "sat", "sun")[d] for d in s.weekdays)
    reveal = s.reveal_time or f"{s.reveal_after_hours:g}h after posting"
    reminder = f"{s.reminder_minutes} min before" if s.reminder_minutes else "none"
    topics = esc(", ".join(group.settings.topics) or "all")
    return (
        f"*Study group <#{group.external_id}>*\n"
        f"Posts at *{s.post_time}* ({esc(s.timezone)}) on {days}; reveal {reveal}; "
        f"reminder {reminder}; topics: {topics}."
    )


class CommandHandler:
    def __init__(self, rt: Runtime) -> None:
        self.rt = rt

    async def handle(self, ack: Any, command: dict[str, Any], respond: Any, context: Any) -> None:
        try:
            cmd = parse(command.get("text", ""))
        except UsageError as error:
            await ack(text=esc(str(error)))
            return
        if cmd.name == "help":
            await ack(text=help_text())
            return
        if cmd.name == "answer" and cmd.rest:  # the receipt rides in the ack when it is in time
            reply: Any = AckOrRespond(ack, respond, since=context.get(ARRIVED))
        else:
            await ack()
            reply = respond
        try:
            await self.dispatch(cmd, command, reply, once=context.get(ONCE, ()))
        except AlreadyHandled:  # a replay of an answer already stored: dropped, as the guard does
            log.info("slack: /study %s already handled, dropped", cmd.name)
        except StudyError as error:
            await self.rt.modal_failed(command.get("trigger_id"), error_text(error))
            await reply(text=error_text(error), response_type="ephemeral")
        except Exception:
            log.exception("/study %s failed", cmd.name)
            await self.rt.modal_failed(command.get("trigger_id"), SORRY)
            await reply(text=SORRY, response_type="ephemeral")
        finally:
            if isinstance(reply, AckOrRespond):
                await reply.finish()

    async def dispatch(
        self, cmd: SlackCommand, command: dict[str, Any], respond: Any, once: tuple[str, ...] = ()
    ) -> None:
        """Run the command; `once`: the request's keys, claimed with an answer it carries."""
        rt, user_id, channel_id = self.rt, command["user_id"], command["channel_id"]
        name = command.get("user_name")  # for a member new to the bot (users.py)

        async def say(text: str, **extra: Any) -> None:
            await respond(text=text, response_type="ephemeral", **extra)

        if cmd.name == "schedule":
            await self._setup(cmd, command, say)
            return
        if cmd.name == "run":
            if not cmd.rest:
                signer = await rt.service.guards.signer()
                await rt.open_modal(command["trigger_id"], run_modal(channel_id, signer))
                return
            member = await rt.users.member(user_id, name)
            result = await rt.service.run_snippet(member, cmd.rest)
            await say(await runs.run_reply(rt.client, user_id, result))
            return
        if cmd.name == "answer" and cmd.rest:  # the hot path: two database round trips fewer
            await self._answer(cmd.rest, command, say, once)
            return
        group = await rt.group_for(channel_id, user_id)  # the caller must be in its channel
        if cmd.name in ("practice", "nudge", "suggest"):  # a new member: named as the command says
            await rt.users.member(user_id, name)
        if cmd.name == "question":
            view = await rt.service.question_round(group.id)
            await say(
                blocks.round_fallback(view),
                blocks=blocks.round_post(view, rt.service.config.sandbox),
            )
        elif cmd.name == "answer":
            view = await rt.service.current_round(group.id)
            if view is None:
                raise NoActiveRound()
            ctx = ModalContext(group.id, view.round.id, group.external_id)
            signer, sandbox = await rt.service.guards.signer(), rt.service.config.sandbox
            modal = answer_modal(view.question, ctx, signer, sandbox)
            await rt.open_modal(command["trigger_id"], modal)  # replaces the loading one
        elif cmd.name == "leaderboard":
            member = await rt.users.member(user_id, name)
            board = await rt.service.leaderboard(group.id, cmd.period, member=member)
            await say(blocks.leaderboard_text(board))
        elif cmd.name == "stats":  # another member's stats in this group, for its members only
            asked = cmd.user or user_id
            member = await rt.users.member(asked, name if asked == user_id else None)
            text = blocks.stats_text(await rt.service.member_stats(group.id, member))
            if cmd.user in (None, user_id):  # your own: with your topic mastery (private)
                await practice.own_stats(rt, user_id, text, say)
            else:
                await say(text)
        elif cmd.name == "practice":
            await practice.command(rt, group, user_id, cmd.rest, say)
        elif cmd.name == "nudge":
            await practice.nudge(rt, user_id, cmd.rest, say)
        elif cmd.name == "dashboard":  # a signed link to the group's web pages (bot.web)
            from bot.web.links import dashboard_reply

            actor = await rt.users.actor(user_id)
            text = esc(await dashboard_reply(rt.service, group, actor, cmd.rest))
            await say(text.replace("/dashboard", "`/study dashboard`"))
        elif cmd.name in ("suggest", "suggestions"):  # members' questions (bot.core.suggestions)
            from bot.adapters.slack import suggestions

            handler = suggestions.suggest if cmd.name == "suggest" else suggestions.review
            await handler(rt, group, command, cmd, say)
        elif cmd.name == "post":
            view = await rt.service.post_round(group.id, await rt.users.actor(user_id))
            await say(f"Today's question is up: *{esc(view.question.title)}*.")
        elif cmd.name == "reveal":
            summary = await rt.service.reveal(group.id, await rt.users.actor(user_id))
            await say(f"Revealed *{esc(summary.question.title)}* in the thread.")
        elif cmd.name == "skip":
            await rt.service.skip_today(group.id, await rt.users.actor(user_id))
            await say("Today's question is skipped.")

    async def _answer(
        self, text: str, command: dict[str, Any], say: Any, once: tuple[str, ...] = ()
    ) -> None:
        """`/study answer <text>`: submit to the group's open round (the core finds it and
        raises NoActiveRound / RoundSkipped), then name the round's question in the receipt."""
        rt = self.rt
        group = await rt.group_for(command["channel_id"], command["user_id"], fresh=False)
        member = await rt.users.member(command["user_id"], command.get("user_name"))

        async def tell(receipt: Receipt) -> None:
            question = await rt.round_question(group.id, receipt.round_id)
            await say(blocks.receipt_text(receipt, question))

        await tell(await rt.service.submit(group.id, member, text, on_received=tell, once=once))

    async def _setup(self, cmd: SlackCommand, command: dict[str, Any], say: Any) -> None:
        """Save the group with its options in one step, join the channel (a public one: before
        the first post), answer, and only then apply the schedule (which posts if it is due)."""
        rt = self.rt
        actor = await rt.users.actor(command["user_id"])
        if not actor.is_admin:  # checked before creating a group for the channel
            raise StudyError("Only admins can set up a study group.")
        channel_id, name = cmd.channel or (command["channel_id"], command.get("channel_name", ""))
        if channel_id.startswith("D"):
            raise StudyError("Run `/study setup` in the channel that should become the group.")
        await rt.membership.require(command["user_id"], channel_id)  # admins of their channels
        group = await rt.service.setup_group(
            PLATFORM, channel_id, name, actor, notify=False, **cmd.settings
        )
        await rt.join(channel_id)
        try:
            await say(settings_text(group))
        finally:
            await rt.service.schedule_changed(group)
