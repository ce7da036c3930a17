"""Platform-neutral domain values. Adapters render these; the core never formats for a platform."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from bot.bank.model import Question


@dataclass(frozen=True)
class Schedule:
    """When a group's rounds happen, in the group's own timezone."""

    post_time: str = "09:00"  # HH:MM local
    timezone: str = "UTC"  # IANA name
    weekdays: tuple[int, ...] = (0, 1, 2, 3, 4)  # 0 = Monday
    reveal_time: str | None = None  # HH:MM local, same day; wins over reveal_after_hours
    reveal_after_hours: float = 12.0
    reminder_minutes: int | None = None  # remind this long before the reveal
    enabled: bool = True


@dataclass(frozen=True)
class GroupSettings:
    schedule: Schedule = field(default_factory=Schedule)
    topics: tuple[str, ...] = ()  # empty = every topic
    difficulty_mix: tuple[int, int, int] = (1, 1, 1)  # relative weights of difficulty 1, 2, 3


@dataclass(frozen=True)
class Group:
    id: int
    platform: str  # "terminal", "discord", "slack"
    external_id: str  # channel id on the platform
    name: str
    settings: GroupSettings


@dataclass(frozen=True)
class Member:
    id: int
    platform: str
    external_id: str
    display_name: str


@dataclass(frozen=True)
class Actor:
    """Who is asking, as the adapter saw it: the member and whether the platform says admin."""

    member: Member
    is_admin: bool = False


class RoundState(StrEnum):
    POSTING = "posting"  # intent recorded; the platform post may or may not have happened
    POSTED = "posted"
    REVEALED = "revealed"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class Round:
    id: int
    group_id: int
    round_date: date  # local date in the group's timezone
    question_id: str
    state: RoundState
    opened_at: datetime  # UTC
    reveal_due: datetime | None  # UTC
    revealed_at: datetime | None = None
    message_ref: str | None = None  # platform reference of the daily post
    thread_ref: str | None = None  # platform reference of its discussion thread
    reminded_at: datetime | None = None  # when the reminder went out (at most once)
    scheduled: bool = True  # False: an extra round, on a day the schedule does not post


@dataclass(frozen=True)
class RoundView:
    round: Round
    question: Question
    answered: int  # members who submitted so far
    suggested_by: str = ""  # a member's accepted suggestion: their name (credited in the post)


class Verdict(StrEnum):
    CORRECT = "correct"
    PARTIAL = "partial"
    WRONG = "wrong"
    PENDING = "pending"  # open questions: scored by votes at reveal
    VOTED = "voted"  # after the reveal: an open question's answer, scored by the votes it got
    PRACTICE = "practice"  # submitted after the reveal: graded, scores nothing


@dataclass(frozen=True)
class Receipt:
    """What a member is told after submitting. The submission is committed before this exists."""

    submission_id: int
    round_id: int
    verdict: Verdict
    score: float  # 0..1
    points: int  # points this submission is worth now (the best submission counts)
    detail: str  # e.g. "3/5 tests passed; example 2 failed: ..."
    resubmission: bool = False
    late: bool = False
    counted: bool = True  # this submission is now the member's scoring entry for the round
    discussion: int | None = None  # an open question's answer: its discussion message number

    @property
    def resubmission_note(self) -> str | None:
        """What a resubmission did, in words every adapter shows the same way."""
        if not self.resubmission or self.late:
            return None
        if self.verdict is Verdict.PENDING:
            return "This replaces your earlier answer (your last answer counts)."
        if self.counted:
            return "This replaces your earlier answer (your best answer counts)."
        return "Your earlier answer scored at least as much; it still counts."


@dataclass(frozen=True)
class DiscussionMessage:
    """A message in a round's discussion, numbered per round; peer votes refer to it."""

    round_id: int
    number: int  # 1, 2, 3 ... within the round
    author: Member
    message_ref: str
    body: str
    created_at: datetime
    submission_id: int | None = None  # set when it is an open question's answer


@dataclass(frozen=True)
class MemberResult:
    member: Member
    verdict: Verdict
    score: float
    points: int
    submitted_at: datetime
    votes: int = 0  # peer votes received in the round


class Period(StrEnum):
    WEEK = "week"
    MONTH = "month"
    ALL = "all"


@dataclass(frozen=True)
class LeaderboardEntry:
    rank: int  # ties share a rank
    member: Member
    points: int
    rounds: int  # rounds scored in the period
    current_streak: int = 0
    longest_streak: int = 0


@dataclass(frozen=True)
class Leaderboard:
    group_id: int
    period: Period
    entries: tuple[LeaderboardEntry, ...]  # top N
    caller: LeaderboardEntry | None = None  # the caller's own row, even outside the top N


@dataclass(frozen=True)
class Mover:
    member: Member
    old_rank: int | None
    new_rank: int


@dataclass(frozen=True)
class RevealSummary:
    round: Round
    question: Question
    answer_text: str  # the correct answer, human readable
    answered: int
    correct: int
    results: tuple[MemberResult, ...]
    fastest_correct: Member | None = None
    most_voted: tuple[Member, int] | None = None  # (author, votes) of the top discussion answer
    movers: tuple[Mover, ...] = ()
    closes_week: bool = False  # the group's last scheduled round of the week: weekly summary due

    @property
    def share_correct(self) -> float:
        return self.correct / self.answered if self.answered else 0.0


@dataclass(frozen=True)
class MemberStats:
    member: Member
    points: int
    rounds: int
    correct: int
    rank: int | None
    current_streak: int
    longest_streak: int


@dataclass(frozen=True)
class PostedRefs:
    """Where an adapter put a round's post, so reveals land in the same thread."""

    message_ref: str | None = None
    thread_ref: str | None = None
