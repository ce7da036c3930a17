"""The round summary at reveal time: answer, participation, fastest correct, votes, movers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.bank import answer_text
from bot.core.models import Group, Mover, RevealSummary, Round, Verdict
from bot.core.scoring import vote_points

if TYPE_CHECKING:
    from bot.core.service import StudyService


async def build_summary(
    service: StudyService, group: Group, round_: Round, ranks_before: dict[int, int]
) -> RevealSummary:
    votes = await service.submissions.vote_counts(round_.id)
    awards = {author.id: vote_points(service.config.scoring, n) for author, n in votes}
    if awards:
        await service.submissions.award_vote_points(round_, awards, service.clock.now())
    results = tuple(await service.submissions.results(round_.id))
    answered = tuple(r for r in results if r.verdict is not Verdict.PENDING or r.score > 0)
    answered_count = await service.submissions.count_answered(round_.id)
    correct = [r for r in answered if r.verdict is Verdict.CORRECT]
    fastest = min(correct, key=lambda r: r.submitted_at).member if correct else None
    ranks_after = await service.standings.ranks(group.id)
    movers = sorted(
        (
            Mover(member.member, ranks_before.get(member.member.id), ranks_after[member.member.id])
            for member in results
            if member.member.id in ranks_after
            and ranks_before.get(member.member.id) != ranks_after[member.member.id]
        ),
        key=lambda m: m.new_rank - (m.old_rank or len(ranks_after) + 1),
    )
    revealed = await service.rounds.get(round_.id) or round_
    question = service.bank.get(round_.question_id)
    return RevealSummary(
        round=revealed,
        question=question,
        answer_text=answer_text(question),
        answered=answered_count,
        correct=len(correct),
        results=results,
        fastest_correct=fastest,
        most_voted=votes[0] if votes else None,
        movers=tuple(movers[:3]),
    )
