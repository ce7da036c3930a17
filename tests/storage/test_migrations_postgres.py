"""The PostgreSQL migrations define the same logical schema as the SQLite ones: the same numbers
and file names; after migrating, the same tables, columns (order, storage type, NOT NULL,
default), keys, foreign keys, indexes and triggers; and the triggers (or the backfills, for data
written at version 1) leave the same rows in the maintained tables for the same writes."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import asyncpg
import pytest

from bot.storage.versions import migrations, split_statements

TS = "2026-01-01T00:00:00+00:00"

# SQLite's declared type -> the PostgreSQL types that store the same values.
STORAGE_TYPES = {
    "INTEGER": {"integer", "bigint"},
    "TEXT": {"text"},
    "REAL": {"double precision"},
    "BLOB": {"bytea"},
}
ON_DELETE = {"a": "NO ACTION", "r": "RESTRICT", "c": "CASCADE", "n": "SET NULL", "d": "SET DEFAULT"}


def test_both_backends_have_the_same_migration_numbers_and_names():
    sqlite_names = [(version, name) for version, name, _ in migrations("sqlite")]
    postgres_names = [(version, name) for version, name, _ in migrations("postgres")]
    assert len(sqlite_names) >= 8
    assert postgres_names == sqlite_names


# -- applying the migrations ------------------------------------------------------------------


def migrate_sqlite(conn: sqlite3.Connection, versions: range) -> None:
    """Apply the SQLite migrations numbered in `versions`, each in its own transaction."""
    for version, _, sql in migrations("sqlite"):
        if version in versions:
            conn.execute("BEGIN IMMEDIATE")
            for statement in split_statements(sql):
                conn.execute(statement)
            conn.execute("COMMIT")


async def migrate_postgres(conn: asyncpg.Connection, versions: range) -> None:
    """Apply the PostgreSQL migrations numbered in `versions`: each file is one script, run in
    its own transaction (as the backend's runner does)."""
    for version, _, sql in migrations("postgres"):
        if version in versions:
            async with conn.transaction():
                await conn.execute(sql)


def open_sqlite(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


ALL_VERSIONS = range(1, len(migrations("sqlite")) + 1)


# -- the schema as each backend describes it ---------------------------------------------------


def sqlite_schema(conn: sqlite3.Connection) -> dict:
    tables = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    schema: dict = {"tables": {}, "indexes": {}, "triggers": {}}
    for table in tables:
        info = conn.execute(f"PRAGMA table_info({table})").fetchall()
        columns = [
            # A primary key column holds no NULL (SQLite would let a non-INTEGER one, a legacy
            # quirk; PostgreSQL makes every primary key column NOT NULL).
            (name, decl.upper(), bool(notnull) or pk > 0, default)
            for _, name, decl, notnull, default, pk in info
        ]
        primary_key = [name for _, name, *_, pk in sorted(info, key=lambda r: r[5]) if pk > 0]
        uniques, indexes = set(), schema["indexes"]
        for _, name, unique, origin, partial in conn.execute(f"PRAGMA index_list({table})"):
            keys = conn.execute(f"PRAGMA index_xinfo({name})").fetchall()
            cols = tuple((col, bool(desc)) for _, _, col, desc, _, key in sorted(keys) if key)
            if origin == "u":
                uniques.add(tuple(col for col, _ in cols))
            elif origin == "c":
                indexes[name] = (table, cols, bool(unique), bool(partial))
        foreign_keys: dict[int, list] = {}
        for fk_id, _, parent, src, dst, _, on_delete, _ in conn.execute(
            f"PRAGMA foreign_key_list({table})"
        ):
            foreign_keys.setdefault(fk_id, []).append((src, parent, dst, on_delete))
        schema["tables"][table] = {
            "columns": columns,
            "primary_key": primary_key,
            "unique": uniques,
            "foreign_keys": {
                (tuple(s for s, *_ in fk), fk[0][1], tuple(d for *_, d, _ in fk), fk[0][3])
                for fk in foreign_keys.values()
            },
        }
    for name, table in conn.execute(
        "SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger'"
    ):
        schema["triggers"][name] = table
    return schema


async def postgres_schema(conn: asyncpg.Connection) -> dict:
    schema: dict = {"tables": {}, "indexes": {}, "triggers": {}}
    tables = [
        row["tablename"]
        for row in await conn.fetch(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
        )
    ]
    for table in tables:
        rows = await conn.fetch(
            "SELECT column_name, data_type, is_nullable, column_default, is_identity"
            " FROM information_schema.columns"
            " WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
            table,
        )
        columns = [
            (r["column_name"], r["data_type"], r["is_nullable"] == "NO", r["column_default"],
             r["is_identity"] == "YES")
            for r in rows
        ]  # fmt: skip
        constraints = await conn.fetch(
            "SELECT c.contype::text, c.confdeltype::text, p.relname AS parent,"
            " ARRAY(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY AS k(n, o)"
            "       JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n"
            "       ORDER BY k.o) AS cols,"
            " ARRAY(SELECT a.attname FROM unnest(c.confkey) WITH ORDINALITY AS k(n, o)"
            "       JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n"
            "       ORDER BY k.o) AS parent_cols"
            " FROM pg_constraint c LEFT JOIN pg_class p ON p.oid = c.confrelid"
            " WHERE c.conrelid = $1::regclass",
            table,
        )
        schema["tables"][table] = {
            "columns": columns,
            "primary_key": next(list(c["cols"]) for c in constraints if c["contype"] == "p"),
            "unique": {tuple(c["cols"]) for c in constraints if c["contype"] == "u"},
            "foreign_keys": {
                (
                    tuple(c["cols"]),
                    c["parent"],
                    tuple(c["parent_cols"]),
                    ON_DELETE[c["confdeltype"]],
                )
                for c in constraints
                if c["contype"] == "f"
            },
            "checks": sum(c["contype"] == "c" for c in constraints),
        }
    for r in await conn.fetch(
        "SELECT i.relname AS name, t.relname AS tbl, x.indisunique, x.indpred IS NOT NULL AS partial,"
        " ARRAY(SELECT a.attname FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS k(n, o)"
        "       JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.n ORDER BY k.o) AS cols,"
        " ARRAY(SELECT (k.opt & 1) = 1 FROM unnest(x.indoption::int2[]) WITH ORDINALITY"
        "       AS k(opt, o) ORDER BY k.o) AS descending"
        " FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid"
        " JOIN pg_class t ON t.oid = x.indrelid"
        " WHERE t.relnamespace = current_schema()::regnamespace"
        " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conrelid = t.oid"
        "                 AND c.conindid = x.indexrelid AND c.contype IN ('p', 'u'))"
    ):
        cols = tuple(zip(r["cols"], r["descending"], strict=True))
        schema["indexes"][r["name"]] = (r["tbl"], cols, r["indisunique"], r["partial"])
    for r in await conn.fetch(
        "SELECT g.tgname, t.relname FROM pg_trigger g JOIN pg_class t ON t.oid = g.tgrelid"
        " WHERE NOT g.tgisinternal AND t.relnamespace = current_schema()::regnamespace"
    ):
        schema["triggers"][r["tgname"]] = r["relname"]
    return schema


def postgres_default(default: str | None) -> str | None:
    """PostgreSQL's spelling of a default ("'pending'::text") as SQLite keeps it ("'pending'")."""
    return None if default is None else re.sub(r"::[a-z ]+$", "", default)


def holds_an_id(column: str, references: set[str]) -> bool:
    """An id, a reference to one, or a member/round/group id kept without a foreign key."""
    return column in references or column == "id" or column in ("group_id", "member_id")


@pytest.fixture
async def both(postgres_url, tmp_path):
    """(SQLite connection, PostgreSQL connection), both empty."""
    lite = open_sqlite(tmp_path / "schema.db")
    pg = await asyncpg.connect(postgres_url)
    try:
        yield lite, pg
    finally:
        await pg.close()
        lite.close()


async def test_the_migrated_schemas_match(both):
    lite, pg = both
    migrate_sqlite(lite, ALL_VERSIONS)
    await migrate_postgres(pg, ALL_VERSIONS)
    want, got = sqlite_schema(lite), await postgres_schema(pg)

    assert sorted(got["tables"]) == sorted(want["tables"])
    for table, expected in want["tables"].items():
        actual = got["tables"][table]
        refs = {col for cols, *_ in expected["foreign_keys"] for col in cols}
        assert [c[0] for c in actual["columns"]] == [c[0] for c in expected["columns"]], table
        for (name, decl, notnull, default), (_, pg_type, pg_notnull, pg_default, identity) in zip(
            expected["columns"], actual["columns"], strict=True
        ):
            where = f"{table}.{name}"
            assert pg_type in STORAGE_TYPES[decl], where
            assert pg_notnull == notnull, where
            # Ids (and references to them) are bigint; every other integer column is integer,
            # so SUM() over it stays a bigint (a Python int) rather than a numeric.
            if decl == "INTEGER":
                assert pg_type == ("bigint" if holds_an_id(name, refs) else "integer"), where
            # Identity exactly where SQLite's ids are rowids assigned by the database.
            rowid = name == "id" and expected["primary_key"] == ["id"] and decl == "INTEGER"
            assert identity == rowid, where
            assert postgres_default(pg_default) == default, where
        assert actual["primary_key"] == expected["primary_key"], table
        assert actual["unique"] == expected["unique"], table
        assert actual["foreign_keys"] == expected["foreign_keys"], table

    # CHECK constraints: SQLite keeps them only in the CREATE TABLE text; count them there.
    for table, actual in got["tables"].items():
        (create,) = lite.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
        ).fetchone()
        assert actual["checks"] == create.upper().count("CHECK ("), table

    assert got["indexes"] == want["indexes"]
    assert got["triggers"] == want["triggers"]
    assert len(want["triggers"]) == 4  # the leaderboard totals (3) and round_stats (1)


# -- the same writes, the same maintained rows ------------------------------------------------

Step = tuple[str, tuple]


def base_rows(*, scheduled: bool) -> list[Step]:
    """Two groups, four members, rounds over a week and a month boundary: 2026-02-26..03-06,
    one skipped; with `scheduled`, one extra (unscheduled) round."""
    steps: list[Step] = [
        ("INSERT INTO groups (id, platform, external_id, name, created_at)"
         " VALUES (?, 'test', ?, ?, ?)", (g, f"g{g}", f"G{g}", TS))
        for g in (1, 2)
    ]  # fmt: skip
    steps += [
        ("INSERT INTO members (id, platform, external_id, display_name, created_at)"
         " VALUES (?, 'test', ?, ?, ?)", (m, f"m{m}", f"M{m}", TS))
        for m in (1, 2, 3, 4)
    ]  # fmt: skip
    rounds = [  # id, group, date, state, scheduled
        (1, 1, "2026-02-26", "revealed", 1),  # Thursday
        (2, 1, "2026-02-27", "skipped", 1),
        (3, 1, "2026-02-28", "revealed", 0),  # an extra round (Saturday)
        (4, 1, "2026-03-01", "revealed", 1),  # Sunday: new month, same week
        (5, 1, "2026-03-02", "revealed", 1),  # Monday: new week
        (6, 1, "2026-03-03", "revealed", 1),
        (7, 1, "2026-03-05", "revealed", 1),
        (8, 1, "2026-03-06", "posted", 1),
        (9, 2, "2026-03-01", "revealed", 1),
    ]
    for rid, group, day, state, extra in rounds:
        if scheduled:
            steps.append(
                ("INSERT INTO rounds (id, group_id, round_date, question_id, state, opened_at,"
                 " scheduled) VALUES (?, ?, ?, 'q', ?, ?, ?)", (rid, group, day, state, TS, extra))
            )  # fmt: skip
        else:
            steps.append(
                ("INSERT INTO rounds (id, group_id, round_date, question_id, state, opened_at)"
                 " VALUES (?, ?, ?, 'q', ?, ?)", (rid, group, day, state, TS))
            )  # fmt: skip
    return steps


GROUP_OF = {1: 1, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1, 7: 1, 8: 1, 9: 2}
DAY_OF = {1: "2026-02-26", 2: "2026-02-27", 3: "2026-02-28", 4: "2026-03-01", 5: "2026-03-02",
          6: "2026-03-03", 7: "2026-03-05", 8: "2026-03-06", 9: "2026-03-01"}  # fmt: skip

SUBMIT = (
    "INSERT INTO submissions (round_id, member_id, answer, verdict, score, points, submitted_at)"
    " VALUES (?, ?, 'x', ?, ?, ?, ?)"
)
# As SubmissionRepository.record writes the scoring entry (keep="best").
ENTRY_BEST = (
    "INSERT INTO round_scores (round_id, member_id, group_id, round_date, submission_id, verdict,"
    " score, points, submitted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT (round_id, member_id) DO UPDATE SET submission_id = excluded.submission_id,"
    " verdict = excluded.verdict, score = excluded.score, points = excluded.points,"
    " submitted_at = excluded.submitted_at"
    " WHERE excluded.points > round_scores.points"
    " OR (excluded.points = round_scores.points AND excluded.score > round_scores.score)"
)
# As SubmissionRepository.award_vote_points.
VOTE_POINTS = (
    "INSERT INTO round_scores (round_id, member_id, group_id, round_date, verdict, score, points,"
    " vote_points, submitted_at) VALUES (?, ?, ?, ?, 'voted', 0, 0, ?, ?)"
    " ON CONFLICT (round_id, member_id) DO UPDATE SET vote_points = excluded.vote_points"
)


class Writes:
    """Builds the steps; submission ids are the database's own (1, 2, ... on both)."""

    def __init__(self, *, scheduled: bool) -> None:
        self.steps = base_rows(scheduled=scheduled)
        self.submissions = 0

    def answer(self, rid: int, member: int, score: float, points: int) -> None:
        verdict = "correct" if score >= 1.0 else "wrong"
        self.steps.append((SUBMIT, (rid, member, verdict, score, points, TS)))
        self.submissions += 1
        self.steps.append(
            (ENTRY_BEST, (rid, member, GROUP_OF[rid], DAY_OF[rid], self.submissions, verdict,
                          score, points, TS))
        )  # fmt: skip


def live_writes() -> list[Step]:
    """Writes through the triggers of the latest version: answers (improved, not improved),
    sealed entries unsealed at the reveal, vote points, a practice answer, a deleted entry, a
    deleted round, and two submissions of one member stored by one statement."""
    w = Writes(scheduled=True)
    for rid, member, score, points in [
        (1, 1, 1.0, 10), (1, 2, 0.5, 4), (1, 3, 0.0, 0),
        (2, 1, 1.0, 10),  # a skipped round's answer still scores
        (3, 2, 1.0, 8),   # the extra round
        (4, 1, 1.0, 10), (4, 2, 0.5, 5), (4, 1, 0.5, 3),  # 1's second answer is worse
        (4, 3, 0.0, 0), (4, 3, 1.0, 9),  # 3 improves past 1.0: update trigger
        (4, 4, 0.5, 3), (5, 1, 1.0, 10), (5, 2, 1.0, 10), (5, 4, 0.5, 4),
        (6, 1, 1.0, 12), (6, 2, 0.0, 0),
        (7, 2, 1.0, 10), (7, 4, 1.0, 10),
        (8, 1, 0.5, 5),
        (9, 1, 1.0, 7), (9, 4, 0.0, 0),
    ]:  # fmt: skip
        w.answer(rid, member, score, points)
    # Sealed entries in round 7 (kept at 0 'pending'), then unsealed at the reveal.
    for member, score, points in [(1, 1.0, 11), (3, 0.5, 6)]:
        w.steps.append(
            (SUBMIT, (7, member, "correct" if score >= 1 else "wrong", score, points, TS))
        )
        w.submissions += 1
        w.steps.append(
            ("INSERT INTO round_scores (round_id, member_id, group_id, round_date, submission_id,"
             " verdict, score, points, submitted_at) VALUES (?, ?, 1, ?, ?, 'pending', 0, 0, ?)",
             (7, member, DAY_OF[7], w.submissions, TS))
        )  # fmt: skip
    w.steps.append(
        ("UPDATE round_scores SET verdict = (SELECT verdict FROM submissions s"
         " WHERE s.id = round_scores.submission_id), score = (SELECT score FROM submissions s"
         " WHERE s.id = round_scores.submission_id), points = (SELECT points FROM submissions s"
         " WHERE s.id = round_scores.submission_id) WHERE round_id = ? AND verdict = 'pending'",
         (7,))
    )  # fmt: skip
    # Vote points at reveals: for an answer (update path) and for members who never answered.
    for rid, member, points in [(1, 2, 2), (1, 4, 4), (6, 3, 2), (5, 1, 2), (5, 1, 6)]:
        w.steps.append((VOTE_POINTS, (rid, member, GROUP_OF[rid], DAY_OF[rid], points, TS)))
    # A practice answer (after the reveal): a submission without a scoring entry.
    w.steps.append((SUBMIT, (6, 4, "practice", 1.0, 0, TS)))
    w.submissions += 1
    # Two submissions of a member new to the round in one statement: counted once.
    w.steps.append(
        ("INSERT INTO submissions (round_id, member_id, answer, verdict, score, points,"
         " submitted_at) VALUES (?, ?, 'a', 'wrong', 0, 0, ?), (?, ?, 'b', 'wrong', 0, 0, ?)",
         (8, 3, TS, 8, 3, TS))
    )  # fmt: skip
    w.submissions += 2
    # A reopened round drops vote-only entries; a deleted round takes its entries with it.
    w.steps.append(("DELETE FROM round_scores WHERE round_id = ? AND submission_id IS NULL", (1,)))
    w.steps.append(("DELETE FROM rounds WHERE id = ?", (9,)))
    return w.steps


def version_1_writes() -> list[Step]:
    """Plain rows written at version 1 (no triggers yet): what migrations 2..n backfill from."""
    w = Writes(scheduled=False)
    for rid, member, score, points in [
        (1, 1, 1.0, 10), (1, 2, 0.5, 4), (1, 3, 0.0, 0), (1, 3, 1.0, 6),
        (2, 1, 1.0, 10), (3, 2, 1.0, 8),
        (4, 1, 1.0, 10), (4, 2, 0.5, 5), (4, 3, 1.0, 9),
        (4, 4, 0.5, 3), (5, 1, 1.0, 10), (5, 2, 1.0, 10), (5, 4, 0.5, 4),
        (6, 1, 1.0, 12), (6, 2, 0.0, 0), (7, 2, 1.0, 10), (7, 4, 1.0, 10),
        (9, 1, 1.0, 7), (9, 4, 0.0, 0),
    ]:  # fmt: skip
        w.answer(rid, member, score, points)
    w.steps.append((VOTE_POINTS, (1, 4, 1, DAY_OF[1], 4, TS)))
    w.steps.append((VOTE_POINTS, (5, 1, 1, DAY_OF[5], 6, TS)))
    w.steps += [
        ("INSERT INTO votes (round_id, voter_id, author_id, message_ref, created_at)"
         " VALUES (?, ?, ?, ?, ?)", (rid, voter, author, ref, TS))
        for rid, voter, author, ref in [(1, 2, 4, "m1"), (1, 3, 4, "m1"), (5, 2, 1, "m2")]
    ]  # fmt: skip
    return w.steps


def postgres_sql(sql: str) -> str:
    """`?` placeholders (none of these statements has one inside a literal) as $1..$n."""
    numbers = iter(range(1, sql.count("?") + 1))
    return re.sub(r"\?", lambda _: f"${next(numbers)}", sql)


def sqlite_rows(conn: sqlite3.Connection, table: str) -> list[tuple]:
    return sorted(map(tuple, conn.execute(f"SELECT * FROM {table}")), key=repr)


async def postgres_rows(conn: asyncpg.Connection, table: str) -> list[tuple]:
    return sorted(map(tuple, await conn.fetch(f"SELECT * FROM {table}")), key=repr)


@pytest.mark.parametrize("written_at", ["latest", "version 1"])
async def test_the_same_writes_leave_the_same_rows(both, written_at):
    """`latest`: rows written through the triggers; `version 1`: rows written before the
    aggregates existed, backfilled by the later migrations."""
    lite, pg = both
    if written_at == "latest":
        before, after, steps = ALL_VERSIONS, range(0), live_writes()
    else:
        before, after, steps = range(1, 2), range(2, ALL_VERSIONS.stop), version_1_writes()
    migrate_sqlite(lite, before)
    await migrate_postgres(pg, before)
    lite.execute("BEGIN")
    async with pg.transaction():
        for sql, params in steps:
            lite.execute(sql, params)
            await pg.execute(postgres_sql(sql), *params)
    lite.execute("COMMIT")
    migrate_sqlite(lite, after)
    await migrate_postgres(pg, after)

    tables = [
        row[0]
        for row in lite.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    for table in tables:
        assert await postgres_rows(pg, table) == sqlite_rows(lite, table), table

    # The fixture reaches what it is meant to test (so equal rows are not trivially equal).
    totals = sqlite_rows(lite, "score_totals")
    periods = {(period, start) for _, period, start, *_ in totals}
    assert {("week", "2026-02-23"), ("week", "2026-03-02"), ("month", "2026-02-01"),
            ("month", "2026-03-01"), ("all", "")} <= periods  # fmt: skip
    streaks = {row[3]: row[7:] for row in totals if row[1] == "all" and row[0] == 1}
    assert any(current >= 3 for _, current, _ in streaks.values()), streaks
    assert any(longest > current for _, current, longest in streaks.values()), streaks
    assert sqlite_rows(lite, "round_stats")
    if written_at == "latest":
        assert 9 not in {row[0] for row in sqlite_rows(lite, "rounds")}
        assert (8, 2) in sqlite_rows(lite, "round_stats")  # members 1 and 3 (two at once)
