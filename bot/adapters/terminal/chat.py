"""The terminal chat: a local study group in a terminal, over the same core as Discord and Slack.

Everything typed is a line of chat. Plain text answers today's question; a block between ```
lines is a code answer; commands start with '/'. `/as NAME` speaks as another member, so one
person can try a whole competition. Works interactively and with piped stdin (EOF ends it).
Ctrl-C clears the line being typed (or a ``` block); Ctrl-D or /quit leaves. The chat's clock is
a demo clock (`/nextday`, `/wait`, `--date`: bot.adapters.terminal.democlock).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
from datetime import date, time
from typing import Any, TextIO

from bot.adapters.terminal.democlock import DemoClock, start_instant
from bot.adapters.terminal.handlers import PLATFORM, TERMINAL_COMMANDS, Handlers
from bot.adapters.terminal.lines import (  # noqa: F401  (re-exported for callers and tests)
    INTERRUPT,
    MAX_MESSAGE_CHARS,
    MAX_NAME_CHARS,
    clean_text,
    line_queue,
    name_problem,
)
from bot.config import TerminalConfig
from bot.core import practice_text
from bot.core import text as render
from bot.core.commands import Command, parse_command
from bot.core.errors import StudyError
from bot.core.models import Group, Member, Period, PostedRefs, RevealSummary, RoundView
from bot.core.periods import period_start
from bot.core.service import StudyService

log = logging.getLogger(__name__)
BARE_HELP = ("help", "?")  # typed without '/': help, never an answer


class TerminalChat:
    """A Publisher for platform 'terminal' and the read-eval-print loop of the chat."""

    platform = PLATFORM

    def __init__(
        self,
        service: StudyService,
        config: TerminalConfig,
        *,
        stdin: TextIO | None = None,
        stdout: TextIO | None = None,
        scheduler: Any = None,
        clock: DemoClock | None = None,
        start_at: tuple[date, time | None] | None = None,
    ) -> None:
        self.service = service
        self.config = config
        self.stdin = stdin or sys.stdin
        self.stdout = stdout or sys.stdout
        self.interactive = self.stdin.isatty()
        self._prompt = ""  # shown and waiting for a line (interactive only)
        self.group: Group | None = None
        self.member: Member | None = None
        self.scheduler = scheduler  # the demo clock moves through its plan
        self.clock = clock
        self.start_at = start_at
        self.handlers = Handlers(self)

    # -- Publisher -------------------------------------------------------------------------------

    async def publish_round(self, group: Group, view: RoundView) -> PostedRefs:
        self.say(f"\n=== {render.question_text(view, self.service.config.sandbox)}\n")
        ref = f"round-{view.round.id}"
        return PostedRefs(message_ref=ref, thread_ref=ref)

    async def publish_reminder(self, group: Group, view: RoundView) -> None:
        self.say(f"Reminder: the answer to '{view.question.title}' is revealed soon.")

    async def publish_reveal(self, group: Group, summary: RevealSummary) -> None:
        self.say(f"\n=== Reveal\n{render.reveal_text(summary)}\n")
        if summary.closes_week:
            try:
                await self.save_weekly_chart(group, summary.round.round_date)
            except OSError as exc:  # the reveal itself is out; the chart is a bonus
                log.warning("weekly chart not saved: %s", exc)
                self.say(f"(The weekly chart could not be saved: {exc.strerror or exc})")
            await self.service.practice.record_round(summary)  # this round counts (once)
            due = await self.service.practice.weekly_nudge(group.id)
            if due:  # reviews due per opted-in member (/nudge off to leave it), never scores
                self.say(practice_text.nudge_text(due))

    async def save_weekly_chart(self, group: Group, day: date) -> None:
        """The terminal cannot show pictures: save the week's chart next to the database."""
        png = await self.service.weekly_chart(group.id, on_date=day)
        if png is not None:
            start = period_start(Period.WEEK, day)
            path = self.service.db.data_folder / f"leaderboard-week-{start}.png"
            path.write_bytes(png)
            self.say(f"Weekly leaderboard chart saved to {path}")

    # -- the chat loop ---------------------------------------------------------------------------

    def say(self, message: str) -> None:
        if self._prompt:  # a post or reminder arrived on its own: above the prompt, then redraw
            print("\r\x1b[2K" + message, file=self.stdout)
            print(self._prompt, end="", file=self.stdout, flush=True)
            return
        print(message, file=self.stdout, flush=True)

    def now_text(self) -> str:
        """The chat's date and time in the group's timezone, e.g. 'Mon 02 Mar 09:00 UTC'."""
        assert self.group is not None
        from zoneinfo import ZoneInfo

        tz = self.group.settings.schedule.timezone
        return f"{self.service.now().astimezone(ZoneInfo(tz)):%a %d %b %H:%M} {tz}"

    async def start(self) -> None:
        self.service.register_publisher(self)
        self.group = await self.service.ensure_group(PLATFORM, self.config.group, self.config.group)
        if self.start_at is not None and self.clock is not None:
            self.clock.set(start_instant(self.group, *self.start_at))
        self.member = await self.handlers.member_named(self.config.member)
        when = f" It is {self.now_text()} (demo clock)." if self.start_at else ""
        self.say(
            f"studybot terminal chat: group '{self.group.name}', you are {self.member.display_name}."
            f"{when} Type /help for commands; plain text answers today's question."
        )
        await self.handlers.show_today(post=self.config.post_on_start)

    async def run(self) -> None:
        """Open the chat and read lines until EOF or /quit."""
        await self.start()
        await self.loop()

    async def loop(self) -> None:
        """Read lines until EOF or /quit. Ctrl-C (interactive) clears the line, never quits."""
        lines = line_queue(self.stdin)
        loop = asyncio.get_running_loop()
        interrupts = False
        if self.interactive:
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(signal.SIGINT, lines.put_nowait, INTERRUPT)
                interrupts = True
        try:
            await self._read(lines)
        finally:
            if interrupts:
                loop.remove_signal_handler(signal.SIGINT)
        self.say("Bye. Everything is saved.")

    async def _read(self, lines: asyncio.Queue[str | None]) -> None:
        # the command waiting for a ``` block: "answer", "run", or (name, args) of a suggestion
        pending: str | tuple[str, tuple[str, ...]] | None = None
        block: list[str] | None = None
        while True:
            if self.interactive:
                prompt = "... " if block is not None else f"{self.member.display_name}> "
                print(prompt, end="", file=self.stdout, flush=True)
                self._prompt = prompt
            line = await lines.get()
            self._prompt = ""
            if line == INTERRUPT:  # the terminal dropped what was typed; start a fresh line
                print("^C", file=self.stdout, flush=True)
                if block is not None:
                    self.say("(code block cancelled)")
                block, pending = None, None
                continue
            if line is None:
                if block is not None:
                    self.say("(unclosed ``` block ignored)")
                return
            line = line.rstrip("\n")
            if block is not None:
                if line.strip().startswith("```"):
                    text = "\n".join(block)
                    if isinstance(pending, tuple):
                        await self._dispatch(Command(pending[0], pending[1], text))
                    else:
                        await self._dispatch(Command(pending or "answer", (), text))
                    block, pending = None, None
                else:
                    block.append(line)
                continue
            stripped = line.strip()
            if not stripped:
                continue
            if stripped.startswith("```"):
                block, pending = [], pending or "answer"
                continue
            if stripped.lower() in BARE_HELP:
                stripped = "/help"
            if not stripped.startswith("/"):
                await self._dispatch(Command("answer", (), stripped))
                continue
            try:
                command = parse_command(stripped, TERMINAL_COMMANDS)
            except StudyError as exc:
                self.say(str(exc))
                continue
            if command.name in ("run", "answer", "practice") and command.rest.startswith("```"):
                inline = command.rest[3:].strip()
                if inline.endswith("```"):
                    await self._dispatch(Command(command.name, (), inline[:-3]))
                else:
                    block, pending = ([inline] if inline else []), command.name
                continue
            if command.name in ("run", "answer") and not command.rest:
                pending = command.name
                self.say("Paste your code between ``` lines.")
                continue
            if self.handlers.takes_block(command):
                pending = (command.name, command.args)
                self.say(
                    "Paste the question in TOML between ``` lines (/suggest help: the format)."
                )
                continue
            if command.name == "quit":
                return
            await self._dispatch(command)

    async def _dispatch(self, command: Command) -> None:
        try:
            await self.handlers.handle(command)
        except StudyError as exc:
            self.say(str(exc))
        except Exception:
            log.exception("terminal command %r failed", command.name)
            self.say("Sorry, something went wrong handling that; the log has the details.")
