"""Scoring rules case by case through StudyService, on each backend (SQLite, PostgreSQL).

Default rules (ScoringConfig): difficulty 1/2/3 -> 10/20/30 points, speed bonus up to 5 (full at
the post), first-correct bonus 5, 2 points per peer vote capped at 10 per round, streak bonus 2
per consecutive round beyond the first capped at 10. The fixtures' clock starts on Monday
2026-03-02 09:00 UTC; answers made at the post moment get the full speed bonus.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

from bot.bank import load_bank
from bot.config import Config, ScoringConfig
from bot.core.models import Actor, Period, Verdict
from bot.core.service import StudyService
from bot.sandbox.api import GradeResult, RunResult, RunStatus
from tests.conftest import CODE_BANK, write_bank


class PassSandbox:
    """A fake Sandbox for the code question only: 'PASS n/m' in the code passes n tests."""

    async def run(self, code: str, *, member: str | None = None) -> RunResult:
        return RunResult(RunStatus.OK, "", "", 0.001)

    async def grade(self, code: str, spec, *, member: str | None = None) -> GradeResult:
        passed = int(code.split("PASS", 1)[1].split("/", 1)[0]) if "PASS" in code else 0
        return GradeResult(passed, len(spec.all_tests), None, RunResult(RunStatus.OK, "", "", 0))


async def setup_group(service: StudyService, topic: str, ext: str = "chan", **settings):
    group = await service.ensure_group("test", ext, ext)
    admin = await service.ensure_member("test", "admin", "Admin")
    return await service.update_settings(
        group.id, Actor(admin, is_admin=True), topics=topic, **settings
    )


async def people(service: StudyService, *names: str):
    return [await service.ensure_member("test", n.lower(), n) for n in names]


def at(clock, day: int, hour: int = 9) -> None:
    clock.current = datetime(2026, 3, day, hour, tzinfo=UTC)


async def play(service, clock, group, day: int, answers) -> None:
    """Post the round of March `day`, submit (member, answer) pairs at the post, reveal."""
    at(clock, day)
    await service.post_round(group.id)
    for member, answer in answers:
        await service.submit(group.id, member, answer)
    at(clock, day, 22)
    await service.reveal(group.id)


def totals(board) -> dict[str, tuple[int, int]]:
    return {e.member.display_name: (e.rank, e.points) for e in board.entries}


async def test_ties_share_a_rank_and_the_caller_row_comes_from_outside_the_top(service, clock):
    flat = dataclasses.replace(
        Config(), scoring=ScoringConfig(first_correct_bonus=0, speed_bonus=0)
    )
    svc = StudyService(service.db, service.bank, service.sandbox, flat, clock=clock)
    group = await setup_group(svc, "short")
    ann, bob, cy, dee = await people(svc, "Ann", "Bob", "Cy", "Dee")
    await play(svc, clock, group, 2, [(bob, "4"), (ann, "four"), (cy, "5"), (dee, "6")])
    board = await svc.leaderboard(group.id, member=dee)
    assert totals(board) == {"Ann": (1, 20), "Bob": (1, 20), "Cy": (3, 0), "Dee": (3, 0)}
    assert [e.member.display_name for e in board.entries] == ["Ann", "Bob", "Cy", "Dee"]
    top1 = await svc.leaderboard(group.id, member=bob, top=1)
    assert [e.member.display_name for e in top1.entries] == ["Ann"]  # ties at the cut: by name
    assert (top1.caller.rank, top1.caller.points) == (1, 20)
    top2 = await svc.leaderboard(group.id, member=dee, top=2)
    assert top2.caller.member == dee and (top2.caller.rank, top2.caller.points) == (3, 0)
    stranger = (await people(svc, "Eve"))[0]
    assert (await svc.leaderboard(group.id, member=stranger)).caller is None
    stats = await svc.member_stats(group.id, bob)
    assert (stats.points, stats.rank, stats.rounds, stats.correct) == (20, 1, 1, 1)


async def test_choice_last_answer_counts_and_first_correct_moves_with_it(service, clock):
    group = await setup_group(service, "choice")
    ann, bob = await people(service, "Ann", "Bob")
    at(clock, 2)
    await service.post_round(group.id)
    first = await service.submit(group.id, ann, "B")  # correct, first
    assert first.verdict is Verdict.PENDING and first.points == 0  # hidden until the reveal
    again = await service.submit(group.id, ann, "C")  # changes her mind: now wrong
    assert again.resubmission
    await service.submit(group.id, bob, "B")  # now the first correct counted answer
    summary = await service.reveal(group.id)
    by_name = {r.member.display_name: r for r in summary.results}
    assert by_name["Ann"].verdict is Verdict.WRONG and by_name["Ann"].points == 0
    assert by_name["Bob"].points == 10 + 5 + 5  # base + full speed + first correct
    assert (summary.answered, summary.correct, summary.share_correct) == (2, 1, 0.5)
    assert summary.fastest_correct == bob


async def test_code_best_submission_counts(service, clock, tmp_path):
    write_bank(tmp_path / "code", CODE_BANK, "c.toml")
    svc = StudyService(service.db, load_bank([tmp_path / "code"]), PassSandbox(), Config(),
                       clock=clock)  # fmt: skip
    group = await setup_group(svc, "code", "code-chan")
    (ann,) = await people(svc, "Ann")
    at(clock, 2)
    await svc.post_round(group.id)
    assert (await svc.submit(group.id, ann, "PASS 1/2")).points == 15  # 30 x 1/2, no bonus
    full = await svc.submit(group.id, ann, "PASS 2/2")
    assert full.points == 30 + 5 + 5
    assert (await svc.submit(group.id, ann, "PASS 0/2")).verdict is Verdict.WRONG
    board = await svc.leaderboard(group.id, member=ann)
    assert board.caller.points == 40 and board.caller.rounds == 1


async def test_late_answers_are_practice_and_change_nothing(service, clock):
    group = await setup_group(service, "short")
    ann, bob = await people(service, "Ann", "Bob")
    await play(service, clock, group, 2, [(ann, "4")])
    before = await service.leaderboard(group.id)
    late = await service.submit(group.id, bob, "4")
    assert late.late and late.points == 0 and late.verdict is Verdict.PRACTICE
    after = await service.leaderboard(group.id, member=bob)
    assert after.entries == before.entries and after.caller is None
    assert (await service.member_stats(group.id, bob)).current_streak == 0


async def test_votes_self_duplicate_cap_and_most_voted(service, clock):
    group = await setup_group(service, "open")
    ann, bob, *voters = await people(service, "Ann", "Bob", "V1", "V2", "V3", "V4", "V5", "V6")
    at(clock, 2)
    await service.post_round(group.id)
    await service.submit(group.id, ann, "Because tests can fail.")
    assert not await service.vote(group.id, ann, ann, "m-ann")  # self-vote
    for voter in voters:  # six votes: 12 points, capped at 10
        assert await service.vote(group.id, voter, ann, "m-ann")
    assert not await service.vote(group.id, voters[0], ann, "m-ann")  # duplicate
    assert await service.vote(group.id, voters[0], bob, "m-bob")  # Bob never submitted
    summary = await service.reveal(group.id)
    assert summary.most_voted == (ann, 6)
    points = {r.member.display_name: r.points for r in summary.results}
    assert points == {"Ann": 10, "Bob": 2}
    assert summary.answered == 1  # Bob's vote-only entry is not an answer
    board = await service.leaderboard(group.id)
    assert totals(board) == {"Ann": (1, 10), "Bob": (2, 2)}
    assert (await service.member_stats(group.id, bob)).current_streak == 0


async def test_streak_survives_a_skipped_weekday_and_a_weekend(service, clock):
    group = await setup_group(service, "short")
    ann, bob = await people(service, "Ann", "Bob")
    admin = Actor(await service.ensure_member("test", "admin", "Admin"), is_admin=True)
    await play(service, clock, group, 2, [(ann, "4"), (bob, "4")])  # Mon
    at(clock, 3)
    await service.skip_today(group.id, admin)  # Tue: skipped before posting
    await play(service, clock, group, 4, [(ann, "4")])  # Wed: Bob misses a real round
    await play(service, clock, group, 5, [(ann, "nope"), (bob, "4")])  # Thu: wrong still counts
    await play(service, clock, group, 6, [(ann, "4"), (bob, "4")])  # Fri
    await play(service, clock, group, 9, [(ann, "4"), (bob, "4")])  # Mon after a weekend
    ann_stats = await service.member_stats(group.id, ann)
    bob_stats = await service.member_stats(group.id, bob)
    assert (ann_stats.current_streak, ann_stats.longest_streak) == (5, 5)
    assert (bob_stats.current_streak, bob_stats.longest_streak) == (3, 3)
    # Her 6th round in a row: 20 + 5 (speed) + 5 (first) + streak bonus min(2 x 5, 10).
    at(clock, 10)
    await service.post_round(group.id)
    await service.submit(group.id, ann, "4")
    summary_board = await service.leaderboard(group.id, Period.WEEK, member=ann)
    assert summary_board.caller.current_streak == 6  # the open round counts once answered
    stats = await service.member_stats(group.id, bob)
    assert stats.current_streak == 3  # an open round not answered yet does not break it
    at(clock, 10, 22)
    summary = await service.reveal(group.id)
    assert {r.member.display_name: r.points for r in summary.results} == {"Ann": 20 + 5 + 5 + 10}
    bob_stats = await service.member_stats(group.id, bob)
    assert (bob_stats.current_streak, bob_stats.longest_streak) == (0, 3)


async def test_streak_bonus_points_round_by_round(service, clock):
    group = await setup_group(service, "short")
    (ann,) = await people(service, "Ann")
    for day in (2, 3, 4):
        at(clock, day)
        await service.post_round(group.id)
        await service.submit(group.id, ann, "4")
        await service.submit(group.id, ann, "four")  # a resubmission: the bonus counts once
        at(clock, day, 22)
        summary = await service.reveal(group.id)
        streak = day - 1
        assert summary.results[0].points == 20 + 5 + 5 + 2 * (streak - 1)
    stats = await service.member_stats(group.id, ann)
    assert stats.points == 30 + 32 + 34 and stats.rounds == 3


async def test_reveal_summary_fields_and_biggest_movers(service, clock):
    group = await setup_group(service, "short")
    ann, bob, cy, dee = await people(service, "Ann", "Bob", "Cy", "Dee")
    await play(service, clock, group, 2, [(ann, "4"), (bob, "4"), (cy, "5")])
    # Before Tuesday: Ann 30 (#1), Bob 25 (#2), Cy 0 (#3).
    at(clock, 3)
    await service.post_round(group.id)
    await service.submit(group.id, ann, "4")  # first correct at 9:00 ...
    await service.submit(group.id, cy, "4")  # 20 + 5 speed + 2 streak + 5 first (see below)
    clock.advance(hours=1)
    await service.submit(group.id, dee, "4")  # 20 + round(5 x 11/12) = 25
    clock.advance(hours=1)
    await service.submit(group.id, ann, "0")  # ... but her last answer counts: 0 + 2 streak,
    # so the first-correct bonus (given at the reveal for sealed kinds) goes to Cy
    at(clock, 3, 22)
    summary = await service.reveal(group.id)
    assert (summary.answered, summary.correct) == (3, 2)
    assert abs(summary.share_correct - 2 / 3) < 1e-9
    assert summary.fastest_correct == cy
    assert summary.most_voted is None
    points = {r.member.display_name: r.points for r in summary.results}
    assert points == {"Ann": 2, "Cy": 32, "Dee": 25}
    board = await service.leaderboard(group.id)
    assert totals(board) == {"Ann": (1, 32), "Cy": (1, 32), "Bob": (3, 25), "Dee": (3, 25)}
    moved = [(m.member.display_name, m.old_rank, m.new_rank) for m in summary.movers]
    assert moved == [("Cy", 3, 1), ("Dee", None, 3)]  # a newcomer counts from below the last
