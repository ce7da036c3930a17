"""Member output made safe to show, for every platform (no platform library or markup here).

Whatever a member's program prints is untrusted text shown to people:

- `visible`: control characters (C0 but newline and tab, DEL, C1) and bidirectional overrides
  (U+202A-U+202E, U+2066-U+2069) become escapes such as `\\x1b` or `\\u202e`, so output cannot move
  a terminal's cursor, recolour or clear it, or reorder what a reader sees.
- `break_fences`: a zero-width space between backticks, so no run of them can close (or open) a
  ``` block.
- `quiet_mentions`: `@everyone`, `@here`, `@channel` and `<@...>`, `<@&...>`, `<!...>`, `<#...>`
  lose their meaning (a zero-width space after `@` or `<`); adapters also switch mentions off
  where the platform allows it and escape what their markup needs.
- `run_parts`: what one chat message shows of a run (the head of the output and the end of the
  traceback, within a character budget) and the whole text (all the output the sandbox kept, up
  to its cap) for an attachment when the message leaves something out.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.sandbox.api import RunResult

ZWSP = "\u200b"
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\r": "\\r", "\x0b": "\\v", "\x0c": "\\f", "\x00": "\\0"}
_BACKTICKS = re.compile("`(?=`)")
_MENTION = re.compile(r"(?<=@)(?=(?:everyone|here|channel)\b)|(?<=<)(?=[@#!&/])", re.IGNORECASE)
MORE = "…"
NO_OUTPUT = "(no output)"


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def visible(text: str) -> str:
    """`text` with control characters and bidi overrides shown as escapes (\\n and \\t kept)."""
    return _CONTROL.sub(_escape, text)


def break_fences(text: str) -> str:
    """No two backticks in a row: "```" becomes "`\\u200b`\\u200b`"."""
    return _BACKTICKS.sub("`" + ZWSP, text)


def quiet_mentions(text: str) -> str:
    """Mention syntax made inert: "@\\u200beveryone", "<\\u200b@123>", "<\\u200b!channel>"."""
    return _MENTION.sub(ZWSP, text)


def whole_output(result: RunResult) -> str:
    """Everything the program printed (up to the sandbox's cap), as printed."""
    return result.full_output or result.stdout


def head(text: str, max_chars: int) -> str:
    """The beginning of `text` within `max_chars`, cut at a line end when one is near."""
    if len(text) <= max_chars:
        return text
    cut = text[:max_chars]
    newline = cut.rfind("\n")
    return cut[:newline] if newline >= max_chars // 2 else cut


def tail(text: str, max_chars: int) -> str:
    """The end of `text` within `max_chars` (starting with … when cut)."""
    if len(text) <= max_chars:
        return text
    return MORE + text[len(text) - max_chars + 1 :]


@dataclass(frozen=True)
class RunParts:
    body: str  # what one message shows (already made safe by the caller's `safe`)
    whole: str  # all of the output and the traceback, `visible`: the text of an attachment
    cut: bool  # the body leaves something out: attach `whole`
    lines: int  # lines in `whole`


def run_parts(result: RunResult, safe: Callable[[str], str], budget: int) -> RunParts:
    """Split a run for a chat message of at most `budget` characters of body.

    The body shows the beginning of the output (as far as the sandbox's display limits and the
    budget allow, "…" marking a cut) and the end of the traceback (at most half the budget);
    `safe` is the platform's treatment of untrusted text (`visible` and more), applied before
    measuring.
    """
    everything = whole_output(result)
    traceback = result.traceback.strip("\n")
    cut = result.truncated or len(everything.rstrip("\n")) > len(result.stdout.rstrip("\n"))
    shown_tb = safe(traceback)
    if len(shown_tb) > budget // 2:
        shown_tb, cut = tail(shown_tb, budget // 2), True
    room = budget - len(shown_tb) - len(MORE) - 2
    shown_out = safe(result.stdout.rstrip("\n"))
    if len(shown_out) > room:
        shown_out, cut = head(shown_out, max(room, 0)), True
    if cut:
        shown_out = f"{shown_out}\n{MORE}" if shown_out else MORE
    body = "\n".join(part for part in (shown_out, shown_tb) if part) or NO_OUTPUT
    whole = visible(everything.rstrip("\n"))
    if traceback:
        whole = f"{whole}\n{visible(traceback)}" if whole else visible(traceback)
    return RunParts(body=body, whole=whole + "\n", cut=cut, lines=whole.count("\n") + 1)


def split_text(text: str, limit: int) -> list[str]:
    """Split `text` into parts of at most `limit` characters on line boundaries (a longer line
    is cut), keeping ``` blocks balanced: a block cut in two is closed and opened again."""
    if len(text) <= limit:
        return [text]
    budget = limit - 8  # room to close and reopen a fence
    parts: list[str] = []
    current, fence = "", ""  # fence: the opening line of the block we are inside, if any
    for line in _lines(text, budget - 4):
        if len(current) + len(line) > budget:
            parts.append(current + ("```" if fence else ""))
            current = (fence + "\n") if fence else ""
        current += line
        stripped = line.strip()
        if stripped.startswith("```") and stripped.count("```") % 2 == 1:  # opens or closes
            fence = "" if fence else stripped
    if current.strip():
        parts.append(current)
    return [p.rstrip("\n") for p in parts if p.strip()]


def _lines(text: str, width: int) -> list[str]:
    out: list[str] = []
    for line in text.splitlines(keepends=True):
        while len(line) > width:
            out.append(line[:width] + "\n")
            line = line[width:]
        out.append(line)
    return out
