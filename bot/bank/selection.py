"""Fair, deterministic choice of a group's next question.

Rules: no repeat until the group has seen every candidate (a *cycle*); within what is unseen, a
difficulty is drawn with the group's relative weights for difficulty 1/2/3 (falling back to whatever
difficulties are left); the draw is seeded, so the same inputs always give the same question.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence

from bot.bank.model import Question


def unseen_in_cycle(candidates: Sequence[Question], history: Sequence[str]) -> list[Question]:
    """Candidates not asked since the group last covered the whole candidate set.

    `history` holds the group's past question ids, oldest first; ids outside the candidates (other
    topics, removed questions) are ignored. Never empty unless `candidates` is.
    """
    ids = {q.id for q in candidates}
    seen: set[str] = set()
    for qid in history:
        if qid in ids:
            seen.add(qid)
            if len(seen) == len(ids):
                seen.clear()  # a full cycle ended: everything is new again
    return [q for q in candidates if q.id not in seen]


def seeded_rng(seed: str) -> random.Random:
    """A random generator that gives the same sequence for the same seed, in every process."""
    digest = hashlib.sha256(seed.encode("utf-8")).digest()
    return random.Random(int.from_bytes(digest, "big"))


def choose_question(
    candidates: Sequence[Question],
    history: Sequence[str],
    difficulty_mix: tuple[int, int, int] = (1, 1, 1),
    seed: str = "",
) -> Question:
    """Pick the next question for a group (see the module docstring). Raises ValueError if empty."""
    if not candidates:
        raise ValueError("no candidate questions")
    by_id = {q.id: q for q in candidates}  # a duplicate id counts once
    pool = sorted(unseen_in_cycle(list(by_id.values()), history), key=lambda q: q.id)
    if history:
        # Avoid asking yesterday's question again right after a cycle restarts.
        fresh = [q for q in pool if q.id != history[-1]]
        pool = fresh or pool
    rng = seeded_rng(seed)
    levels = sorted({q.difficulty for q in pool})
    weights = [max(0.0, float(_weight(difficulty_mix, d))) for d in levels]
    if sum(weights) <= 0:
        weights = [1.0] * len(levels)  # the mix wants none of what is left: take what is left
    level = rng.choices(levels, weights=weights, k=1)[0]
    return rng.choice([q for q in pool if q.difficulty == level])


def _weight(mix: Sequence[float], difficulty: int) -> float:
    index = difficulty - 1
    return mix[index] if 0 <= index < len(mix) else 0.0
