"""Reads of `studybot export` (bot.export): every scoring entry of a group with its round and
member, oldest round first."""

from __future__ import annotations

from typing import Any

from bot.storage.db import Database

_ENTRIES = """
SELECT r.round_date, r.id AS round_id, r.question_id, r.state AS round_state,
       m.id AS member_id, m.display_name AS member, m.platform, m.external_id,
       s.verdict, s.score, s.points, s.vote_points, s.points + s.vote_points AS total,
       s.submitted_at
FROM round_scores s
JOIN rounds r ON r.id = s.round_id
JOIN members m ON m.id = s.member_id
WHERE s.group_id = ?
ORDER BY r.round_date, r.id, s.points + s.vote_points DESC, m.display_name, m.id
"""


async def scoring_entries(db: Database, group_id: int) -> list[dict[str, Any]]:
    """One dict per (member, round) scoring entry of the group, keyed by bot.export's columns;
    numbers as int (ids, points) and float (score)."""
    entries = []
    for row in await db.fetchall(_ENTRIES, (group_id,)):
        entry = dict(row)
        entry["score"] = float(entry["score"])
        entries.append(entry)
    return entries
