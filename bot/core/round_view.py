"""The round and question members see: a question by id (the bank's, or an accepted
suggestion), a round's view, and the group's open round.

StudyService delegates here (`find_question`, `_question`, `view`, `_open_round`); these
functions use its bank, suggestions and repositories.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.bank.model import Question
from bot.core.errors import NoActiveRound, RoundClosed, RoundSkipped
from bot.core.models import Round, RoundState, RoundView

if TYPE_CHECKING:
    from bot.core.service import StudyService


def find_question(service: StudyService, question_id: str) -> Question | None:
    """A question of the bank, or an accepted suggestion (`suggestions.ensure_loaded` first)."""
    question = service.bank.find(question_id)
    if question is None:
        accepted = service.suggestions.find(question_id)
        question = accepted.question if accepted is not None else None
    return question


def round_question(service: StudyService, round_: Round) -> Question:
    """The round's question; RoundClosed if it is no longer in the bank (or suggestions)."""
    question = find_question(service, round_.question_id)
    if question is None:
        raise RoundClosed(
            f"Today's question ({round_.question_id}) is no longer in the question bank."
        )
    return question


async def view(service: StudyService, round_: Round) -> RoundView:
    """A round with its question and how many have answered."""
    await service.suggestions.ensure_loaded()
    question = round_question(service, round_)
    accepted = service.suggestions.find(question.id) if question.id not in service.bank else None
    author = accepted.author_name if accepted is not None else ""
    answered = await service.submissions.count_answered(round_.id)
    return RoundView(round_, question, answered, suggested_by=author)


async def open_round(service: StudyService, group_id: int) -> Round:
    """The latest round that was not skipped, unless it is closed and a skipped one came
    after it (then the latest round is the skipped one: RoundSkipped)."""
    await service.suggestions.ensure_loaded()
    round_ = await service.rounds.latest(group_id)
    if round_ is None or round_.state is RoundState.REVEALED:
        newest = await service.rounds.latest(group_id, include_skipped=True)
        if newest is not None and newest.state is RoundState.SKIPPED:
            raise RoundSkipped(newest.round_date)
    if round_ is None:
        raise NoActiveRound()
    return round_
