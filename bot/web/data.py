"""What the web pages show, read from the database through the service.

The leaderboard page's rows are in `bot.web.board`.

Only revealed rounds appear (round pages, history, topic mastery, points over time): nothing of an
open round (its answers are sealed) is read here. Figures of a revealed round never change, so
`RoundFacts` keeps them per round (keyed by round id and reveal time): a page of a group with a
year of rounds reads only what is new since the last view.
"""

from __future__ import annotations

from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from bot.bank.grading import answer_text, letter, parse_choice
from bot.bank.model import ChoiceSpec, Question
from bot.core.guards import renamed
from bot.core.models import Member
from bot.storage.groups import member_from_row
from bot.storage.history import HistoryRepository
from bot.storage.timeutil import date_from_db
from bot.web.board import BOARD_ROWS, BoardRow, board  # noqa: F401  (data.board: the pages)

if TYPE_CHECKING:
    from bot.core.service import StudyService

ROUNDS_PER_PAGE = 50
_CHUNK = 500


@dataclass(frozen=True)
class RoundLine:
    id: int
    round_date: date
    question_id: str
    title: str
    topic: str
    answered: int
    correct: int

    @property
    def share(self) -> float:
        return self.correct / self.answered if self.answered else 0.0


@dataclass(frozen=True)
class TopicLine:
    topic: str
    rounds: int
    answered: int
    correct: int

    @property
    def accuracy(self) -> float:
        return self.correct / self.answered if self.answered else 0.0


@dataclass(frozen=True)
class RoundDetail:
    line: RoundLine
    question: Question | None
    answer: str
    options: list[tuple[str, str, int, bool]]  # (letter, text, members who chose it, correct)
    fastest: Member | None
    most_voted: tuple[Member, int, str] | None  # (author, votes, message text or "")


@dataclass
class RoundFacts:
    """Per revealed round: (answered, fully correct) and the choice distribution."""

    size: int = 50_000
    counts: OrderedDict[tuple[int, str], tuple[int, int]] = field(default_factory=OrderedDict)
    choices: OrderedDict[tuple[int, str], Counter[int]] = field(default_factory=OrderedDict)

    def _trim(self) -> None:
        for store in (self.counts, self.choices):
            while len(store) > self.size:
                store.popitem(last=False)


def _history(service: StudyService) -> HistoryRepository:
    return HistoryRepository(service.db)


async def revealed_rounds(service: StudyService, group_id: int) -> list[Any]:
    """(id, round_date, question_id, revealed_at) of the group's revealed rounds, newest first."""
    await service.suggestions.ensure_loaded()  # a round may ask a member's accepted suggestion
    return await _history(service).revealed_rounds(group_id)


async def round_counts(
    service: StudyService, facts: RoundFacts, rows: list[Any]
) -> dict[int, tuple[int, int]]:
    keys = {row["id"]: (row["id"], row["revealed_at"] or "") for row in rows}
    missing = [rid for rid, key in keys.items() if key not in facts.counts]
    for i in range(0, len(missing), _CHUNK):
        chunk = missing[i : i + _CHUNK]
        found = {rid: (0, 0) for rid in chunk}
        found.update(await _history(service).answer_counts(chunk))
        for rid, value in found.items():
            facts.counts[keys[rid]] = value
    facts._trim()
    return {rid: facts.counts[key] for rid, key in keys.items() if key in facts.counts}


def _line(service: StudyService, row: Any, counts: dict[int, tuple[int, int]]) -> RoundLine:
    question = service.find_question(row["question_id"])
    answered, correct = counts.get(row["id"], (0, 0))
    return RoundLine(
        id=row["id"],
        round_date=date_from_db(row["round_date"]),
        question_id=row["question_id"],
        title=question.title if question else row["question_id"],
        topic=question.topic if question else "(no longer in the bank)",
        answered=answered,
        correct=correct,
    )


async def member_in_group(service: StudyService, group_id: int, member_id: int) -> bool:
    return await _history(service).member_in_group(group_id, member_id)


