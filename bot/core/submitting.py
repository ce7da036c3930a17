"""Submitting an answer: grade it, price it, store it, and say what happened.

Choice and short answers are *sealed* until the reveal: the receipt says only "received", the
scoring entry shows 0 points, and the member's last answer counts (otherwise a member could try
every option in turn). Code answers are graded at once and the best one counts. After the reveal
an answer is practice and scores nothing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from bot.bank.model import Kind, Question
from bot.core.answers import Graded, check_answer, grade_answer, strip_fences
from bot.core.models import Member, Receipt, Round, RoundState, Verdict
from bot.core.scoring import submission_points
from bot.storage.submissions import SubmissionRepository

if TYPE_CHECKING:
    from bot.core.service import StudyService

SEALED_KINDS = (Kind.CHOICE, Kind.SHORT)
Notify = Callable[[Receipt], Awaitable[None]]


async def submit_answer(
    service: StudyService,
    round_: Round,
    question: Question,
    member: Member,
    text: str,
    on_received: Notify | None = None,
    once: Sequence[str] = (),
) -> Receipt:
    """The submission is committed before the receipt exists. A code answer is first stored as
    received (`on_received` is told), then graded from the queue (bot.core.code_queue). `once`:
    the request's keys, claimed with the answer (AlreadyHandled for a replay)."""
    if question.kind is Kind.CODE:
        check_answer(text)
        return await service.grading.submit(round_, question, member, text, on_received, once)
    graded = await grade_answer(question, text, service.sandbox, member_key=f"m{member.id}")
    receipt = await store_graded(service, round_, question, member, text, graded, once=once)
    assert receipt is not None
    return receipt


async def store_graded(
    service: StudyService,
    round_: Round,
    question: Question,
    member: Member,
    text: str,
    graded: Graded,
    received_at: datetime | None = None,
    *,
    queue_id: int | None = None,
    once: Sequence[str] = (),
) -> Receipt | None:
    """Price and store a graded answer given at `received_at` (default: now). With `queue_id`
    (a queued code answer) the queue row is marked graded in the same transaction; None when it
    was graded already."""
    late = round_.state is RoundState.REVEALED
    verdict = Verdict.PRACTICE if late else graded.verdict
    now = received_at or service.clock.now()
    window = ((round_.reveal_due or now) - round_.opened_at).total_seconds()
    elapsed = (now - round_.opened_at).total_seconds() / window if window > 0 else 1.0
    hidden = question.kind in SEALED_KINDS and not late
    args = (
        round_,
        member.id,
        strip_fences(text.strip()) if question.kind is Kind.CODE else text.strip(),
        verdict,
        graded.score,
        graded.detail,
        now,
        lambda first, streak: submission_points(
            service.config.scoring,
            difficulty=question.difficulty,
            score=graded.score,
            first_correct=first and not hidden,  # sealed: decided at the reveal
            elapsed_fraction=elapsed,
            streak=streak,
        ),
        "latest" if hidden else "best",
        hidden,
    )
    if queue_id is None:
        stored = await service.submissions.record(*args, once=once)
    else:
        stored = await service.grading.repo.finish(
            queue_id,
            lambda conn: SubmissionRepository._record(conn, *args),
            service.clock.now(),
        )
        if stored is None:
            return None
    if stored.late and not late:
        late, hidden, verdict = True, False, Verdict.PRACTICE
    number = None
    if late:
        detail = f"Practice answer after the reveal (scores nothing). {graded.detail}"
    elif hidden:
        detail = "Received. Graded at the reveal; you can change your answer until then."
    elif question.kind is Kind.OPEN:  # an open answer is a discussion message: votable
        message = await service.discussion.add(
            round_.id, member.id, text.strip(), now, submission_id=stored.id
        )
        number = message.number
        detail = (
            f"Received as discussion message #{number}: it is scored by the peer votes it gets "
            "until the reveal."
        )
    else:
        detail = graded.detail
    return Receipt(
        submission_id=stored.id,
        round_id=round_.id,
        verdict=Verdict.PENDING if hidden else verdict,
        score=0.0 if hidden else graded.score,
        points=0 if hidden else stored.points,
        detail=detail,
        resubmission=stored.resubmission,
        late=late,
        counted=stored.counted,
        discussion=number,
    )
