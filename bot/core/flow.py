"""A round's life: opened exactly once per (group, local date), reminded, discussed and voted
on, skipped, or revealed.

StudyService delegates here; these functions use its repositories, bank and publishers.
An *extra* round is one opened on a day the group's schedule does not post (an admin's /post on
a day off): it is stored with scheduled = 0 and never breaks a streak (bot.storage.streaks).
"""

from __future__ import annotations

import contextlib
import logging
from datetime import date
from typing import TYPE_CHECKING

from bot.bank import choose_question
from bot.core.answers import check_message
from bot.core.errors import InvalidAnswer, NoQuestions, NotAdmin, RoundClosed
from bot.core.models import (
    Actor,
    DiscussionMessage,
    Member,
    RevealSummary,
    Round,
    RoundState,
    RoundView,
)
from bot.core.reveal import build_summary
from bot.core.submitting import SEALED_KINDS
from bot.scheduling.times import is_post_day, reveal_instant

if TYPE_CHECKING:
    from bot.core.service import StudyService

log = logging.getLogger(__name__)

REVEAL_WAITS_FOR_GRADING = 10.0  # seconds the reveal waits for queued code answers of its round


async def post_round(
    service: StudyService, group_id: int, actor: Actor | None, on_date: date | None
) -> RoundView:
    """Open (group, date)'s round exactly once: record the intent, publish, store the refs."""
    if actor is not None and not actor.is_admin:
        raise NotAdmin("post a question")
    group = await service.get_group(group_id)
    day = on_date or service.local_today(group)
    existing = await service.rounds.for_date(group_id, day)
    if existing is not None:
        return await service.view(existing)
    previous = await service.rounds.latest(group_id)
    if (
        previous is not None
        and previous.round_date < day
        and previous.state in (RoundState.POSTING, RoundState.POSTED)
    ):  # one open round at a time: an earlier one still open is revealed first
        with contextlib.suppress(RoundClosed):  # another process revealed it meanwhile
            await service.reveal(group_id)
    await service.suggestions.refresh()  # accepted suggestions join the group's rotation
    wanted = {t.lower() for t in group.settings.topics}
    own = [
        a.question
        for a in service.suggestions.for_group(group_id)
        if not wanted or a.question.topic in wanted
    ]
    candidates = service.bank.filter(group.settings.topics or None) + own
    if not candidates:
        raise NoQuestions()
    history = await service.rounds.question_history(group_id)
    new = [q for q in own if q.id not in history]  # a newly accepted suggestion goes first
    mix, seed = group.settings.difficulty_mix, f"{group_id}:{day}"
    question = new[0] if new else choose_question(candidates, history, mix, seed=seed)
    now = service.clock.now()
    due = reveal_instant(group.settings.schedule, day, now)
    extra = not is_post_day(group.settings.schedule, day)  # never breaks a streak
    round_, created = await service.rounds.claim(
        group_id, day, question.id, now, due, scheduled=not extra
    )
    if created:
        await service.publish(group, round_)
    return await service.view(await service.rounds.get(round_.id) or round_)


async def skip_today(service: StudyService, group_id: int, actor: Actor) -> Round:
    """Skip today's round (claiming the date if it was not posted yet)."""
    if not actor.is_admin:
        raise NotAdmin("skip a round")
    group = await service.get_group(group_id)
    day = service.local_today(group)
    round_ = await service.rounds.for_date(group_id, day)
    if round_ is None:  # skip before posting: claim the date so the scheduler won't post it
        question = choose_question(service.bank.questions, [], seed=f"{group_id}:{day}")
        round_, _ = await service.rounds.claim(
            group_id, day, question.id, service.clock.now(), None, state=RoundState.SKIPPED
        )
    elif not await service.rounds.mark_skipped(round_.id):
        # Sealed answers stay sealed (0 points, 'pending'): the question is never revealed, so
        # its scores would give the answer away. They still count for streaks.
        raise RoundClosed("Today's round is already revealed or skipped.")
    return await service.rounds.get(round_.id) or round_


