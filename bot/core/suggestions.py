"""Questions members suggest (/suggest): reviewed by admins, then part of the group's rotation.

A suggestion is written in TOML: the fields of one question of a bank file without the
`[[question]]` header, its answer table as `[<kind>]` (e.g. `[short]`, `[[code.tests]]`); a block
pasted from a bank file (`[[question]]` ... `[question.short]`) works too. It is validated exactly
like a file question (bot.bank.loader.parse_document): every problem names its field. `id` may be
left out: it is made from the topic and the title.

Accepted suggestions join their group's rotation (bot.core.flow.post_round asks a new one first,
then it is drawn like any other question), are credited to their author in the post, and export
as a bank file (`export_toml`). One that later joins the shared bank with the same id is the same
question: the bank's copy wins.
"""

from __future__ import annotations

import json
import logging
import re
import tomllib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.bank.loader import parse_document
from bot.bank.model import Question
from bot.core.answers import strip_fences
from bot.core.errors import InvalidAnswer, NotAdmin, UsageError
from bot.core.models import Actor, Member
from bot.storage.suggestions import SuggestionRepository, SuggestionRow

if TYPE_CHECKING:
    from bot.core.service import StudyService

log = logging.getLogger(__name__)
MAX_SUGGESTION_CHARS = 20_000

FORMAT_HELP = """\
Write the question in TOML between ``` lines (the fields of a bank file's [[question]]):
```
topic = "git"
kind = "short"          # choice, short, code or open
difficulty = 1          # 1 easy, 2 medium, 3 hard
title = "Undo the last commit, keep the changes"
prompt = "Which git command moves HEAD back one commit and keeps your changes staged?"
explanation = "--soft moves HEAD only; the index and the files stay as they were."
[short]                 # the answer table of the kind: [choice], [short], [code] or [open]
accepted = ["git reset --soft HEAD~1"]
```
[choice]: options = ["...", "..."], correct = "B". [open]: reference = "...", key_points = [...].
[code]: entry_point, signature, reference, then [[code.examples]] / [[code.tests]] with
args = [...] and expected = ... (id is optional: made from topic and title)."""


@dataclass(frozen=True)
class Accepted:
    """An accepted suggestion as a question of its group's rotation."""

    suggestion_id: int
    group_id: int
    question: Question
    author_name: str


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:48].strip("-") or "question"


def parse_suggestion(text: str, label: str = "suggestion") -> Question:
    """The question a suggestion's TOML describes; InvalidAnswer listing every problem."""
    body = strip_fences(text.strip()).strip()
    if not body:
        raise UsageError("The suggestion is empty.\n" + FORMAT_HELP)
    if len(body) > MAX_SUGGESTION_CHARS:
        raise InvalidAnswer(
            f"The suggestion is too long (over {MAX_SUGGESTION_CHARS:,} characters)."
        )
    try:
        data = tomllib.loads(body)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidAnswer(
            f"{label}: invalid TOML: {exc}\n(/suggest help shows the format.)"
        ) from None
    block: dict[str, Any] = data
    if "question" in data:  # pasted from a bank file
        blocks = data["question"]
        if not isinstance(blocks, list) or len(blocks) != 1 or not isinstance(blocks[0], dict):
            raise InvalidAnswer(f"{label}: one [[question]] per suggestion, please.")
        block = dict(blocks[0])
        if "topic" not in block and isinstance(data.get("topic"), str):
            block["topic"] = data["topic"]
    problems: list[str] = []
    if not isinstance(block.get("topic"), str) or not block["topic"].strip():
        problems.append(f"{label}: field 'topic': missing (e.g. topic = \"git\")")
    elif "id" not in block and isinstance(block.get("title"), str):
        block = {"id": f"{_slug(block['topic'])}.{_slug(block['title'])}", **block}
    questions, found = parse_document({"question": [block]}, label)
    problems += found
    if problems or not questions:
        lines = "\n".join(f"  - {p}" for p in problems or [f"{label}: not a question"])
        raise InvalidAnswer(f"The suggestion has problems:\n{lines}")
    return questions[0]


# -- TOML for the shared bank ---------------------------------------------------------------------


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)  # JSON's escapes are valid in a TOML basic string
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{json.dumps(k)} = {_value(v)}" for k, v in value.items()) + " }"
    raise ValueError(f"cannot write {value!r} as TOML")


def _key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else json.dumps(key)


def _tables(path: str, table: dict[str, Any], out: list[str], header: str) -> None:
    out.append(header)
    nested: list[tuple[str, Any]] = []
    for key, value in table.items():
        if isinstance(value, dict) or (
            isinstance(value, list) and value and all(isinstance(v, dict) for v in value)
        ):
            nested.append((key, value))
        else:
            out.append(f"{_key(key)} = {_value(value)}")
    for key, value in nested:
        sub = f"{path}.{_key(key)}"
        if isinstance(value, dict):
            _tables(sub, value, out, f"[{sub}]")
        else:
            for item in value:
                _tables(sub, item, out, f"[[{sub}]]")


def question_block(text: str, question_id: str, comment: str = "") -> str:
    """A suggestion's TOML as a bank file's [[question]] block (with its id)."""
    body = strip_fences(text.strip()).strip()
    data = tomllib.loads(body)
    block = dict(data["question"][0]) if "question" in data else dict(data)
    if "topic" not in block and isinstance(data.get("topic"), str):
        block["topic"] = data["topic"]
    block = {"id": question_id, **{k: v for k, v in block.items() if k != "id"}}
    out = [f"# {comment}"] if comment else []
    _tables("question", block, out, "[[question]]")
    return "\n".join(out) + "\n"


# -- the service's suggestions --------------------------------------------------------------------


