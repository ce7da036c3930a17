"""Question-bank TOML for tests, one question at a time.

The defaults are the questions most tests ask: the choice "Pick B", the short "Sum" (2 + 2) and
the open "Discuss"; a test gives each its own id and topic, and changes what it needs.
"""

from __future__ import annotations

import json
from collections.abc import Sequence


def _toml(value: str | Sequence[str]) -> str:
    """A TOML string or list of strings (JSON's syntax is TOML's for these)."""
    return json.dumps(value if isinstance(value, str) else list(value))


def _head(qid: str, kind: str, topic: str, difficulty: int, title: str, prompt: str,
          explanation: str) -> str:  # fmt: skip
    return (
        f"\n[[question]]\nid = {_toml(qid)}\nkind = {_toml(kind)}\ntopic = {_toml(topic)}\n"
        f"difficulty = {difficulty}\ntitle = {_toml(title)}\nprompt = {_toml(prompt)}\n"
        f"explanation = {_toml(explanation)}\n"
    )


def choice_question(
    qid: str,
    topic: str,
    *,
    title: str = "Pick B",
    prompt: str = "Which letter is the second one?",
    explanation: str = "B is the second letter.",
    options: Sequence[str] = ("A", "B", "C", "D"),
    correct: str = "B",
    difficulty: int = 1,
) -> str:
    return _head(qid, "choice", topic, difficulty, title, prompt, explanation) + (
        f"[question.choice]\noptions = {_toml(options)}\ncorrect = {_toml(correct)}\n"
    )


def short_question(
    qid: str,
    topic: str,
    *,
    title: str = "Sum",
    prompt: str = "What is 2 + 2?",
    explanation: str = "Four.",
    accepted: Sequence[str] = ("4", "four"),
    difficulty: int = 2,
) -> str:
    return _head(qid, "short", topic, difficulty, title, prompt, explanation) + (
        f"[question.short]\naccepted = {_toml(accepted)}\n"
    )


def open_question(
    qid: str,
    topic: str,
    *,
    title: str = "Discuss",
    prompt: str = "Why test?",
    explanation: str = "To know.",
    reference: str = "Because it can fail.",
    key_points: Sequence[str] = (),
    difficulty: int = 1,
) -> str:
    points = f"key_points = {_toml(key_points)}\n" if key_points else ""
    return _head(qid, "open", topic, difficulty, title, prompt, explanation) + (
        f"[question.open]\nreference = {_toml(reference)}\n{points}"
    )
