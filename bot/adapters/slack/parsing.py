"""`/study` text as Slack sends it, parsed with the shared `bot.core.commands` parser.

Slack-specific details live here: HTML-unescaping (Slack sends &amp; &lt; &gt;), channel and user
mentions (<#C123|name>, <@U123>), `key=value` as well as `key value` settings, and `setup` as the
name of the schedule command. A malformed command raises `UsageError` with the usage line.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from bot.core.commands import (
    COMMANDS,
    CommandInfo,
    parse_command,
    parse_period_arg,
    parse_schedule_args,
)
from bot.core.errors import UsageError
from bot.core.models import Period

SLACK_USAGE = {
    "schedule": "setup [channel #ch] [time HH:MM] [tz Area/City] [days mon-fri] [topics a,b|all] ...",
    "answer": "answer [TEXT]  (no text: opens a form)",
    "run": "run [CODE]  (no code: opens a form)",
    "stats": "stats [@member]",
    "practice": "practice [ANSWER]  (no answer: your next private practice question)",
}
# Slack's own commands (bot.adapters.slack.suggestions); the terminal has its own versions.
SLACK_COMMANDS = {
    "suggest": CommandInfo(
        "suggest [help]  (no text: opens a form)",
        "suggest a question of any kind for this group (TOML; `help` shows the format)",
    ),
    "suggestions": CommandInfo(
        "suggestions [show N | edit N | accept N | reject N REASON]",
        "members' suggested questions: list the pending ones, show, edit (a form), accept "
        "(it joins the rotation, its post credits the author) or reject one with a reason",
        admin=True,
    ),
}
_CHANNEL = re.compile(r"^<#([CG][A-Z0-9]+)(?:\|([^>]*))?>$")
_USER = re.compile(r"^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$")
_ALIASES = {"timezone": "tz", "weekdays": "days"}


@dataclass(frozen=True)
class SlackCommand:
    name: str  # a bot.core.commands name ("schedule" for setup)
    rest: str = ""  # raw text after the command word (answers, code)
    period: Period = Period.ALL
    settings: dict[str, object] = field(default_factory=dict)  # update_settings kwargs
    channel: tuple[str, str] | None = None  # setup: (channel id, name) when a channel was given
    user: str | None = None  # stats: another member's Slack id
    args: tuple[str, ...] = ()  # the words after the command (suggestions)


def usage(name: str) -> str:
    text = SLACK_USAGE.get(name) or {**COMMANDS, **SLACK_COMMANDS}[name].usage
    return f"/study {text}"


def help_text() -> str:
    lines = ["*studybot commands*"]
    for admin in (False, True):
        if admin:
            lines.append("*Admins*")
        for name, info in {**COMMANDS, **SLACK_COMMANDS}.items():
            if info.admin == admin:
                lines.append(f"• `{usage(name)}`: {info.summary}")
    return "\n".join(lines)


def _setup(args: tuple[str, ...], rest: str) -> SlackCommand:
    tokens: list[str] = []
    for token in args:
        key, sep, value = token.partition("=")
        tokens += [key, value] if sep and not token.startswith("<") else [token]
    channel = None
    remaining: list[str] = []
    items = iter(tokens)
    for token in items:
        word = token.lower()
        if word in ("channel", "ch"):
            token = next(items, "")
            if not _CHANNEL.match(token):
                raise UsageError(f"`channel` needs a #channel. Usage: `{usage('schedule')}`")
        match = _CHANNEL.match(token)
        if match:
            channel = (match.group(1), match.group(2) or "")
        else:
            remaining.append(_ALIASES.get(word, token))
    settings = parse_schedule_args(tuple(remaining))
    return SlackCommand("schedule", rest, settings=settings, channel=channel)


_CORE_COMMAND = re.compile(
    r"(?<![\w/`])/(question|answer|run|leaderboard|stats|help|schedule|post|reveal|skip|practice"
    r"|nudge|suggestions|suggest)\b"
)


def slackify(message: str) -> str:
    """A core message naming commands as "/post" or "/schedule", with Slack's `/study post`."""
    return _CORE_COMMAND.sub(
        lambda m: f"`/study {'setup' if m.group(1) == 'schedule' else m.group(1)}`", message
    )


def _slack_usage(error: UsageError) -> UsageError:
    """The shared parser's messages, with Slack's command names."""
    text = (
        str(error).replace("Type /help", "Type `/study help`").replace("Usage: /", "Usage: /study ")
    )
    return UsageError(text.replace("/study schedule", "/study setup"))


def parse(text: str) -> SlackCommand:
    """Parse the text after `/study`. Empty text means help."""
    try:
        return _parse(text)
    except UsageError as error:
        raise _slack_usage(error) from None


def _parse(text: str) -> SlackCommand:
    text = html.unescape(text or "").strip()
    if not text:
        return SlackCommand("help")
    word, _, rest = text.partition(" ")
    if word.lstrip("/").lower() == "suggest":  # its text (TOML) is kept as typed
        return SlackCommand("suggest", rest.strip())
    command = parse_command(text, SLACK_COMMANDS)
    name, args = command.name, command.args
    if name == "schedule":
        return _setup(args, command.rest)
    if name == "leaderboard":
        period = parse_period_arg(command)
        try:
            return SlackCommand(name, command.rest, period=Period((period or "all").lower()))
        except ValueError:
            raise UsageError(f"Usage: `{usage(name)}`") from None
    if name == "stats" and args:
        match = _USER.match(args[0])
        if len(args) > 1 or not match:
            raise UsageError("Usage: `/study stats [@member]`")
        return SlackCommand(name, command.rest, user=match.group(1))
    return SlackCommand(name, command.rest, args=args)
