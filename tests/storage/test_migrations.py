"""Numbered migrations: fresh databases, upgrades from older versions, pragmas."""

from __future__ import annotations

import pytest

from bot.storage.db import open_database
from bot.storage.versions import migrations


def test_migrations_are_numbered_without_gaps():
    versions = [version for version, _, _ in migrations()]
    assert versions == list(range(1, len(versions) + 1))


async def test_fresh_database_is_at_the_latest_version_with_wal_and_foreign_keys(tmp_path):
    db = await open_database(tmp_path / "fresh.db").open()
    assert await db.version() == len(migrations())
    assert (await db.fetchone("PRAGMA journal_mode"))[0] == "wal"
    assert (await db.fetchone("PRAGMA foreign_keys"))[0] == 1
    await db.close()


async def test_a_version_1_database_with_data_upgrades_cleanly(tmp_path):
    path = tmp_path / "old.db"
    old = await open_database(path).open(migrate=False)
    assert await old.migrate(target=1) == 1

    async def seed(tx):
        await tx.execute(
            "INSERT INTO groups (platform, external_id, name, created_at)"
            " VALUES ('terminal', 'local', 'local', '2026-01-01T00:00:00+00:00')"
        )
        await tx.execute(
            "INSERT INTO rounds (group_id, round_date, question_id, state, opened_at)"
            " VALUES (1, '2026-01-01', 'python.gil.check', 'posted', '2026-01-01T09:00:00+00:00')"
        )

    await old.write(seed)
    await old.close()

    upgraded = await open_database(path).open()
    assert await upgraded.version() == len(migrations())
    row = await upgraded.fetchone("SELECT question_id, state FROM rounds WHERE group_id = 1")
    assert tuple(row) == ("python.gil.check", "posted")
    await upgraded.close()


async def test_a_failed_write_is_rolled_back(database_target):
    db = await open_database(database_target).open()

    async def work(tx):
        await tx.execute(
            "INSERT INTO groups (platform, external_id, name, created_at)"
            " VALUES ('t', 'x', 'x', '2026-01-01T00:00:00+00:00')"
        )
        raise RuntimeError("boom")

    try:
        with pytest.raises(RuntimeError, match="boom"):
            await db.write(work)
        assert await db.fetchval("SELECT COUNT(*) FROM groups") == 0
    finally:
        await db.close()


async def test_foreign_keys_are_enforced(database_target):
    db = await open_database(database_target).open()
    try:
        with pytest.raises(Exception, match=r"(?i)foreign key"):
            await db.execute(
                "INSERT INTO rounds (group_id, round_date, question_id, state, opened_at)"
                " VALUES (99, '2026-01-01', 'q', 'posted', '2026-01-01T09:00:00+00:00')"
            )
        assert await db.fetchval("SELECT COUNT(*) FROM rounds") == 0
    finally:
        await db.close()


async def test_processes_opening_a_new_database_at_once_migrate_it_once(database_target):
    import asyncio

    databases = [open_database(database_target) for _ in range(4)]
    opening = asyncio.gather(*(db.open() for db in databases))  # four connections at once
    await asyncio.wait_for(opening, timeout=30)
    for db in databases:
        assert await db.version() == len(migrations(db.dialect))
        await db.close()


def test_statements_are_split_whole():
    from bot.storage.versions import split_statements

    sql = (
        "-- comment\nCREATE TABLE a (x TEXT DEFAULT ';');\n"
        "CREATE TRIGGER t AFTER INSERT ON a BEGIN\n  UPDATE a SET x = 'y;';\nEND;\n-- tail\n"
    )
    parts = split_statements(sql)
    assert len(parts) == 2 and parts[1].startswith("CREATE TRIGGER") and parts[1].endswith("END;")


async def test_a_new_database_and_its_wal_are_private_to_their_owner(tmp_path):
    """Sealed answers live in the file: a new one is 0600 whatever the umask; SQLite gives the
    -wal and -shm files the same mode. An existing file keeps the mode its owner chose."""
    path = tmp_path / "private.db"
    db = await open_database(path).open()
    await db.fetchone("SELECT 1")
    modes = {p.name: p.stat().st_mode & 0o777 for p in tmp_path.iterdir()}
    await db.close()
    assert modes["private.db"] == 0o600
    assert all(mode == 0o600 for mode in modes.values()), modes
    shared = tmp_path / "shared.db"
    await (await open_database(shared).open()).close()
    shared.chmod(0o640)
    reopened = await open_database(shared).open()
    await reopened.close()
    assert shared.stat().st_mode & 0o777 == 0o640
