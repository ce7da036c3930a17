"""The round summary at reveal time: answer, participation, fastest correct, votes, movers.

- answered: members with a scoring entry from a submission made before the reveal (practice
  answers after the reveal and vote-only entries are not counted);
- correct / share correct: those whose counted entry is fully correct (the best code submission,
  or the *last* choice/short answer);
- fastest correct: the earliest counted, fully correct entry;
- most voted: the author with most peer votes this round (ties: the earliest voted);
- movers: members of this round whose all-time rank improved most, comparing the standings
  without this round's entries (submission and vote points) to the standings with them.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from bot.bank import answer_text
from bot.core.guards import renamed
from bot.core.models import Group, Mover, RevealSummary, Round
from bot.core.scoring import vote_points

if TYPE_CHECKING:
    from bot.core.service import StudyService

MAX_MOVERS = 3


def biggest_movers(
    before: dict[int, int], after: dict[int, int], candidates: list, limit: int = MAX_MOVERS
) -> list[Mover]:
    """Movers up among `candidates` (MemberResult-like, with .member), most places gained first.
    A member new to the board counts as coming from just below the last rank before."""
    entry_rank = len(before) + 1
    movers = [
        Mover(result.member, before.get(result.member.id), after[result.member.id])
        for result in candidates
        if result.member.id in after
        and after[result.member.id] < before.get(result.member.id, entry_rank)
    ]
    movers.sort(key=lambda m: (m.new_rank - (m.old_rank or entry_rank), m.new_rank))
    return movers[:limit]


async def build_summary(service: StudyService, group: Group, round_: Round) -> RevealSummary:
    """Award the round's vote points and summarise it (movers: standings without this round
    against standings with it)."""
    votes = await service.submissions.vote_counts(round_.id)
    awards = {author.id: vote_points(service.config.scoring, n) for author, n in votes}
    if awards:
        await service.submissions.award_vote_points(round_, awards, service.clock.now())
    results = tuple(await service.submissions.results(round_.id))
    names = await service.guards.name_map(
        group.id, [r.member for r in results] + [author for author, _ in votes]
    )  # each member as this group knows them
    results = tuple(replace(r, member=renamed(r.member, names)) for r in results)
    votes = [(renamed(author, names), n) for author, n in votes]
    answered, correct, fastest_id = await service.standings.participation(round_.id)
    by_id = {r.member.id: r.member for r in results}
    before = await service.standings.ranks(group.id, excluding_round=round_.id)
    after = await service.standings.ranks(group.id)
    revealed = await service.rounds.get(round_.id) or round_
    question = service._question(round_)  # the bank's, or an accepted suggestion
    return RevealSummary(
        round=revealed,
        question=question,
        answer_text=answer_text(question),
        answered=answered,
        correct=correct,
        results=results,
        fastest_correct=by_id.get(fastest_id) if fastest_id is not None else None,
        most_voted=votes[0] if votes else None,
        movers=tuple(biggest_movers(before, after, list(results))),
        closes_week=closes_week(group, round_),
    )


def closes_week(group: Group, round_: Round) -> bool:
    """Is this the group's last scheduled round of its week (time for the weekly summary)?"""
    weekdays = group.settings.schedule.weekdays
    return bool(weekdays) and round_.round_date.weekday() == max(weekdays)
