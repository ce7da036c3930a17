"""Writes behind the boards on both backends: `write(..., serial=key)` (answers to one round run
one at a time on PostgreSQL) loses no write, keeps the work's outcome, and frees its key after a
failed work; the week and month boards read through their points index (migration 0010)."""

from __future__ import annotations

import asyncio

import pytest

from bot.storage.db import open_database


@pytest.fixture
async def db(database_target):
    database = await open_database(database_target).open()
    yield database
    await database.close()


async def counter(db) -> int:
    return int(await db.fetchval("SELECT answered FROM round_stats WHERE round_id = 1"))


async def make_round(db) -> None:
    ts = "2026-01-01T00:00:00+00:00"
    await db.execute(
        "INSERT INTO groups (id, platform, external_id, name, created_at)"
        " VALUES (1, 't', 'g', 'G', ?)",
        (ts,),
    )
    await db.execute(
        "INSERT INTO rounds (id, group_id, round_date, question_id, state, opened_at)"
        " VALUES (1, 1, '2026-01-05', 'q', 'posted', ?)",
        (ts,),
    )
    await db.execute("INSERT INTO round_stats (round_id, answered) VALUES (1, 0)")


async def test_serial_writes_all_land_and_a_failed_one_frees_its_key(db):
    await make_round(db)

    async def bump(tx):
        value = await tx.fetchval("SELECT answered FROM round_stats WHERE round_id = 1")
        await tx.execute("UPDATE round_stats SET answered = ? WHERE round_id = 1", (value + 1,))
        return value + 1

    results = await asyncio.gather(*(db.write(bump, serial="round:1") for _ in range(40)))
    assert sorted(results) == list(range(1, 41))  # read-modify-write: none lost
    assert await counter(db) == 40

    async def fails(tx):
        await tx.execute("UPDATE round_stats SET answered = 0 WHERE round_id = 1")
        raise ValueError("no")

    with pytest.raises(ValueError):
        await db.write(fails, serial="round:1")
    assert await counter(db) == 40  # rolled back
    # The key is free again (a hang here would mean the lock stayed held).
    assert await asyncio.wait_for(db.write(bump, serial="round:1"), timeout=60) == 41


async def test_week_and_month_boards_use_the_points_index(db):
    if db.dialect != "sqlite":
        pytest.skip("EXPLAIN QUERY PLAN is SQLite's")
    for period in ("week", "month", "all"):
        plan = await db.fetchall(
            "EXPLAIN QUERY PLAN SELECT points FROM score_totals WHERE group_id = 1"
            f" AND period = '{period}' AND period_start = '2026-01-05'"
            " ORDER BY points DESC LIMIT 10"
        )
        assert any("score_totals_ranking" in str(row[3]) for row in plan), period
