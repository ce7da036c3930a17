"""Personal practice: spaced repetition of each member's questions, and topic mastery.

Each (member, question) has an FSRS review card (the maintained `fsrs` package; day-sized
intervals: no minute learning steps, no fuzzing, so due dates are reproducible). A graded answer
reviews the card: fully correct = Good, partly = Hard, wrong = Again. Cards move on

- practice answers (`/practice`): a private question for the caller, graded like the daily round
  (code through the sandbox), stored in its own tables: it never touches a leaderboard, a round's
  submissions or its discussion;
- daily-round results, at the reveal (`record_round`): a miss comes back soon, a good answer later.

The next practice question (`next_question`): the member's most overdue due review; else an unseen
question from their weakest topic (accuracy with a prior of one right and one wrong answer, so a
topic never answered ranks as 50 %); else the review due soonest (practice ahead). Never a question
of a round open in any group (its answer is not out yet; sealed answers must stay sealed), never an
open discussion question (peer votes score those), only the group's topics.

The FSRS scheduler and the rating of a score are in `bot.core.spacing`.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bot.bank import answer_text
from bot.bank.model import Kind, Question
from bot.bank.selection import seeded_rng
from bot.core import practice_nudge
from bot.core.answers import grade_answer, strip_fences
from bot.core.errors import StudyError
from bot.core.models import Member, RevealSummary, Verdict
from bot.core.spacing import SCHEDULER, rating_for, reviewer
from bot.storage.reviews import Review, ReviewRepository, TopicCounts

if TYPE_CHECKING:
    from bot.core.service import StudyService

log = logging.getLogger(__name__)
__all__ = [
    "SCHEDULER",
    "Mastery",
    "NoPractice",
    "Practice",
    "PracticeQuestion",
    "PracticeResult",
    "rating_for",
    "reviewer",
]
GRADED = (Verdict.CORRECT, Verdict.PARTIAL, Verdict.WRONG)
DUE_SCAN = 64  # due cards looked at per choice (most overdue first)
SEEN_CACHE = 4096  # (member, topic) sets of seen questions kept in memory


class NoPractice(StudyError):
    """Nothing to practise, or no practice question pending."""


@dataclass(frozen=True)
class PracticeQuestion:
    question: Question
    reason: str  # "review" (due), "new" (unseen, weakest topic), "ahead" (not due yet)
    due: datetime | None = None  # the card's due date (reviews)


@dataclass(frozen=True)
class PracticeResult:
    question: Question
    verdict: Verdict
    score: float
    detail: str
    next_due: datetime
    answer: str  # the correct answer, human readable (the question is in no open round)


@dataclass(frozen=True)
class Mastery:
    member: Member
    topics: tuple[TopicCounts, ...]
    practised: int  # practice answers, all topics

    @property
    def due(self) -> int:
        return sum(t.due for t in self.topics)


class Practice:
    """The practice API of a StudyService (`service.practice`)."""

    def __init__(self, service: StudyService) -> None:
        self.service = service
        self.reviews = ReviewRepository(service.db)
        self._by_topic: dict[str, tuple[Question, ...]] | None = None
        self._ids_by_topic: dict[str, frozenset[str]] = {}
        self._seen_cache: OrderedDict[tuple[int, str], tuple[int, frozenset[str]]] = OrderedDict()

    # -- the bank, by topic ----------------------------------------------------------------------

    def _topics(self) -> dict[str, tuple[Question, ...]]:
        if self._by_topic is None:
            by_topic: dict[str, list[Question]] = {}
            for q in self.service.bank.questions:
                if q.kind is not Kind.OPEN:
                    by_topic.setdefault(q.topic, []).append(q)
            self._by_topic = {
                t: tuple(sorted(qs, key=lambda q: q.id)) for t, qs in by_topic.items()
            }
            self._ids_by_topic = {
                t: frozenset(q.id for q in qs) for t, qs in self._by_topic.items()
            }
        return self._by_topic

    async def open_question_ids(self) -> set[str]:
        """Questions of rounds open (not yet revealed) in any group."""
        return await self.reviews.open_question_ids()

    # -- choosing --------------------------------------------------------------------------------

    async def choose(
        self, member: Member, topics: Sequence[str] = (), now: datetime | None = None
    ) -> PracticeQuestion:
        """The member's next practice question (see the module docstring); NoPractice if none."""
        now = now or self.service.clock.now()
        by_topic = self._topics()
        wanted = {t.lower() for t in topics}
        allowed = {t: qs for t, qs in by_topic.items() if not wanted or t.lower() in wanted}
        if not allowed:
            raise NoPractice("There is no question to practise in this group's topics.")
        blocked = await self.open_question_ids()
        bank = self.service.bank

        def usable(qid: str) -> Question | None:
            q = bank.find(qid)
            ok = q is not None and q.topic in allowed and q.kind is not Kind.OPEN
            return q if ok and qid not in blocked else None

        for qid, due in await self.reviews.due_ids(member.id, now, DUE_SCAN):
            question = usable(qid)
            if question is not None:
                return PracticeQuestion(question, "review", due)
        counts = {t.topic: t for t in await self.reviews.topics(member.id)}

        def weakness(topic: str) -> tuple[float, str]:
            c = counts.get(topic)
            return ((c.score_sum + 1) / (c.answered + 2) if c else 0.5), topic

        rng = seeded_rng(f"{member.id}:{now.date()}")
        cards = await self.reviews.cards_per_topic(member.id)
        ids = self._ids_by_topic
        order = sorted(allowed, key=weakness)
        # The topics looked at: the weakest ones up to the first with fewer cards than usable
        # questions (it surely has an unseen one). Their seen sets not cached are read in one
        # statement: when every question is seen that is every topic (12 statements, one row
        # per card, took 10 ms at 10,000 cards), and a set comparison skips a topic.
        looked: list[str] = []
        for topic in order:
            looked.append(topic)
            if cards.get(topic, 0) < len(ids[topic]) - len(blocked & ids[topic]):
                break
        seen_in = await self._seen(member.id, looked, cards)
        for topic in looked:
            if ids[topic] <= seen_in[topic]:  # every question seen (no copy of the set)
                continue
            unseen = ids[topic].difference(seen_in[topic], blocked)
            if unseen:
                fresh = [q for q in allowed[topic] if q.id in unseen]  # in id order
                return PracticeQuestion(rng.choice(fresh), "new")
        for qid, due in await self.reviews.upcoming_ids(member.id, now, DUE_SCAN):
            question = usable(qid)
            if question is not None:
                return PracticeQuestion(question, "ahead", due)
        raise NoPractice("Nothing to practise right now: come back after today's reveal.")

    async def _seen(
        self, member_id: int, topics: Sequence[str], counts: dict[str, int]
    ) -> dict[str, frozenset[str]]:
        """topic -> question ids of the member's cards in it, for `topics`; `counts`: the
        member's cards per topic. Cards are only ever added, so a cached set is current while
        the topic's card count (read from the database, so other processes' answers count) is
        unchanged; the sets not cached are read in one statement."""
        found: dict[str, frozenset[str]] = {}
        missing = []
        for topic in topics:
            count = counts.get(topic, 0)
            cached = self._seen_cache.get((member_id, topic)) if count else None
            if count == 0:
                found[topic] = frozenset()
            elif cached is not None and cached[0] == count:
                self._seen_cache.move_to_end((member_id, topic))
                found[topic] = cached[1]
            else:
                missing.append(topic)
        if missing:
            read = await self.reviews.seen_in_topics(member_id, missing)
            for topic in missing:
                seen = found[topic] = read.get(topic, frozenset())
                self._seen_cache[(member_id, topic)] = (len(seen), seen)
                self._seen_cache.move_to_end((member_id, topic))
            while len(self._seen_cache) > SEEN_CACHE:
                self._seen_cache.popitem(last=False)
        return found

    async def next_question(self, group_id: int, member: Member) -> PracticeQuestion:
        """Choose the member's next question in this group's topics and remember it: their next
        practice answer is graded against it."""
        group = await self.service.get_group(group_id)
        chosen = await self.choose(member, group.settings.topics)
        await self.reviews.set_pending(member.id, chosen.question.id, self.service.clock.now())
        return chosen

    # -- answering -------------------------------------------------------------------------------

    async def answer(self, member: Member, text: str) -> PracticeResult:
        """Grade a practice answer to the member's pending question and review its card. Nothing
        of it reaches a round, a leaderboard or another member."""
        qid = await self.reviews.pending(member.id)
        question = self.service.bank.find(qid) if qid else None
        if question is None:
            raise NoPractice("You have no practice question open: type /practice to get one.")
        if qid in await self.open_question_ids():  # it became a group's open question
            await self.reviews.clear_pending(member.id)
            raise NoPractice(
                "That question is now a group's question of the day: answer it there. "
                "Type /practice for another one."
            )
        graded = await grade_answer(question, text, self.service.sandbox, f"m{member.id}")
        now = self.service.clock.now()
        stored = strip_fences(text) if question.kind is Kind.CODE else text.strip()
        review = Review(
            member.id, question.id, question.topic, "practice", graded.verdict.value,
            graded.score, stored,
        )  # fmt: skip
        due = await self.reviews.take_pending(
            member.id, question.id, review, now, reviewer(graded.score, now)
        )
        if due is None:
            raise NoPractice("That practice question was already answered: type /practice.")
        return PracticeResult(
            question, graded.verdict, graded.score, graded.detail, due, answer_text(question)
        )

    # -- daily rounds ----------------------------------------------------------------------------

    async def record_round(self, summary: RevealSummary) -> int:
        """Review every member's graded result of a revealed round (once per member and round)."""
        question = summary.question
        if question.kind is Kind.OPEN:
            return 0
        now = self.service.clock.now()
        reviews = [
            Review(
                r.member.id,
                question.id,
                question.topic,
                "round",
                r.verdict.value,
                r.score,
                round_id=summary.round.id,
            )
            for r in summary.results
            if r.verdict in GRADED
        ]
        return await self.reviews.review_many(reviews, now, lambda rv: reviewer(rv.score, now))

    # -- mastery ---------------------------------------------------------------------------------

    async def mastery(self, member: Member) -> Mastery:
        now = self.service.clock.now()
        topics = tuple(await self.reviews.topics(member.id, now))
        return Mastery(member, topics, await self.reviews.practice_count(member.id))

    async def mastery_chart(self, member: Member, title: str = "") -> bytes | None:
        """Per-topic mastery as a PNG (bot.core.topic_chart), or None before any answer."""
        from bot.core import topic_chart

        found = await self.mastery(member)
        if not found.topics:
            return None
        title = title or f"Topic mastery: {member.display_name}"
        subtitle = f"{found.due} review{'s' * (found.due != 1)} due · {found.practised} practised"
        return await self.service.charts.get(
            ("mastery", member.id),
            (title, subtitle, found.topics),
            lambda: topic_chart.mastery_png(title, found.topics, subtitle),
        )

    async def set_nudge(self, member: Member, wanted: bool) -> None:
        await practice_nudge.set_wanted(self.service, member, wanted)

    async def weekly_nudge(self, group_id: int) -> list[tuple[str, int]]:
        """(name in the group, reviews due) of its opted-in members with reviews due."""
        return await practice_nudge.weekly(self.service, group_id)

    async def nudge_counts(
        self, member_ids: Sequence[int], within: timedelta = practice_nudge.HORIZON
    ) -> dict[int, int]:
        """Reviews due now or `within` from now, per opted-in member (none: left out)."""
        return await practice_nudge.due_counts(self.service, member_ids, within)
