"""The terminal chat: a local study group in a terminal, over the same core as Discord and Slack.

Everything typed is a line of chat. Plain text answers today's question; a block between ```
lines is a code answer; commands start with '/'. `/as NAME` speaks as another member, so one
person can try a whole competition. Works interactively and with piped stdin (EOF ends it).
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import re
import sys
import threading
import unicodedata
import uuid
from datetime import date
from pathlib import Path
from typing import TextIO

from bot.config import TerminalConfig
from bot.core import text as render
from bot.core.commands import Command, CommandInfo, help_text, parse_command, parse_schedule_args
from bot.core.errors import StudyError, UsageError
from bot.core.models import (
    Actor,
    Group,
    Member,
    Period,
    PostedRefs,
    RevealSummary,
    RoundState,
    RoundView,
)
from bot.core.periods import parse_period, period_start
from bot.core.service import StudyService

log = logging.getLogger(__name__)
PLATFORM = "terminal"
TERMINAL_COMMANDS = {
    "as": CommandInfo("as NAME", "speak as another member (try a competition alone)"),
    "say": CommandInfo("say TEXT", "post a discussion message in today's thread"),
    "vote": CommandInfo("vote N", "upvote discussion message #N (a peer vote)"),
    "quit": CommandInfo("quit", "leave the chat (everything is kept)"),
}
MAX_NAME_CHARS = 32
MAX_MESSAGE_CHARS = 20_000  # discussion messages, like answers (bot.core.answers)
# Terminal escape sequences: CSI (ESC [ ... final), OSC/DCS/APC/PM/SOS strings up to BEL or ST,
# two-character ESC sequences, and the 8-bit CSI.
_ESCAPES = re.compile(
    r"\x1b(?:\[[0-?]*[ -/]*[@-~]?|[\]PX^_][^\x07\x1b]*(?:\x07|\x1b\\)?|[ -/]*[0-~]?)"
    r"|\x9b[0-?]*[ -/]*[@-~]?"
)
# Invisible characters that reorder or hide text: bidi embeddings, overrides and isolates,
# zero-width space, word joiner, BOM. (Zero-width joiner and non-joiner stay: emoji and scripts.)
_HIDDEN = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u2060\ufeff")


def clean_text(text: str) -> str:
    """What a member typed, as it may be stored and shown: terminal escape sequences, control
    characters (newline and tab kept) and invisible reordering characters removed; NFC."""
    text = _ESCAPES.sub("", text)
    text = "".join(
        ch
        for ch in text
        if ch in "\n\t"
        or not (unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp") or ch in _HIDDEN)
    )
    return unicodedata.normalize("NFC", text)


def name_problem(name: str) -> str:
    """Why `name` cannot be a member's name in the chat, or ""."""
    if len(name) > MAX_NAME_CHARS:
        return f"Names are at most {MAX_NAME_CHARS} characters; pick a shorter one."
    if any(unicodedata.category(ch)[0] in "CZ" and ch not in "\u200c\u200d" for ch in name):
        return (
            "Names cannot contain control, invisible or direction-changing characters; "
            "use letters, digits and punctuation, e.g. /as alice."
        )
    return ""


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
    ) -> None:
        self.service = service
        self.config = config
        self.stdin = stdin or sys.stdin
        self.stdout = stdout or sys.stdout
        self.interactive = self.stdin.isatty()
        self._prompt = ""  # shown and waiting for a line (interactive only)
        self.group: Group | None = None
        self.member: Member | None = None
        self._discussion: dict[
            int, tuple[Member, str]
        ] = {}  # number -> (author, ref), this session

    # -- Publisher -------------------------------------------------------------------------------

    async def publish_round(self, group: Group, view: RoundView) -> PostedRefs:
        self.say(f"\n=== {render.question_text(view)}\n")
        ref = f"round-{view.round.id}"
        return PostedRefs(message_ref=ref, thread_ref=ref)

    async def publish_reminder(self, group: Group, view: RoundView) -> None:
        self.say(f"Reminder: the answer to '{view.question.title}' is revealed soon.")

    async def publish_reveal(self, group: Group, summary: RevealSummary) -> None:
        self.say(f"\n=== Reveal\n{render.reveal_text(summary)}\n")
        if summary.closes_week:
            try:
                await self._save_weekly_chart(group, summary.round.round_date)
            except OSError as exc:  # the reveal itself is out; the chart is a bonus
                log.warning("weekly chart not saved: %s", exc)
                self.say(f"(The weekly chart could not be saved: {exc.strerror or exc})")

    async def _save_weekly_chart(self, group: Group, day: date) -> None:
        """The terminal cannot show pictures: save the week's chart next to the database."""
        png = await self.service.weekly_chart(group.id, on_date=day)
        if png is not None:
            start = period_start(Period.WEEK, day)
            path = Path(self.service.db.path).resolve().parent / f"leaderboard-week-{start}.png"
            path.write_bytes(png)
            self.say(f"Weekly leaderboard chart saved to {path}")

    # -- the chat loop ---------------------------------------------------------------------------

    def say(self, message: str) -> None:
        if self._prompt:  # a post or reminder arrived on its own: above the prompt, then redraw
            print("\r\x1b[2K" + message, file=self.stdout)
            print(self._prompt, end="", file=self.stdout, flush=True)
            return
        print(message, file=self.stdout, flush=True)

    async def start(self) -> None:
        self.service.register_publisher(self)
        self.group = await self.service.ensure_group(PLATFORM, self.config.group, self.config.group)
        self.member = await self._member(self.config.member)
        self.say(
            f"studybot terminal chat: group '{self.group.name}', you are {self.member.display_name}."
            " Type /help for commands; plain text answers today's question."
        )
        view = await self.service.current_round(self.group.id)
        today = self.service.local_today(self.group)
        if self.config.post_on_start and (view is None or view.round.round_date != today):
            await self.service.post_round(self.group.id)  # a demo: whatever the schedule says
        elif view is not None:
            self.say(f"\n{render.question_text(view)}\n")

    async def run(self) -> None:
        """Open the chat and read lines until EOF or /quit."""
        await self.start()
        await self.loop()

    async def loop(self) -> None:
        """Read lines until EOF or /quit."""
        lines = _line_queue(self.stdin)
        pending: str | None = None  # command waiting for a ``` block ("answer" or "run")
        block: list[str] | None = None
        while True:
            if self.interactive:
                prompt = "... " if block is not None else f"{self.member.display_name}> "
                print(prompt, end="", file=self.stdout, flush=True)
                self._prompt = prompt
            line = await lines.get()
            self._prompt = ""
            if line is None:
                if block is not None:
                    self.say("(unclosed ``` block ignored)")
                break
            line = line.rstrip("\n")
            if block is not None:
                if line.strip().startswith("```"):
                    await self._dispatch(Command(pending or "answer", (), "\n".join(block)))
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
            if stripped.startswith("/"):
                try:
                    command = parse_command(stripped, TERMINAL_COMMANDS)
                except StudyError as exc:
                    self.say(str(exc))
                    continue
                if command.name in ("run", "answer") and command.rest.startswith("```"):
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
                if command.name == "quit":
                    break
                await self._dispatch(command)
            else:
                await self._dispatch(Command("answer", (), stripped))
        self.say("Bye. Everything is saved.")

    async def _member(self, name: str) -> Member:
        return await self.service.ensure_member(PLATFORM, name.lower(), name)

    def _actor(self) -> Actor:
        assert self.member is not None
        admins = {name.lower() for name in self.config.admins}
        return Actor(self.member, is_admin=self.member.external_id in admins)

    async def _dispatch(self, command: Command) -> None:
        if command.name != "as":  # a name is refused rather than changed (see name_problem)
            args = tuple(clean_text(arg) for arg in command.args)
            command = dataclasses.replace(command, args=args, rest=clean_text(command.rest))
        try:
            await self._handle(command)
        except StudyError as exc:
            self.say(str(exc))
        except Exception:
            log.exception("terminal command %r failed", command.name)
            self.say("Sorry, something went wrong handling that; the log has the details.")

    async def _handle(self, command: Command) -> None:
        service, group, member = self.service, self.group, self.member
        assert group is not None and member is not None
        name, args = command.name, command.args
        if name == "answer":
            receipt = await service.submit(group.id, member, command.rest)
            self.say(f"[{member.display_name}] {render.receipt_text(receipt)}")
        elif name == "question":
            view = await service.current_round(group.id)
            self.say(
                render.question_text(view) if view else "No question yet. An admin can /post one."
            )
        elif name == "run":
            self.say(render.run_text(await service.run_snippet(member, command.rest)))
        elif name == "leaderboard":
            if len(args) > 1:
                raise UsageError(f"Usage: /{command.info.usage}")
            period = parse_period(args[0] if args else None)
            board = await service.leaderboard(group.id, period, member=member)
            self.say(render.leaderboard_text(board))
            if period is Period.WEEK:
                await self._save_weekly_chart(group, service.local_today(group))
        elif name == "stats":
            who = await service.find_member(PLATFORM, args[0].lower()) if args else member
            if who is None:
                raise UsageError(f"Nobody called {args[0]} has spoken in this chat yet.")
            self.say(render.stats_text(await service.member_stats(group.id, who)))
        elif name == "help":
            self.say(help_text("/", TERMINAL_COMMANDS))
        elif name == "as":
            if len(args) != 1:
                raise UsageError("Usage: /as NAME (one word)")
            problem = name_problem(args[0])
            if problem:
                raise UsageError(problem)
            self.member = await self._member(unicodedata.normalize("NFC", args[0]))
            self.say(f"You are now {self.member.display_name}.")
        elif name == "say":
            if not command.rest.strip():
                raise UsageError("Usage: /say TEXT")
            if len(command.rest) > MAX_MESSAGE_CHARS:
                raise UsageError(
                    f"That message is too long (over {MAX_MESSAGE_CHARS:,} characters); "
                    "nothing was posted."
                )
            number = len(self._discussion) + 1
            self._discussion[number] = (member, f"say-{uuid.uuid4().hex}")
            self.say(f"  #{number} {member.display_name}: {command.rest}")
        elif name == "vote":
            said = (
                self._discussion.get(int(args[0])) if len(args) == 1 and args[0].isdigit() else None
            )
            if said is None:
                raise UsageError("Usage: /vote N, where #N is a discussion message (see /say).")
            counted = await service.vote(group.id, member, *said)
            self.say(
                "Vote counted."
                if counted
                else "Not counted (your own message, a repeat, or the round is closed)."
            )
        elif name == "schedule":
            if args:
                changes = parse_schedule_args(args)
                self.group = group = await service.update_settings(
                    group.id, self._actor(), **changes
                )
            self.say(render.schedule_text(group.settings.schedule, group.settings.topics))
        elif name == "post":
            view = await service.current_round(group.id)
            today = service.local_today(group)
            if view and view.round.round_date == today:
                self.say("Today's question is already posted:\n" + render.question_text(view))
            else:
                posted = await service.post_round(group.id, self._actor())
                if posted.round.state is RoundState.SKIPPED:
                    self.say("Today's round was skipped; the next one comes on schedule.")
        elif name == "reveal":
            await service.reveal(group.id, self._actor())
        elif name == "skip":
            await service.skip_today(group.id, self._actor())
            self.say("Today's round is skipped.")


def _line_queue(stream: TextIO) -> asyncio.Queue[str | None]:
    """Lines of `stream`, read by a daemon thread (so Ctrl-C never waits for Enter); None = EOF."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[str | None] = asyncio.Queue()
    with contextlib.suppress(AttributeError, ValueError, OSError):
        stream.reconfigure(errors="replace")  # type: ignore[attr-defined]  # bad bytes: not EOF

    def reader() -> None:
        try:
            for line in iter(stream.readline, ""):
                loop.call_soon_threadsafe(queue.put_nowait, line)
        except (OSError, ValueError):
            pass
        finally:
            with contextlib.suppress(RuntimeError):  # the loop may already be closed
                loop.call_soon_threadsafe(queue.put_nowait, None)

    threading.Thread(target=reader, name="terminal-stdin", daemon=True).start()
    return queue
