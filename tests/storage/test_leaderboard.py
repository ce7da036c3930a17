"""Maintained leaderboard totals and streaks (migration 0002) against a plain-Python oracle
computed from the raw rows: written live through the triggers, backfilled by the migration from
a version-1 database, updated and deleted."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, timedelta

from bot.core.models import Period
from bot.storage.db import Database, open_database
from bot.storage.leaderboard import LeaderboardRepository

START = date(2026, 2, 16)  # a Monday; 40 days cross February/March and several weeks
MEMBERS = 12


def scenario(seed: int) -> tuple[list[tuple], list[tuple]]:
    """(rounds, entries): rounds (id, date, state); entries (round_id, member_id, date,
    submission_id or None, verdict, score, points, vote_points), in date order."""
    rng = random.Random(seed)
    rounds, entries, sub_id = [], [], 0
    days = [START + timedelta(days=i) for i in range(40) if rng.random() < 0.8]
    for rid, day in enumerate(days, start=1):
        state = "skipped" if rng.random() < 0.15 else "revealed"
        if rid == len(days):
            state = "posted"  # the open round
        rounds.append((rid, day.isoformat(), state))
        for member in range(1, MEMBERS + 1):
            roll = rng.random()
            if roll < (0.1 if state == "skipped" else 0.65):
                sub_id += 1
                score = rng.choice((0.0, 0.5, 1.0))
                entries.append((rid, member, day.isoformat(), sub_id,
                                "correct" if score == 1 else "wrong", score,
                                rng.randint(0, 40), rng.choice((0, 0, 2, 4))))  # fmt: skip
            elif roll > 0.96 and state != "skipped":  # a vote-only entry: not an answer
                entries.append((rid, member, day.isoformat(), None, "pending", 0.0, 0, 2))
    return rounds, entries


async def load(db: Database, rounds: list[tuple], entries: list[tuple]) -> None:
    ts = "2026-01-01T00:00:00+00:00"
    subs = [(sub, rid, member, verdict, score, points, ts)
            for rid, member, _, sub, verdict, score, points, _ in entries if sub is not None]  # fmt: skip

    async def work(tx) -> None:
        await tx.execute("INSERT INTO groups (id, platform, external_id, created_at)"
                         " VALUES (1, 'test', 'g', ?)", (ts,))  # fmt: skip
        await tx.executemany(
            "INSERT INTO members (id, platform, external_id, display_name, created_at)"
            " VALUES (?, 'test', ?, ?, ?)",
            [(m, f"m{m}", f"M{m:02d}", ts) for m in range(1, MEMBERS + 1)],
        )
        await tx.executemany("INSERT INTO rounds (id, group_id, round_date, question_id, state,"
                             " opened_at) VALUES (?, 1, ?, 'q', ?, ?)",
                             [(r, d, s, ts) for r, d, s in rounds])  # fmt: skip
        await tx.executemany("INSERT INTO submissions (id, round_id, member_id, answer, verdict,"
                             " score, points, submitted_at) VALUES (?, ?, ?, 'x', ?, ?, ?, ?)",
                             subs)  # fmt: skip
        for rid, member, day, sub, verdict, score, points, votes in entries:  # in date order
            await tx.execute("INSERT INTO round_scores (round_id, member_id, group_id, round_date,"
                             " submission_id, verdict, score, points, vote_points, submitted_at)"
                             " VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?, ?)",
                             (rid, member, day, sub, verdict, score, points, votes, ts))  # fmt: skip

    await db.write(work)


def bucket_of(period: Period, day: str) -> str:
    d = date.fromisoformat(day)
    if period is Period.WEEK:
        return (d - timedelta(days=d.weekday())).isoformat()
    return d.replace(day=1).isoformat() if period is Period.MONTH else ""


def oracle_totals(entries, period: Period) -> dict[str, dict[int, tuple[int, int, int]]]:
    """bucket -> member -> (rank, points, rounds), ranks with ties shared."""
    sums: dict[str, dict[int, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for _, member, day, _, _, _, points, votes in entries:
        cell = sums[bucket_of(period, day)][member]
        cell[0] += points + votes
        cell[1] += 1
    result = {}
    for key, members in sums.items():
        result[key] = {
            m: (1 + sum(1 for o in members.values() if o[0] > p), p, n)
            for m, (p, n) in members.items()
        }
    return result


def oracle_streaks(rounds, entries) -> dict[int, tuple[int, int]]:
    """member -> (current, longest): runs of answered rounds with no non-skipped round between
    two answers; the current run is broken by a revealed round after it."""
    open_dates = sorted(d for _, d, s in rounds if s != "skipped")
    revealed = [d for _, d, s in rounds if s == "revealed"]
    answered: dict[int, list[str]] = defaultdict(list)
    for _, member, day, sub, *_ in entries:
        if sub is not None:
            answered[member].append(day)
    result = {}
    for member, days in answered.items():
        run = longest = 0
        previous = None
        for day in sorted(days):
            between = previous is not None and any(previous < d < day for d in open_dates)
            run = 1 if previous is None or between else run + 1
            longest, previous = max(longest, run), day
        alive = not revealed or previous >= max(revealed)
        result[member] = (run if alive else 0, longest)
    return result


async def assert_matches(db: Database, rounds, entries, *, streaks: bool = True) -> None:
    repo = LeaderboardRepository(db)
    for period in (Period.ALL, Period.WEEK, Period.MONTH):
        for key, expected in oracle_totals(entries, period).items():
            start = date.fromisoformat(key) if key else None
            board = await repo.top(1, period, start, limit=100)
            got = {e.member.id: (e.rank, e.points, e.rounds) for e in board}
            assert got == expected, (period, key)
            naive = await repo.naive(1, start, limit=100) if period is Period.ALL else None
            if naive is not None:
                assert {m: (r, p, n) for r, m, p, n in naive} == expected
    if streaks:
        board = await repo.top(1, Period.ALL, None, limit=100)
        got = {e.member.id: (e.current_streak, e.longest_streak) for e in board}
        want = oracle_streaks(rounds, entries)
        assert {m: got.get(m, (0, 0)) for m in want} == want
        assert all(got[m] == (0, 0) for m in got if m not in want)  # vote-only members


async def test_triggers_keep_totals_and_streaks_equal_to_the_oracle(database_target):
    db = await open_database(database_target).open()
    try:
        for seed in (1, 2, 3):
            rounds, entries = scenario(seed)
            if seed > 1:  # the same database, emptied: a PostgreSQL target is one database
                await clear(db)
            await load(db, rounds, entries)
            await assert_matches(db, rounds, entries)
    finally:
        await db.close()


async def clear(db: Database) -> None:
    async def work(tx) -> None:
        for table in ("round_scores", "submissions", "rounds", "members", "groups"):
            await tx.execute(f"DELETE FROM {table}")
        assert await tx.fetchval("SELECT COUNT(*) FROM score_totals") == 0
        await tx.execute("DELETE FROM round_stats")

    await db.write(work)


async def test_migration_backfills_a_version_1_database(database_target):
    rounds, entries = scenario(7)
    db = await open_database(database_target).open(migrate=False)
    try:
        await db.migrate(target=1)
        await load(db, rounds, entries)
        assert await db.migrate() >= 2
        await assert_matches(db, rounds, entries)
    finally:
        await db.close()


async def test_updates_and_deletes_flow_into_the_totals(database_target):
    db = await open_database(database_target).open()
    try:
        await updates_and_deletes(db)
    finally:
        await db.close()


async def updates_and_deletes(db: Database) -> None:
    rounds, entries = scenario(11)
    await load(db, rounds, entries)
    rng = random.Random(5)
    changed = []
    for entry in entries:
        if rng.random() < 0.3:  # vote points awarded, a better resubmission counted
            entry = (*entry[:5], 1.0, entry[6] + 7, entry[7] + 2)
            assert (
                await db.execute(
                    "UPDATE round_scores SET score = ?, points = ?, vote_points = ?"
                    " WHERE round_id = ? AND member_id = ?",
                    (entry[5], entry[6], entry[7], entry[0], entry[1]),
                )
                == 1
            )
        changed.append(entry)
    await assert_matches(db, rounds, changed)
    correct = sum(1 for e in changed if e[1] == 3 and e[5] >= 1.0)
    assert (await LeaderboardRepository(db).member_totals(1, 3))[1] == correct
    gone = rounds[len(rounds) // 2][0]
    assert await db.execute("DELETE FROM rounds WHERE id = ?", (gone,)) == 1
    remaining = [e for e in changed if e[0] != gone]
    await assert_matches(db, [r for r in rounds if r[0] != gone], remaining, streaks=False)


async def test_ties_at_the_cut_are_in_byte_order_of_names_on_both_backends(database_target):
    """SQLite compares names as bytes; PostgreSQL would use the column's collation, which on
    many servers is linguistic ("ann" before "Bob"). Here the column gets an ICU collation when
    the server has one, as such a server's default would be."""
    db = await open_database(database_target).open()
    try:
        linguistic = db.dialect == "postgresql" and bool(
            await db.fetchval("SELECT 1 FROM pg_collation WHERE collname = 'und-x-icu'")
        )
        if linguistic:
            await db.execute(
                'ALTER TABLE members ALTER COLUMN display_name TYPE text COLLATE "und-x-icu"'
            )
        names = ["bob", "Ann", "ann", "Bob", "Cy"]
        rounds = [(1, START.isoformat(), "revealed")]
        entries = [(1, m, START.isoformat(), m, "correct", 1.0, 20 if m < 5 else 10, 0)
                   for m in range(1, len(names) + 1)]  # fmt: skip
        await load(db, rounds, entries)
        for m, name in enumerate(names, start=1):
            await db.execute("UPDATE members SET display_name = ? WHERE id = ?", (name, m))
        below_b = await db.fetchval("SELECT COUNT(*) FROM members WHERE display_name < 'B'")
        assert below_b == (2 if linguistic else 1)  # "ann" sorts before "B" only linguistically
        repo = LeaderboardRepository(db)
        for period, start in ((Period.ALL, None), (Period.WEEK, START)):
            board = await repo.top(1, period, start, limit=5)
            assert [(e.rank, e.member.display_name) for e in board] == [
                (1, "Ann"), (1, "Bob"), (1, "ann"), (1, "bob"), (5, "Cy")
            ]  # fmt: skip
            cut = await repo.top(1, period, start, limit=2)
            assert [e.member.display_name for e in cut] == ["Ann", "Bob"]
    finally:
        await db.close()
