"""Keys the bot keeps for itself (migration 0005), e.g. the HMAC key that signs data the bot
round-trips through a platform (Slack modal metadata).

`signing_key` returns the key given in the environment (`STUDYBOT_SIGNING_KEY`, any text of at
least 16 characters), else the one stored in the database, generating it (32 random bytes) the
first time: every process sharing the database gets the same key.
"""

from __future__ import annotations

import logging
import os
import secrets
from collections.abc import Mapping
from datetime import datetime

from bot.storage.db import Database
from bot.storage.timeutil import to_db

log = logging.getLogger(__name__)
SIGNING_KEY_ENV = "STUDYBOT_SIGNING_KEY"
MIN_ENV_KEY_CHARS = 16


async def signing_key(
    db: Database, now: datetime, env: Mapping[str, str] | None = None, name: str = "signing"
) -> bytes:
    env = os.environ if env is None else env
    given = env.get(SIGNING_KEY_ENV, "")
    if len(given) >= MIN_ENV_KEY_CHARS:
        return given.encode()
    if given:
        log.warning("%s is shorter than %d characters: ignored", SIGNING_KEY_ENV, MIN_ENV_KEY_CHARS)
    fresh = secrets.token_bytes(32)
    await db.execute(
        "INSERT INTO bot_keys (name, value, created_at) VALUES (?, ?, ?)"
        " ON CONFLICT (name) DO NOTHING",
        (name, fresh, to_db(now)),
    )
    row = await db.fetchone("SELECT value FROM bot_keys WHERE name = ?", (name,))
    assert row is not None
    return bytes(row["value"])