async def remind(service: StudyService, group_id: int) -> bool:
    """Send the open round's reminder, at most once per round (recorded first, so a restart
    or a second process never repeats it). True if this call sent it."""
    group = await service.get_group(group_id)
    round_ = await service.rounds.latest(group_id)
    publisher = service.publisher_for(group)
    if round_ is None or round_.state is not RoundState.POSTED or publisher is None:
        return False
    if not await service.rounds.claim_reminder(round_.id, service.clock.now()):
        return False
    await publisher.publish_reminder(group, await service.view(round_))
    return True


async def reveal(service: StudyService, group_id: int, actor: Actor | None) -> RevealSummary:
    """Close the current round, award vote points, publish the answer and the summary."""
    if actor is not None and not actor.is_admin:
        raise NotAdmin("reveal the answer")
    group = await service.get_group(group_id)
    round_ = await service._open_round(group_id)
    sealed = service._question(round_).kind in SEALED_KINDS
    bonus = service.config.scoring.first_correct_bonus
    # code answers received before the reveal and still being graded count (bounded wait)
    await service.grading.settle(round_.id, REVEAL_WAITS_FOR_GRADING)
    if not await service.rounds.mark_revealed(
        round_.id, service.clock.now(), unseal=sealed, first_bonus=bonus
    ):
        raise RoundClosed("There is no open round to reveal; it was already revealed.")
    try:
        summary = await build_summary(service, group, round_)
        publisher = service.publisher_for(group)
        if publisher is not None:
            await publisher.publish_reveal(group, summary)
    except Exception:
        # Not shown to the group: reopen, so the scheduler (or an admin) reveals it again.
        await service.rounds.reopen(round_.id, reseal=sealed)
        raise
    try:  # each member's result moves their review card (once per round: bot.core.practice)
        await service.practice.record_round(summary)
    except Exception:
        log.exception("review cards not updated for round %s", round_.id)
    return summary


async def say(service: StudyService, group_id: int, member: Member, text: str) -> DiscussionMessage:
    """Post a discussion message in the current round; it gets the round's next number."""
    round_ = await service._open_round(group_id)
    return await service.discussion.add(round_.id, member.id, check_message(text), service.now())


async def vote_for(service: StudyService, group_id: int, voter: Member, number: int) -> bool:
    """A peer vote for discussion message #`number` of the current round (from any
    process, before or after a restart); False if not counted."""
    round_ = await service._open_round(group_id)
    message = await service.discussion.get(round_.id, number)
    if message is None:
        raise InvalidAnswer(f"There is no discussion message #{number} in this round.")
    return await service.vote(group_id, voter, message.author, message.message_ref)


async def vote(
    service: StudyService,
    group_id: int,
    voter: Member,
    author: Member,
    message_ref: str,
    reaction: str,
) -> bool:
    """A peer vote on a discussion message of the current round (`reaction`: the platform's
    variant of the vote emoji); False if it adds no vote: a voter's votes for one author
    count once per round."""
    round_ = await service._open_round(group_id)
    if round_.state is not RoundState.POSTED or voter.id == author.id:
        return False
    return await service.submissions.add_vote(
        round_.id, voter.id, author.id, message_ref, service.clock.now(), reaction
    )


async def unvote(
    service: StudyService, group_id: int, voter: Member, message_ref: str, reaction: str
) -> bool:
    """Withdraw the voter's vote reaction `reaction` on a message of the current round; False
    if there was none or the round is revealed (votes are final then). The vote stays while
    another variant of the emoji, or a vote on another message of the author, remains."""
    round_ = await service._open_round(group_id)
    if round_.state is not RoundState.POSTED:
        return False
    return await service.submissions.remove_vote(round_.id, voter.id, message_ref, reaction)
