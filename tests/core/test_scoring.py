"""Points rules as pure functions: base x score, speed, first correct, streak bonus, vote cap."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.config import ScoringConfig
from bot.core.models import Member, MemberResult, Verdict
from bot.core.reveal import biggest_movers
from bot.core.scoring import streak_bonus, submission_points, vote_points

RULES = ScoringConfig()  # 10/20/30, first +5, speed <= 5, votes 2 each capped at 10, streak 2 <= 10


def points(**kw) -> int:
    args = {"difficulty": 2, "score": 1.0, "first_correct": False, "elapsed_fraction": 1.0}
    return submission_points(RULES, **(args | kw))


def test_base_points_follow_difficulty():
    assert [points(difficulty=d) for d in (1, 2, 3)] == [10, 20, 30]


def test_partial_credit_scales_the_base_and_earns_no_bonus():
    assert points(difficulty=3, score=0.5, first_correct=True, elapsed_fraction=0.0) == 15
    assert points(score=0.0, first_correct=True, elapsed_fraction=0.0) == 0


def test_speed_bonus_shrinks_linearly_over_the_window():
    assert points(elapsed_fraction=0.0) == 25
    assert points(elapsed_fraction=0.5) == 22  # 20 + round(2.5), banker's rounding -> 2
    assert points(elapsed_fraction=1.0) == 20
    assert points(elapsed_fraction=3.0) == 20  # clamped: never negative
    assert points(elapsed_fraction=-1.0) == 25


def test_first_correct_bonus_only_for_a_fully_correct_answer():
    assert points(first_correct=True) == 25
    assert points(first_correct=True, score=0.99) == 20


@pytest.mark.parametrize(
    ("streak", "bonus"), [(0, 0), (1, 0), (2, 2), (3, 4), (6, 10), (7, 10), (100, 10)]
)
def test_streak_bonus_grows_per_round_up_to_the_cap(streak, bonus):
    assert streak_bonus(RULES, streak) == bonus


def test_streak_bonus_is_added_to_any_answer_even_a_wrong_one():
    assert points(score=0.0, streak=3) == 4
    assert points(streak=3) == 24


def test_vote_points_are_capped_per_round():
    assert [vote_points(RULES, n) for n in (0, 1, 4, 5, 6, 50)] == [0, 2, 8, 10, 10, 10]
    assert vote_points(RULES, -3) == 0


def test_rules_follow_the_configuration():
    rules = ScoringConfig(points_by_difficulty=(1, 2, 3), first_correct_bonus=0, speed_bonus=0,
                          streak_bonus=5, streak_bonus_cap=7)  # fmt: skip
    assert submission_points(rules, difficulty=3, score=1.0, first_correct=True,
                             elapsed_fraction=0.0, streak=4) == 3 + 7  # fmt: skip


def _result(member_id: int) -> MemberResult:
    member = Member(member_id, "test", f"m{member_id}", f"M{member_id}")
    return MemberResult(member, Verdict.CORRECT, 1.0, 10, datetime(2026, 3, 2, tzinfo=UTC))


def test_biggest_movers_are_those_who_gained_most_places_newcomers_from_below_the_last():
    before = {1: 1, 2: 2, 3: 3, 4: 4}
    after = {2: 1, 1: 2, 4: 3, 3: 4, 5: 5}  # 2 up 1, 4 up 1, 5 new (from 5th) to 5: no gain
    movers = biggest_movers(before, after, [_result(i) for i in (1, 2, 3, 4, 5)])
    assert [(m.member.id, m.old_rank, m.new_rank) for m in movers] == [(2, 2, 1), (4, 4, 3)]
    after = {5: 1, 1: 2, 2: 3, 3: 4, 4: 5}
    movers = biggest_movers(before, after, [_result(i) for i in (1, 5)])
    assert [(m.member.id, m.old_rank, m.new_rank) for m in movers] == [(5, None, 1)]
