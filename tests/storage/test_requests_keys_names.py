"""Processed requests, the bot's keys and per-group names (migration 0005), on each backend (a
SQLite file; a PostgreSQL database), with two connections standing for two bot processes sharing
the database."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from bot.storage.db import open_database
from bot.storage.keys import SIGNING_KEY_ENV, signing_key
from bot.storage.names import NameRepository
from bot.storage.requests import RequestLog

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TTL = timedelta(hours=1)


async def test_a_request_is_claimed_once_across_processes(database_target):
    first, second = open_database(database_target), open_database(database_target)
    await first.open()
    await second.open()
    try:
        logs = [RequestLog(first), RequestLog(second)]
        results = await asyncio.gather(
            *(logs[i % 2].claim(["slack:event:Ev1"], NOW, TTL) for i in range(10))
        )
        assert results.count(True) == 1
        # any key of a request already handled makes it a replay
        assert await logs[1].claim(["slack:body:abc", "slack:trigger:t1"], NOW, TTL)
        assert not await logs[0].claim(["slack:body:other", "slack:trigger:t1"], NOW, TTL)
        assert not await logs[0].claim(["slack:body:abc"], NOW, TTL)
        assert await logs[0].claim(["slack:body:other"], NOW, TTL), "a refused claim stores nothing"
    finally:
        await first.close()
        await second.close()


async def test_claims_expire_and_are_purged(database_target):
    db = await open_database(database_target).open()
    try:
        log = RequestLog(db)
        assert await log.claim(["k"], NOW, TTL)
        assert not await log.claim(["k"], NOW + TTL - timedelta(seconds=1), TTL)
        assert await log.claim(["k"], NOW + TTL, TTL), "expired: a new request"
        for i in range(300):  # sweeps of expired keys keep the table small
            await log.claim([f"x{i}"], NOW + timedelta(days=i), TTL)
        assert await log.count() < 250
        assert await log.claim([], NOW, TTL) and await log.claim([""], NOW, TTL)
    finally:
        await db.close()


async def test_the_signing_key_is_generated_once_and_shared(database_target):
    first, second = open_database(database_target), open_database(database_target)
    await first.open()
    await second.open()
    try:
        keys = await asyncio.gather(
            signing_key(first, NOW, env={}), signing_key(second, NOW, env={})
        )
        assert keys[0] == keys[1] and len(keys[0]) == 32
        assert await signing_key(first, NOW, env={}) == keys[0], "kept in the database"
        given = "k" * 20
        assert await signing_key(first, NOW, env={SIGNING_KEY_ENV: given}) == given.encode()
        assert await signing_key(first, NOW, env={SIGNING_KEY_ENV: "short"}) == keys[0]
    finally:
        await first.close()
        await second.close()


async def test_names_are_kept_per_group(database_target):
    db = await open_database(database_target).open()
    try:
        ts = NOW.isoformat()
        for sql, args in (
            ("INSERT INTO groups (id, platform, external_id, created_at) VALUES (?, 'd', ?, ?)",
             [(1, "a", ts), (2, "b", ts)]),
            ("INSERT INTO members (id, platform, external_id, display_name, created_at)"
             " VALUES (?, 'd', ?, ?, ?)", [(7, "u7", "Global", ts)]),
        ):  # fmt: skip
            await db.write(lambda tx, sql=sql, args=args: tx.executemany(sql, args))
        names = NameRepository(db)
        await names.remember(1, 7, "Nick A")
        await names.remember(2, 7, "job hunting")
        await names.remember(1, 7, "Nick A2")
        assert await names.for_group(1, [7, 8]) == {7: "Nick A2"}
        assert await names.for_group(2, [7]) == {7: "job hunting"}
        assert await names.for_group(3, [7]) == {} and await names.for_group(1, []) == {}
    finally:
        await db.close()
