"""What is typed into the terminal chat: cleaned before it is stored or shown, names checked, and
lines read by a thread so the event loop (posts, reminders, reveals) never waits for Enter."""

from __future__ import annotations

import asyncio
import contextlib
import re
import threading
import unicodedata
from typing import TextIO

INTERRUPT = "\x03"  # put in the line queue on Ctrl-C: the chat clears the line instead of quitting

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


def line_queue(stream: TextIO) -> asyncio.Queue[str | None]:
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