class Suggestions:
    """`service.suggestions`: suggest, review (admins), and the accepted ones per group."""

    def __init__(self, service: StudyService) -> None:
        self.service = service
        self.repo = SuggestionRepository(service.db)
        self._accepted: dict[str, Accepted] = {}
        self._loaded = False

    # -- the accepted questions (read by the rounds) ---------------------------------------------

    async def ensure_loaded(self) -> None:
        if not self._loaded:
            await self.refresh()

    async def refresh(self) -> None:
        """Re-read the accepted suggestions (another process may have accepted one)."""
        accepted: dict[str, Accepted] = {}
        for row in await self.repo.in_state("accepted"):
            if row.question_id in self.service.bank or row.question_id in accepted:
                continue  # it joined the shared bank: the bank's copy is the question
            try:
                question = parse_suggestion(row.body, f"suggestion #{row.id}")
            except (InvalidAnswer, UsageError) as exc:  # the parser got stricter since
                log.warning("accepted suggestion %s no longer valid: %s", row.id, exc)
                continue
            accepted[question.id] = Accepted(row.id, row.group_id, question, row.author_name)
        self._accepted, self._loaded = accepted, True

    def find(self, question_id: str) -> Accepted | None:
        return self._accepted.get(question_id)

    def for_group(self, group_id: int) -> list[Accepted]:
        """The group's accepted suggestions, oldest accepted first."""
        return sorted(
            (a for a in self._accepted.values() if a.group_id == group_id),
            key=lambda a: a.suggestion_id,
        )

    # -- members ---------------------------------------------------------------------------------

    async def suggest(self, group_id: int, member: Member, text: str) -> SuggestionRow:
        """Store a member's suggestion, pending an admin's review (InvalidAnswer if invalid)."""
        question = parse_suggestion(text)
        await self._check_id(question.id)
        new_id = await self.repo.add(
            group_id, member.id, question.id, _clean(text), self.service.clock.now()
        )
        row = await self.repo.get(group_id, new_id)
        assert row is not None
        return row

    async def _check_id(self, question_id: str, suggestion_id: int | None = None) -> None:
        await self.refresh()
        if question_id in self.service.bank:
            raise InvalidAnswer(
                f"suggestion: field 'id': {question_id!r} is already a question of the bank; "
                "give yours another id."
            )
        taken = self._accepted.get(question_id)
        if taken is not None and taken.suggestion_id != suggestion_id:
            raise InvalidAnswer(
                f"suggestion: field 'id': {question_id!r} is already an accepted suggestion "
                f"(#{taken.suggestion_id}); give yours another id."
            )

    # -- admins ----------------------------------------------------------------------------------

    async def pending(self, group_id: int, actor: Actor) -> list[SuggestionRow]:
        _admin(actor, "review suggestions")
        return await self.repo.in_state("pending", group_id)

    async def get(self, group_id: int, actor: Actor, suggestion_id: int) -> SuggestionRow:
        _admin(actor, "review suggestions")
        row = await self.repo.get(group_id, suggestion_id)
        if row is None:
            raise UsageError(f"There is no suggestion #{suggestion_id} in this group.")
        return row

    async def edit(
        self, group_id: int, actor: Actor, suggestion_id: int, text: str
    ) -> SuggestionRow:
        """Replace a pending suggestion's question (validated like a new one)."""
        row = await self._pending(group_id, actor, suggestion_id)
        question = parse_suggestion(text, f"suggestion #{row.id}")
        await self._check_id(question.id, row.id)
        if not await self.repo.edit(row.id, question.id, _clean(text)):
            raise UsageError(f"Suggestion #{row.id} was decided meanwhile.")
        return await self.get(group_id, actor, row.id)

    async def accept(self, group_id: int, actor: Actor, suggestion_id: int) -> Question:
        """Accept a pending suggestion: it joins the group's rotation."""
        row = await self._pending(group_id, actor, suggestion_id)
        question = parse_suggestion(row.body, f"suggestion #{row.id}")
        await self._check_id(question.id, row.id)
        if not await self.repo.decide(row.id, "accepted", actor.member.id, self.service.now()):
            raise UsageError(f"Suggestion #{row.id} was decided meanwhile.")
        await self.refresh()
        return question

    async def reject(
        self, group_id: int, actor: Actor, suggestion_id: int, note: str = ""
    ) -> SuggestionRow:
        row = await self._pending(group_id, actor, suggestion_id)
        if not await self.repo.decide(
            row.id, "rejected", actor.member.id, self.service.now(), note.strip()
        ):
            raise UsageError(f"Suggestion #{row.id} was decided meanwhile.")
        return row

    async def _pending(self, group_id: int, actor: Actor, suggestion_id: int) -> SuggestionRow:
        row = await self.get(group_id, actor, suggestion_id)
        if row.state != "pending":
            raise UsageError(f"Suggestion #{row.id} is already {row.state}.")
        return row

    # -- export ----------------------------------------------------------------------------------

    async def export_toml(self, group_id: int | None = None) -> tuple[str, int]:
        """The accepted suggestions (of one group, or of all) as one bank file; and how many."""
        rows = await self.repo.in_state("accepted", group_id)
        blocks = [
            question_block(
                row.body, row.question_id, f"suggested by {row.author_name} (suggestion #{row.id})"
            )
            for row in rows
        ]
        head = "# Questions suggested by members and accepted by their group's admins.\n"
        return head + "\n" + "\n".join(blocks), len(blocks)


def _clean(text: str) -> str:
    return strip_fences(text.strip()).strip() + "\n"


def _admin(actor: Actor, what: str) -> None:
    if not actor.is_admin:
        raise NotAdmin(what)