async def named(service: StudyService, group_id: int, member: Member) -> Member:
    return renamed(member, await service.guards.name_map(group_id, [member]))


async def points_over_time(
    service: StudyService, group_id: int, member_id: int
) -> list[tuple[date, int]]:
    """The member's cumulative points after each revealed round of the group (0 for a round
    they missed), oldest first."""
    total, series = 0, []
    for day, points in await _history(service).points_by_round(group_id, member_id):
        total += points
        series.append((day, total))
    return series


async def round_history(
    service: StudyService, facts: RoundFacts, group_id: int, page: int
) -> tuple[list[RoundLine], int]:
    """One page (1-based) of revealed rounds, newest first, and the number of pages."""
    rows = await revealed_rounds(service, group_id)
    pages = max(1, -(-len(rows) // ROUNDS_PER_PAGE))
    page = min(max(page, 1), pages)
    chosen = rows[(page - 1) * ROUNDS_PER_PAGE : page * ROUNDS_PER_PAGE]
    counts = await round_counts(service, facts, chosen)
    return [_line(service, row, counts) for row in chosen], pages


async def topic_mastery(service: StudyService, facts: RoundFacts, group_id: int) -> list[TopicLine]:
    """Per topic of the revealed rounds: rounds, answers, fully correct answers; weakest first."""
    rows = await revealed_rounds(service, group_id)
    counts = await round_counts(service, facts, rows)
    totals: dict[str, list[int]] = {}
    for row in rows:
        question = service.find_question(row["question_id"])
        topic = question.topic if question else "(removed questions)"
        answered, correct = counts.get(row["id"], (0, 0))
        item = totals.setdefault(topic, [0, 0, 0])
        item[0] += 1
        item[1] += answered
        item[2] += correct
    lines = [TopicLine(t, r, a, c) for t, (r, a, c) in totals.items()]
    return sorted(lines, key=lambda t: (t.accuracy, t.topic))


async def round_detail(
    service: StudyService, facts: RoundFacts, group_id: int, round_id: int
) -> RoundDetail | None:
    """A revealed round of this group; None for another group's round, an open or skipped one."""
    row = await _history(service).revealed_round(group_id, round_id)
    if row is None:
        return None
    await service.suggestions.ensure_loaded()
    counts = await round_counts(service, facts, [row])
    line = _line(service, row, counts)
    question = service.find_question(row["question_id"])
    options: list[tuple[str, str, int, bool]] = []
    if question is not None and isinstance(question.spec, ChoiceSpec):
        chosen = await _choices(service, facts, row, question.spec)
        options = [
            (letter(i), text, chosen.get(i, 0), i in question.spec.correct)
            for i, text in enumerate(question.spec.options)
        ]
    _, _, fastest_id = await service.standings.participation(round_id)
    fastest = None
    if fastest_id is not None:
        member = await service.members.get(int(fastest_id))
        fastest = await named(service, group_id, member) if member else None
    return RoundDetail(
        line=line,
        question=question,
        answer=answer_text(question) if question else "",
        options=options,
        fastest=fastest,
        most_voted=await _most_voted(service, group_id, round_id),
    )


async def _choices(
    service: StudyService, facts: RoundFacts, row: Any, spec: ChoiceSpec
) -> Counter[int]:
    key = (row["id"], row["revealed_at"] or "")
    if key not in facts.choices:
        answers = await _history(service).answers(row["id"])
        counter: Counter[int] = Counter()
        for answer in answers:
            try:
                counter.update(parse_choice(spec, answer))
            except Exception:  # an unreadable answer names no option
                continue
        facts.choices[key] = counter
        facts._trim()
    return facts.choices[key]


async def _most_voted(
    service: StudyService, group_id: int, round_id: int
) -> tuple[Member, int, str] | None:
    row = await _history(service).most_voted(round_id)
    if row is None:
        return None
    author = await named(service, group_id, member_from_row(row))
    return author, int(row["n"]), row["body"] or ""
