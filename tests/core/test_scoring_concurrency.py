"""200 members answer one round at the same moment through the core, on each backend (a SQLite
file; a PostgreSQL database, whose writes are SERIALIZABLE with retries), from two StudyService
instances with their own connections (as two bot processes would)."""

from __future__ import annotations

import asyncio

from bot.core.models import Actor, Period, Verdict
from bot.core.service import StudyService
from bot.storage.db import open_database
from bot.storage.submissions import StoredSubmission, SubmissionRepository

MEMBERS = 200


async def test_200_members_at_once_one_first_correct_bonus_and_consistent_totals(
    service: StudyService, database_target: str
):
    group = await service.ensure_group("test", "crowd", "crowd")
    admin = await service.ensure_member("test", "admin", "Admin")
    await service.update_settings(group.id, Actor(admin, is_admin=True), topics="short")
    crowd = [await service.ensure_member("test", f"u{i}", f"User {i:03d}") for i in range(MEMBERS)]
    view = await service.post_round(group.id)
    other_db = await open_database(database_target).open()
    other = StudyService(other_db, service.bank, service.sandbox, service.config,
                         clock=service.clock)  # fmt: skip

    async def answer(i: int) -> None:
        svc = service if i % 2 else other
        if i % 3 == 0:  # a third answer wrong first, and every fifth of those corrects it
            await svc.submit(group.id, crowd[i], "5")
            if i % 5 == 0:
                await svc.submit(group.id, crowd[i], "4")
        else:
            await svc.submit(group.id, crowd[i], "4")

    try:
        await asyncio.gather(*(answer(i) for i in range(MEMBERS)))
    finally:
        await other_db.close()

    db = service.db
    round_id = view.round.id
    expected_subs = MEMBERS + sum(1 for i in range(MEMBERS) if i % 15 == 0)
    count = await db.fetchone("SELECT COUNT(*) FROM submissions WHERE round_id = ?", (round_id,))
    assert count[0] == expected_subs  # every submission stored
    assert (await service.current_round(group.id)).answered == MEMBERS
    sealed = await db.fetchone(  # choice/short verdicts stay hidden until the reveal
        "SELECT COUNT(*), SUM(points), SUM(score) FROM round_scores WHERE round_id = ?", (round_id,)
    )
    assert tuple(sealed) == (MEMBERS, 0, 0)
    summary = await service.reveal(group.id)
    entries = await db.fetchall(
        "SELECT s.member_id, s.points, s.score, s.submission_id, "
        " (SELECT MAX(id) FROM submissions WHERE round_id = s.round_id"
        "  AND member_id = s.member_id) AS last_id,"
        " (SELECT points FROM submissions WHERE id = s.submission_id) AS sub_points"
        " FROM round_scores s WHERE s.round_id = ?",
        (round_id,),
    )
    assert len(entries) == MEMBERS  # one scoring entry per member
    bonus = service.config.scoring.first_correct_bonus
    for row in entries:  # the last answer counts (short answers), priced as stored, plus the
        assert row["submission_id"] == row["last_id"]  # first-correct bonus given at the reveal
        assert row["points"] - row["sub_points"] in (0, bonus)
    assert sum(row["points"] - row["sub_points"] for row in entries) == bonus  # exactly once
    correct = [row["points"] for row in entries if row["score"] >= 1.0]
    expected_correct = sum(1 for i in range(MEMBERS) if i % 3 or i % 15 == 0)
    assert len(correct) == expected_correct
    assert sorted(correct).count(30) == 1  # 20 + 5 speed + 5 first: exactly one bonus
    assert sorted(correct).count(25) == expected_correct - 1
    assert all(row["points"] == 0 for row in entries if row["score"] < 1.0)

    assert (summary.answered, summary.correct) == (MEMBERS, expected_correct)
    board = await service.leaderboard(group.id, Period.ALL, top=MEMBERS)
    assert sum(e.points for e in board.entries) == 30 + 25 * (expected_correct - 1)
    naive = await service.standings.naive(group.id, None, limit=MEMBERS)
    assert sorted((r, m, p) for r, m, p, _ in naive) == sorted(
        (e.rank, e.member.id, e.points) for e in board.entries
    )
    assert board.entries[0].points == 30 and board.entries[1].rank == 2


async def test_unsealed_first_correct_is_decided_once_inside_the_write(
    service: StudyService, database_target: str
):
    """The first-correct bonus of unsealed answers (code) is decided by SubmissionRepository.record
    inside its write: with 120 members writing at once through two connections (two pools on
    PostgreSQL), exactly one is priced first, and the totals equal the sum of the entries."""
    group = await service.ensure_group("test", "race", "race")
    admin = await service.ensure_member("test", "admin", "Admin")
    await service.update_settings(group.id, Actor(admin, is_admin=True), topics="short")
    crowd = [await service.ensure_member("test", f"r{i}", f"R{i:03d}") for i in range(120)]
    round_ = (await service.post_round(group.id)).round
    other_db = await open_database(database_target).open()
    repos = [SubmissionRepository(service.db), SubmissionRepository(other_db)]

    def price(first: bool, streak: int) -> int:
        return 20 + (5 if first else 0) + 100 * (streak - 1)  # a streak bonus would show

    async def answer(i: int) -> StoredSubmission:
        score = 1.0 if i % 4 else 0.5  # every fourth half right: never first correct
        verdict = Verdict.CORRECT if score == 1.0 else Verdict.PARTIAL
        return await repos[i % 2].record(
            round_, crowd[i].id, "x", verdict, score, "", service.clock.now(), price
        )

    try:
        stored = await asyncio.gather(*(answer(i) for i in range(len(crowd))))
    finally:
        await other_db.close()
    assert sorted(s.points for s in stored).count(25) == 1  # exactly one first correct
    assert all(s.points == 20 for i, s in enumerate(stored) if s.points != 25)
    assert all(s.counted and not s.resubmission and not s.late for s in stored)
    assert len({s.id for s in stored}) == len(crowd)
    total = await service.db.fetchval(
        "SELECT SUM(points) FROM round_scores WHERE round_id = ?", (round_.id,)
    )
    board = await service.db.fetchval(
        "SELECT SUM(points) FROM score_totals WHERE group_id = ? AND period = 'all'", (group.id,)
    )
    assert total == board == 20 * len(crowd) + 5
    assert await SubmissionRepository(service.db).count_answered(round_.id) == len(crowd)
