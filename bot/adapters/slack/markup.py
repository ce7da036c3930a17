"""Slack markup primitives: mrkdwn text safety and the generic Block Kit builders.

Escaping (`esc`, `plain`, `error_text`), cutting to a limit (`clip`), bank Markdown as mrkdwn
(`to_mrkdwn`), and the blocks every view is built from, kept within Slack's limits (section text
3000 chars, header 150, button/option text 75). Long text is split over several sections
(`sections`), never cut; a message holds at most 50 blocks (`MAX_BLOCKS`: the publisher sends
more as further messages). The views themselves are in bot.adapters.slack.blocks.
"""

from __future__ import annotations

import re
from typing import Any

from bot.adapters.slack.parsing import slackify
from bot.core.errors import StudyError
from bot.core.output import split_text

Block = dict[str, Any]

_FENCE = re.compile(r"(```.*?```)", re.DOTALL)


def esc(text: str) -> str:
    """Escape &, < and > as Slack requires in mrkdwn, so "<!channel>" in a name or in printed
    output is shown, not acted on (Slack un-escapes them for display, in code blocks too)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# mrkdwn has no escape for its formatting characters: in names they become look-alikes that
# Slack does not format (∗ ASTERISK OPERATOR, ˍ MODIFIER LETTER LOW MACRON, ∼ TILDE OPERATOR,
# ˋ MODIFIER LETTER GRAVE ACCENT), so "*boss*" or "_x_" in a name is shown, never bold or italic.
_MRKDWN_LOOKALIKES = str.maketrans({"*": "\u2217", "_": "\u02cd", "~": "\u223c", "`": "\u02cb"})


def plain(text: str) -> str:
    """Member-chosen text (names) for mrkdwn: &, < and > escaped, and *, _, ~ and ` unable to
    format anything."""
    return esc(text).translate(_MRKDWN_LOOKALIKES)


class SlackMarkupError(StudyError):
    """A StudyError whose message is already Slack mrkdwn (e.g. holds a <#C123> mention)."""


def error_text(error: StudyError) -> str:
    """What a member sees for a domain error: escaped, with commands named `/study ...`."""
    return str(error) if isinstance(error, SlackMarkupError) else slackify(esc(str(error)))


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def to_mrkdwn(text: str) -> str:
    """Bank prose (hard-wrapped Markdown) as Slack mrkdwn: unwrap paragraphs, **b** -> *b*.

    Code fences are kept verbatim (Slack renders them as code blocks).
    """
    parts = []
    for chunk in _FENCE.split(esc(text.strip())):
        if chunk.startswith("```"):
            parts.append(chunk)
            continue
        paragraphs = re.split(r"\n\s*\n", chunk)
        unwrapped = "\n\n".join(" ".join(p.split()) for p in paragraphs)
        parts.append(re.sub(r"\*\*(.+?)\*\*", r"*\1*", unwrapped))
    return "\n".join(p for p in parts if p.strip())


SECTION_MAX = 3000
MAX_BLOCKS = 50


def section(text: str) -> Block:
    """One section; for text that may be longer than a section holds, use `sections`."""
    return {"type": "section", "text": {"type": "mrkdwn", "text": clip(text, SECTION_MAX)}}


def sections(text: str) -> list[Block]:
    """Text of any length as sections of at most 3,000 characters each, split on line
    boundaries with ``` blocks closed and reopened across them: nothing is cut."""
    return [section(part) for part in split_text(text, SECTION_MAX) if part.strip()]


def block_messages(blocks: list[Block]) -> list[list[Block]]:
    """Blocks in runs of at most 50, one run per message."""
    return [blocks[i : i + MAX_BLOCKS] for i in range(0, len(blocks), MAX_BLOCKS)] or [[]]


def context(text: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": clip(text, 3000)}]}


def header(text: str) -> Block:
    return {"type": "header", "text": {"type": "plain_text", "text": clip(text, 150)}}


def button(text: str, action_id: str, value: str, style: str | None = None) -> Block:
    b: Block = {
        "type": "button",
        "text": {"type": "plain_text", "text": clip(text, 75)},
        "action_id": action_id,
        "value": value,
    }
    if style:
        b["style"] = style
    return b
