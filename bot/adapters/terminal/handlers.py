"""What each terminal chat command does, as thin calls into `StudyService`.

/practice, /nudge and the mastery part of /stats are in `practice_commands`; /suggest and
/suggestions in `suggestion_commands`.

Discussion messages (`/say`, and answers to open questions) are stored by the core and numbered
per round, so `/vote N` works from any chat on the same database, before or after a restart.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from datetime import datetime
from typing import TYPE_CHECKING

from bot.adapters.terminal import democlock, practice_commands, suggestion_commands
from bot.adapters.terminal.lines import MAX_MESSAGE_CHARS, clean_text, name_problem
from bot.bank.rules import sandbox_rules
from bot.core import text as render
from bot.core.commands import Command, CommandInfo, help_text, parse_schedule_args
from bot.core.errors import NoActiveRound, RoundSkipped, UsageError
from bot.core.models import Actor, DiscussionMessage, Member, Period, RoundState
from bot.core.periods import parse_period
from bot.scheduling.times import is_post_day

if TYPE_CHECKING:
    from bot.adapters.terminal.chat import TerminalChat

PLATFORM = "terminal"
TERMINAL_COMMANDS = {
    "as": CommandInfo("as NAME", "speak as another member (try a competition alone)"),
    "say": CommandInfo("say TEXT", "post a discussion message in today's thread"),
    "vote": CommandInfo("vote N", "upvote discussion message #N (a peer vote)"),
    "nextday": CommandInfo(
        "nextday", "demo clock: move on to the next posting day (reveals, posts on the way)"
    ),
    "wait": CommandInfo(
        "wait HH:MM | 90m | 2h", "demo clock: let time pass; whatever the schedule does happens"
    ),
    "suggest": CommandInfo(
        "suggest, then the question in TOML between ``` lines",
        "suggest a question of any kind for this group; /suggest help shows the format",
    ),
    "quit": CommandInfo("quit", "leave the chat (everything is kept)"),
    "suggestions": CommandInfo(
        "suggestions [show N | edit N | accept N | reject N [REASON] | export [FILE]]",
        "members' suggested questions: list the pending ones, show, edit (then the new TOML "
        "between ``` lines), accept (it joins this group's rotation) or reject one; export "
        "writes the accepted ones as a bank file",
        admin=True,
    ),
}
SHOWN_MESSAGES = 10  # discussion messages shown when the chat opens on an open round


def message_line(message: DiscussionMessage) -> str:
    return f"  #{message.number} {message.author.display_name}: {message.body}"


class Handlers:
    def __init__(self, chat: TerminalChat) -> None:
        self.chat = chat

    @property
    def service(self):
        return self.chat.service

    async def member_named(self, name: str) -> Member:
        return await self.service.ensure_member(PLATFORM, name.lower(), name)

    def actor(self) -> Actor:
        assert self.chat.member is not None
        admins = {name.lower() for name in self.chat.config.admins}
        return Actor(self.chat.member, is_admin=self.chat.member.external_id in admins)

    async def show_today(self, *, post: bool) -> None:
        """On opening: post today's question on a scheduled day (`post`), else show where the
        group stands (the open or revealed question with its discussion, a skip, a day off)."""
        service, group, say = self.service, self.chat.group, self.chat.say
        assert group is not None
        today = service.local_today(group)
        if await service.rounds.for_date(group.id, today) is None and post:
            if is_post_day(group.settings.schedule, today):
                await service.post_round(group.id)
                return
            say(
                f"No question today: {today:%A} is not a posting day of this group (see "
                "/schedule). /nextday moves the demo clock to the next one; /post opens an "
                "extra round now (missing it never breaks a streak)."
            )
        try:
            view = await service.question_round(group.id)
        except (NoActiveRound, RoundSkipped) as exc:
            say(str(exc))
            return
        say(f"\n{render.question_text(view, service.config.sandbox)}\n")
        messages = await service.discussion.for_round(view.round.id)
        if messages:
            say("Discussion so far (/vote N):")
            for message in messages[-SHOWN_MESSAGES:]:
                say(message_line(message))

    async def handle(self, command: Command) -> None:
        chat, service, group, member = self.chat, self.service, self.chat.group, self.chat.member
        assert group is not None and member is not None
        if command.name != "as":  # a name is refused rather than changed (see name_problem)
            args = tuple(clean_text(arg) for arg in command.args)
            command = dataclasses.replace(command, args=args, rest=clean_text(command.rest))
        name, args, say = command.name, command.args, chat.say
        if name in ("schedule", "nextday", "wait"):  # it may have changed elsewhere (web pages)
            chat.group = group = await service.get_group(group.id)
        if name == "answer":
            receipt = await service.submit(group.id, member, command.rest)
            if receipt.discussion is not None:  # an open question's answer: a votable message
                say(f"  #{receipt.discussion} {member.display_name}: {command.rest.strip()}")
            say(f"[{member.display_name}] {render.receipt_text(receipt)}")
        elif name == "question":
            view = await service.question_round(group.id)
            say(render.question_text(view, service.config.sandbox))
        elif name == "run":
            say(render.run_text(await service.run_snippet(member, command.rest)))
        elif name == "leaderboard":
            if len(args) > 1:
                raise UsageError(f"Usage: /{command.info.usage}")
            period = parse_period(args[0] if args else None)
            say(render.leaderboard_text(await service.leaderboard(group.id, period, member=member)))
            if period is Period.WEEK:
                await chat.save_weekly_chart(group, service.local_today(group))
        elif name == "stats":
            who = await service.find_member(PLATFORM, args[0].lower()) if args else member
            if who is None:
                raise UsageError(f"Nobody called {args[0]} has spoken in this chat yet.")
            say(render.stats_text(await service.member_stats(group.id, who)))
            if who.id == member.id:  # mastery is private: only your own
                await practice_commands.mastery(self)
        elif name in ("practice", "nudge"):
            await practice_commands.practice(self, command)
        elif name == "dashboard":
            from bot.web.links import dashboard_reply

            say(await dashboard_reply(service, group, self.actor(), command.rest))
        elif name == "help":
            say(help_text("/", TERMINAL_COMMANDS))
            say("(Plain 'help' shows this too; to answer 'help' itself, type /answer help.)")
            say(f"Code answers: {sandbox_rules(service.config.sandbox)}")
        elif name == "as":
            await self._become(args)
        elif name == "say":
            if len(command.rest) > MAX_MESSAGE_CHARS:
                raise UsageError(
                    f"That message is too long (over {MAX_MESSAGE_CHARS:,} characters); "
                    "nothing was posted."
                )
            if not command.rest.strip():
                raise UsageError("Usage: /say TEXT")
            say(message_line(await service.say(group.id, member, command.rest)))
        elif name == "vote":
            if len(args) != 1 or not args[0].lstrip("#").isdigit():
                raise UsageError("Usage: /vote N, where #N is a discussion message (see /say).")
            counted = await service.vote_for(group.id, member, int(args[0].lstrip("#")))
            say(
                "Vote counted."
                if counted
                else "Not counted (your own message, a repeat, or the round is closed)."
            )
        elif name == "schedule":
            if args:
                changes = parse_schedule_args(args)
                chat.group = group = await service.update_settings(
                    group.id, self.actor(), **changes
                )
            say(render.schedule_text(group.settings.schedule, group.settings.topics))
        elif name == "post":
            await self._post()
        elif name == "reveal":
            await service.reveal(group.id, self.actor())
        elif name == "skip":
            await service.skip_today(group.id, self.actor())
            say("Today's round is skipped.")
        elif name in ("nextday", "wait"):
            await self._move_clock(command)
        elif name == "suggest":
            await suggestion_commands.suggest(self, command)
        elif name == "suggestions":
            await suggestion_commands.suggestions(self, command)

    @staticmethod
    def takes_block(command: Command) -> bool:
        """A command typed alone whose text (a suggestion's TOML) follows between ``` lines."""
        if command.name == "suggest":
            return not command.rest
        return (
            command.name == "suggestions"
            and len(command.args) == 2
            and (command.args[0].lower() == "edit" and command.rest.count("\n") == 0)
        )

    async def _become(self, args: tuple[str, ...]) -> None:
        if len(args) != 1:
            raise UsageError("Usage: /as NAME (one word)")
        problem = name_problem(args[0])
        if problem:
            raise UsageError(problem)
        self.chat.member = await self.member_named(unicodedata.normalize("NFC", args[0]))
        self.chat.say(f"You are now {self.chat.member.display_name}.")

    async def _post(self) -> None:
        service, group, say = self.service, self.chat.group, self.chat.say
        assert group is not None
        today = service.local_today(group)
        existing = await service.rounds.for_date(group.id, today)
        if existing is not None and existing.state is not RoundState.SKIPPED:
            view = await service.view(existing)
            text = render.question_text(view, service.config.sandbox)
            say("Today's question is already posted:\n" + text)
            return
        posted = await service.post_round(group.id, self.actor())
        if posted.round.state is RoundState.SKIPPED:
            say("Today's round was skipped; the next one comes on schedule.")

    async def _move_clock(self, command: Command) -> None:
        chat, group = self.chat, self.chat.group
        assert group is not None
        if chat.clock is None or chat.scheduler is None:
            raise UsageError("The demo clock is not available in this chat.")
        now = chat.clock.now()
        if command.name == "nextday":
            if command.args:
                raise UsageError("Usage: /nextday")
            until = democlock.nextday_target(group, now)
        else:
            if len(command.args) != 1:
                raise UsageError(f"Usage: /{command.info.usage}")
            until = democlock.wait_target(group, now, command.args[0])
        passed = [now]

        def stop(at: datetime) -> None:  # the clock stops where the schedule acts
            off = democlock.days_off(group, passed[-1], at)
            if off:
                chat.say(f"({democlock.day_names(off)}: days off, no rounds.)")
            passed.append(at)
            chat.say(f"--- {chat.now_text()}")

        await democlock.advance(chat.clock, chat.scheduler, group.id, until, stop)
        off = democlock.days_off(group, passed[-1], until)
        if off:
            chat.say(f"({democlock.day_names(off)}: days off, no rounds.)")
        chat.group = await self.service.get_group(group.id)
        chat.say(f"It is now {chat.now_text()}.")
