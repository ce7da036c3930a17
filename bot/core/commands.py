"""Text commands shared by the terminal chat and Slack's `/study` (Discord uses slash commands).

`parse_command("leaderboard week")` -> Command("leaderboard", ("week",), "week"). Unknown or
malformed commands raise UsageError with a usage line, never a traceback.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from typing import Any

from bot.core.errors import UsageError


@dataclass(frozen=True)
class CommandInfo:
    usage: str
    summary: str
    admin: bool = False


COMMANDS: dict[str, CommandInfo] = {
    "question": CommandInfo("question", "show today's question"),
    "answer": CommandInfo("answer TEXT", "answer today's question (code between ``` fences)"),
    "run": CommandInfo("run CODE", "run a Python snippet in the sandbox and show its output"),
    "leaderboard": CommandInfo("leaderboard [week|month|all]", "show the leaderboard"),
    "stats": CommandInfo("stats [NAME]", "your (or NAME's) points, rank and streaks"),
    "practice": CommandInfo(
        "practice [ANSWER]",
        "a private practice question for you (due reviews first); with ANSWER: answer it",
    ),
    "nudge": CommandInfo("nudge on|off", "the weekly 'reviews due' nudge with your name (on/off)"),
    "dashboard": CommandInfo(
        "dashboard [revoke | revoke all]",
        "a private link to the group's web pages (boards, charts, rounds); revoke cancels links",
    ),
    "help": CommandInfo("help", "this help"),
    "schedule": CommandInfo(
        "schedule [time HH:MM] [tz ZONE] [days mon,wed,fri] [reveal HH:MM | reveal-after HOURS]"
        " [reminder MINUTES|off] [topics a,b|all] [mix 1,1,1] [on|off]",
        "show or change when questions are posted",
        admin=True,
    ),
    "post": CommandInfo("post", "post today's question now", admin=True),
    "reveal": CommandInfo("reveal", "reveal the answer and the round summary now", admin=True),
    "skip": CommandInfo("skip", "skip today's round", admin=True),
}
ALIASES = {"q": "question", "a": "answer", "lb": "leaderboard", "top": "leaderboard", "h": "help",
           "?": "help", "setup": "schedule"}  # fmt: skip

RAW = ("answer", "run", "practice")  # commands whose text (an answer, code) is kept as typed

SCHEDULE_KEYS = {
    "time": "post_time", "at": "post_time", "tz": "timezone", "timezone": "timezone",
    "days": "weekdays", "weekdays": "weekdays", "reveal": "reveal_time",
    "reveal-after": "reveal_after_hours", "reminder": "reminder_minutes", "topics": "topics",
    "mix": "difficulty_mix",
}  # fmt: skip


@dataclass(frozen=True)
class Command:
    name: str
    args: tuple[str, ...]
    rest: str  # everything after the command word, as typed (answers and code keep their layout)

    @property
    def info(self) -> CommandInfo:
        return COMMANDS[self.name]


def parse_command(text: str, extra: dict[str, CommandInfo] | None = None) -> Command:
    """Parse 'name args...' (a leading '/' is optional). `extra` adds adapter-specific commands."""
    known = {**COMMANDS, **(extra or {})}
    stripped = text.strip().lstrip("/")
    if not stripped:
        raise UsageError(f"Type a command. {help_hint()}")
    word, _, rest = stripped.partition(" ")
    if "\n" in word:
        word, _, more = word.partition("\n")
        rest = more + (" " + rest if rest else "")
    name = ALIASES.get(word.lower(), word.lower())
    if name not in known:
        raise UsageError(f"Unknown command '{word}'. {help_hint()}")
    try:
        args = tuple(shlex.split(rest)) if name not in RAW else ()
    except ValueError as exc:
        raise UsageError(
            f"Could not read the arguments ({exc}). Usage: {known[name].usage}"
        ) from exc
    return Command(name, args, rest.strip("\n ") if name in RAW else rest.strip())


def help_hint() -> str:
    return "Type /help to see the commands."


def help_text(prefix: str = "/", extra: dict[str, CommandInfo] | None = None) -> str:
    known = {**COMMANDS, **(extra or {})}
    lines = ["Commands:"]
    for admin in (False, True):
        if admin:
            lines.append("Admin commands:")
        for info in known.values():
            if info.admin == admin:
                lines.append(f"  {prefix}{info.usage}\n      {info.summary}")
    return "\n".join(lines)


def parse_schedule_args(args: tuple[str, ...]) -> dict[str, Any]:
    """['time', '09:00', 'tz', 'Europe/Berlin', 'off'] -> {'post_time': '09:00', ...}."""
    changes: dict[str, Any] = {}
    items = list(args)
    while items:
        word = items.pop(0).lower()
        if word in ("on", "off", "pause", "resume"):
            changes["enabled"] = word in ("on", "resume")
            continue
        key = SCHEDULE_KEYS.get(word)
        if key is None:
            raise UsageError(
                f"Unknown schedule setting '{word}'. Usage: /{COMMANDS['schedule'].usage}"
            )
        if not items:
            raise UsageError(f"'{word}' needs a value. Usage: /{COMMANDS['schedule'].usage}")
        changes[key] = items.pop(0)
    return changes


def parse_period_arg(command: Command) -> str | None:
    if len(command.args) > 1:
        raise UsageError(f"Usage: /{command.info.usage}")
    return command.args[0] if command.args else None
