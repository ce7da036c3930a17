"""StudyService: the one API every adapter and the scheduler call.

It is platform-neutral: it takes platform ids and text, returns values from `bot.core.models`,
raises `StudyError`s, and reaches the chat platforms only through registered `Publisher`s.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import date, datetime
from typing import Any

from bot.bank import QuestionBank
from bot.bank.model import Kind, Question
from bot.config import Config
from bot.core import flow, group_setup, round_view, standings
from bot.core.answers import sandbox_capacity_errors, strip_fences
from bot.core.code_queue import GradingQueue
from bot.core.errors import RoundChanged, SandboxUnavailable
from bot.core.guards import Guards
from bot.core.models import (
    Actor,
    DiscussionMessage,
    Group,
    Leaderboard,
    Member,
    MemberStats,
    Period,
    PostedRefs,
    Receipt,
    RevealSummary,
    Round,
    RoundView,
)  # fmt: skip
from bot.core.ports import Clock, Metrics, NullMetrics, Publisher, SystemClock
from bot.core.practice import Practice
from bot.core.settings import default_group_settings
from bot.core.submitting import submit_answer
from bot.core.suggestions import Suggestions
from bot.sandbox.api import RunResult, Sandbox
from bot.scheduling.times import local_date
from bot.storage.db import Database
from bot.storage.discussion import DiscussionRepository
from bot.storage.groups import GroupRepository, MemberRepository
from bot.storage.leaderboard import LeaderboardRepository
from bot.storage.rounds import RoundRepository
from bot.storage.submissions import SubmissionRepository

log = logging.getLogger(__name__)
ScheduleListener = Callable[[Group], Awaitable[None] | None]


class StudyService:
    def __init__(
        self,
        db: Database,
        bank: QuestionBank,
        sandbox: Sandbox,
        config: Config,
        clock: Clock | None = None,
    ) -> None:
        self.db, self.bank, self.sandbox, self.config = db, bank, sandbox, config
        self.clock = clock or SystemClock()
        self.groups = GroupRepository(db, default_group_settings(config.schedule))
        self.members = MemberRepository(db)
        self.rounds = RoundRepository(db)
        self.submissions = SubmissionRepository(db)
        self.standings = LeaderboardRepository(db)
        self.discussion = DiscussionRepository(db)
        self.guards = Guards(db, config.limits, self.clock)
        self.charts = standings.ChartCache()
        self.practice = Practice(self)  # personal spaced-repetition practice (bot.core.practice)
        self.suggestions = Suggestions(self)  # members' questions (bot.core.suggestions)
        self._publishers: dict[str, Publisher] = {}
        self._schedule_listeners: list[ScheduleListener] = []
        self.metrics: Metrics = NullMetrics()  # the wiring installs bot.ops.metrics
        self.grading = GradingQueue(self, config.sandbox.workers)  # code answers
        self.dashboard: Any = None  # bot.web.links.DashboardLinks while the web pages are served

    # -- wiring ----------------------------------------------------------------------------------

    def register_publisher(self, publisher: Publisher) -> None:
        self._publishers[publisher.platform] = publisher

    def publisher_for(self, group: Group) -> Publisher | None:
        return self._publishers.get(group.platform)

    def on_schedule_changed(self, listener: ScheduleListener) -> None:
        self._schedule_listeners.append(listener)

    # -- groups and members ----------------------------------------------------------------------

    async def ensure_group(self, platform: str, external_id: str, name: str = "") -> Group:
        return await group_setup.ensure_group(self, platform, external_id, name)

    async def find_group(self, platform: str, external_id: str) -> Group | None:
        return await self.groups.find(platform, external_id)

    async def get_group(self, group_id: int) -> Group:
        group = await self.groups.get(group_id)
        if group is None:
            raise LookupError(f"no group with id {group_id}")
        return group

    async def list_groups(self) -> list[Group]:
        return await self.groups.all()

    async def ensure_member(self, platform: str, external_id: str, display_name: str) -> Member:
        return await self.members.ensure(platform, external_id, display_name, self.clock.now())

    async def find_member(self, platform: str, external_id: str) -> Member | None:
        return await self.members.find(platform, external_id)

    async def setup_group(
        self,
        platform: str,
        external_id: str,
        name: str,
        actor: Actor,
        *,
        notify: bool = True,
        **changes: Any,
    ) -> Group:
        """Create (or change) a channel's group with its options in one transaction
        (bot.core.group_setup.setup_group)."""
        return await group_setup.setup_group(
            self, platform, external_id, name, actor, notify, changes
        )

    async def update_settings(self, group_id: int, actor: Actor, **changes: Any) -> Group:
        return await group_setup.update_settings(self, group_id, actor, changes)

    async def schedule_changed(self, group: Group) -> None:
        """Tell the scheduler a group's schedule is new or changed: it does what is due now."""
        await self._notify_schedule(group)

    async def _notify_schedule(self, group: Group) -> None:
        for listener in self._schedule_listeners:
            try:
                result = listener(group)
                if result is not None:
                    await result
            except Exception:
                log.exception("schedule listener failed for group %s", group.id)

    # -- rounds ----------------------------------------------------------------------------------

    def local_today(self, group: Group) -> date:
        return local_date(self.clock.now(), group.settings.schedule.timezone)

    async def post_round(
        self, group_id: int, actor: Actor | None = None, *, on_date: date | None = None
    ) -> RoundView:
        """Open (group, date)'s round exactly once (bot.core.flow.post_round)."""
        return await flow.post_round(self, group_id, actor, on_date)

    async def publish(self, group: Group, round_: Round) -> None:
        """Publish a claimed round and store where it went. Also used by start-up reconciliation
        for rounds left in 'posting' (after asking the publisher whether the post exists)."""
        publisher = self.publisher_for(group)
        refs = PostedRefs()
        if publisher is not None:
            refs = await publisher.publish_round(group, await self.view(round_))
        else:
            log.warning(
                "no publisher for platform %r; round %s not posted", group.platform, round_.id
            )
        await self.rounds.mark_posted(round_.id, refs)
        self.metrics.round_posted(group.platform)

    def find_question(self, question_id: str) -> Question | None:
        """A question of the bank, or an accepted suggestion (`suggestions.ensure_loaded` first)."""
        return round_view.find_question(self, question_id)

    def _question(self, round_: Round) -> Question:
        return round_view.round_question(self, round_)

    async def view(self, round_: Round) -> RoundView:
        """A round with its question and how many have answered."""
        return await round_view.view(self, round_)

    async def current_round(self, group_id: int) -> RoundView | None:
        round_ = await self.rounds.latest(group_id)
        return await self.view(round_) if round_ else None

    async def question_round(self, group_id: int) -> RoundView:
        """The round members see now (open, or revealed and taking practice answers);
        NoActiveRound or RoundSkipped when there is none."""
        return await self.view(await self._open_round(group_id))

    async def _open_round(self, group_id: int) -> Round:
        """The latest round that was not skipped (bot.core.round_view.open_round)."""
        return await round_view.open_round(self, group_id)

    async def skip_today(self, group_id: int, actor: Actor) -> Round:
        return await flow.skip_today(self, group_id, actor)

    async def submit(
        self,
        group_id: int,
        member: Member,
        text: str,
        *,
        on_received: Callable[[Receipt], Awaitable[None]] | None = None,
        round_id: int | None = None,
        once: Sequence[str] = (),
    ) -> Receipt:
        """Grade and store an answer; the submission is committed before the receipt exists.
        A code answer is stored as received first (then `on_received` gets a "received,
        grading..." receipt) and graded from the durable queue: never refused for a busy
        sandbox. With `round_id` (a form's round) RoundChanged unless that round is open.
        `once`: the keys of the platform request carrying the answer, recorded as handled in the
        answer's own transaction (a replay raises AlreadyHandled and stores nothing)."""
        round_ = await self._open_round(group_id)
        if round_id is not None and round_.id != round_id:
            raise RoundChanged()
        question = self._question(round_)
        receipt = await submit_answer(self, round_, question, member, text, on_received, once)
        if question.kind is not Kind.CODE:  # the grading queue counts code answers
            self.metrics.answer(question.kind.value, receipt.verdict.value)
        return receipt

    async def say(self, group_id: int, member: Member, text: str) -> DiscussionMessage:
        """Post a discussion message in the current round; it gets the round's next number."""
        return await flow.say(self, group_id, member, text)

    async def vote_for(self, group_id: int, voter: Member, number: int) -> bool:
        """A peer vote for discussion message #`number` of the current round; False if not
        counted (InvalidAnswer if there is no such message)."""
        return await flow.vote_for(self, group_id, voter, number)

    async def vote(
        self, group_id: int, voter: Member, author: Member, message_ref: str, reaction: str = ""
    ) -> bool:
        """A peer vote on a discussion message of the current round (bot.core.flow.vote)."""
        return await flow.vote(self, group_id, voter, author, message_ref, reaction)

    async def unvote(
        self, group_id: int, voter: Member, message_ref: str, reaction: str = ""
    ) -> bool:
        """Withdraw a vote reaction of the current round (bot.core.flow.unvote)."""
        return await flow.unvote(self, group_id, voter, message_ref, reaction)

    async def remind(self, group_id: int) -> bool:
        """Send the open round's reminder at most once per round (bot.core.flow.remind)."""
        return await flow.remind(self, group_id)

    async def reveal(self, group_id: int, actor: Actor | None = None) -> RevealSummary:
        """Close the current round, award vote points, publish the answer and the summary."""
        return await flow.reveal(self, group_id, actor)

    async def run_snippet(self, member: Member, code: str) -> RunResult:
        code = strip_fences(code)
        if not code.strip():
            raise SandboxUnavailable(
                "Nothing to run: put your code after /run (or between ``` fences)."
            )
        with sandbox_capacity_errors():
            return await self.sandbox.run(code, member=f"m{member.id}")

    # -- scores (bot.core.standings) -------------------------------------------------------------

    async def leaderboard(
        self,
        group_id: int,
        period: Period = Period.ALL,
        *,
        member: Member | None = None,
        top: int = 10,
        on_date: date | None = None,
    ) -> Leaderboard:
        """Top `top` of the period containing `on_date` (default: the group's today), plus the
        caller's own row."""
        return await standings.leaderboard(self, group_id, period, member, top, on_date)

    async def member_stats(self, group_id: int, member: Member) -> MemberStats:
        return await standings.member_stats(self, group_id, member)

    async def weekly_chart(
        self, group_id: int, *, top: int = 10, on_date: date | None = None
    ) -> bytes | None:
        """The leaderboard of the week containing `on_date` (default: the group's today) as a
        PNG, or None when nobody scored that week."""
        return await standings.weekly_chart(self, group_id, top, on_date)

    def now(self) -> datetime:
        return self.clock.now()
