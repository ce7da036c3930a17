"""The storage interface's own rules: placeholder rewriting for PostgreSQL, and what a write may
await on SQLite (only its transaction)."""

from __future__ import annotations

import asyncio

import pytest

from bot.storage.db import open_database
from bot.storage.sql import bind, to_dollar


def test_placeholders_become_dollar_numbers_outside_strings_and_casts() -> None:
    sql = "SELECT ':x', ?, a::text, 'it''s ?' FROM t WHERE b = ? -- ?\n"
    assert to_dollar(sql) == (
        "SELECT ':x', $1, a::text, 'it''s ?' FROM t WHERE b = $2 -- ?\n",
        None,
    )


def test_a_repeated_name_is_one_parameter() -> None:
    statement, args = bind("SELECT * FROM t WHERE g = :g AND m = :m OR h = :g", {"m": 2, "g": 1})
    assert statement == "SELECT * FROM t WHERE g = $1 AND m = $2 OR h = $1"
    assert args == [1, 2]


def test_mixed_or_mismatched_placeholders_are_refused() -> None:
    with pytest.raises(ValueError, match="mixes"):
        to_dollar("SELECT ? WHERE a = :a")
    with pytest.raises(ValueError, match="mapping"):
        bind("SELECT :a", (1,))
    with pytest.raises(ValueError, match="named parameters"):
        bind("SELECT ?", {"a": 1})


async def test_a_sqlite_write_that_awaits_something_else_is_refused_and_undone(tmp_path) -> None:
    db = await open_database(tmp_path / "w.db").open()

    async def work(tx):
        await tx.execute(
            "INSERT INTO groups (platform, external_id, name, created_at)"
            " VALUES ('t', 'x', 'x', '2026-01-01T00:00:00+00:00')"
        )
        await asyncio.sleep(0)  # would need the event loop, which the writer thread does not have

    try:
        with pytest.raises(RuntimeError, match="awaited something other than its transaction"):
            await db.write(work)
        assert await db.fetchval("SELECT COUNT(*) FROM groups") == 0
        assert await db.write(lambda tx: tx.execute("DELETE FROM groups")) == 0  # still usable
    finally:
        await db.close()
