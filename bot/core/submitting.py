"""Submitting an answer: grade it, price it, store it, and say what happened.

Choice and short answers are *sealed* until the reveal: the receipt says only "received", the
scoring entry shows 0 points, and the member's last answer counts (otherwise a member could try
every option in turn). Code answers are graded at once and the best one counts. After the reveal
an answer is practice and scores nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.bank.model import Kind, Question
from bot.core.answers import grade_answer, strip_fences
from bot.core.models import Member, Receipt, Round, RoundState, Verdict
from bot.core.scoring import submission_points

if TYPE_CHECKING:
    from bot.core.service import StudyService

SEALED_KINDS = (Kind.CHOICE, Kind.SHORT)


async def submit_answer(
    service: StudyService, round_: Round, question: Question, member: Member, text: str
) -> Receipt:
    """The submission is committed before the receipt exists."""
    graded = await grade_answer(question, text, service.sandbox, member_key=f"m{member.id}")
    late = round_.state is RoundState.REVEALED
    verdict = Verdict.PRACTICE if late else graded.verdict
    now = service.clock.now()
    window = ((round_.reveal_due or now) - round_.opened_at).total_seconds()
    elapsed = (now - round_.opened_at).total_seconds() / window if window > 0 else 1.0
    hidden = question.kind in SEALED_KINDS and not late
    stored = await service.submissions.record(
        round_,
        member.id,
        strip_fences(text) if question.kind is Kind.CODE else text.strip(),
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
        keep="latest" if hidden else "best",
        sealed=hidden,
    )
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
