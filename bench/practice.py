"""Choosing a member's next practice question with 10,000 review records.

    python bench/practice.py             # 10,000 review cards, 12,000 questions, 300 choices each
    python bench/practice.py --cards N --runs R

Builds a SQLite database through the real migrations, a bank of 12,000 choice questions over 12
topics, and one member with N review cards (FSRS cards reviewed once, due dates spread over the
past and the next 60 days, topic counts to match) plus a few open rounds in other groups. Then
times `StudyService.practice.choose` (the read behind /practice) in three situations:

- due: reviews are due (the most overdue usable one is taken);
- new: nothing due, so an unseen question from the weakest topic;
- ahead: nothing due and nothing unseen in the topics, so the review due soonest;

and prints p50 / p99 / max in milliseconds ("cold": each choice without the in-memory sets of a
member's seen questions per topic, as the first /practice after a start). The goal: p50 < 5 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import fsrs

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.bank import QuestionBank
from bot.bank.model import ChoiceSpec, Kind, Question
from bot.config import Config
from bot.core.practice import SCHEDULER
from bot.core.service import StudyService
from bot.storage.db import open_database
from bot.storage.timeutil import to_db

TOPICS = [f"topic{i:02d}" for i in range(12)]
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.current = NOW

    def now(self) -> datetime:
        return self.current


def bank(size: int) -> QuestionBank:
    spec = ChoiceSpec(options=("A", "B", "C"), correct=frozenset({1}))
    return QuestionBank(
        Question(
            id=f"bench.{TOPICS[i % len(TOPICS)]}.{i:05d}",
            topic=TOPICS[i % len(TOPICS)],
            kind=Kind.CHOICE,
            difficulty=1 + i % 3,
            title=f"Question {i}",
            prompt="Pick B.",
            explanation="B.",
            spec=spec,
        )
        for i in range(size)
    )


def card_json(rating: fsrs.Rating, reviewed: datetime) -> tuple[str, datetime]:
    card, _ = SCHEDULER.review_card(fsrs.Card(card_id=0), rating, reviewed)
    return json.dumps(card.to_dict()), card.due


async def fill(service: StudyService, member_id: int, ids: list[str], due_shift: float) -> None:
    """`ids` reviewed once each; due dates from NOW - due_shift days to 60 days later."""
    rng = random.Random(7)
    templates = {r: card_json(r, NOW) for r in (fsrs.Rating.Again, fsrs.Rating.Good)}
    cards, counts = [], {}
    for qid in ids:
        topic = qid.split(".")[1]
        rating = rng.choice((fsrs.Rating.Again, fsrs.Rating.Good, fsrs.Rating.Good))
        due = NOW + timedelta(days=rng.uniform(-due_shift, 60))
        cards.append((member_id, qid, topic, templates[rating][0], to_db(due), 1, 0))
        answered, right = counts.get(topic, (0, 0))
        counts[topic] = (answered + 1, right + (rating is fsrs.Rating.Good))

    async def work(tx) -> None:
        await tx.execute("DELETE FROM review_cards WHERE member_id = ?", (member_id,))
        await tx.execute("DELETE FROM topic_mastery WHERE member_id = ?", (member_id,))
        await tx.executemany(
            "INSERT INTO review_cards (member_id, question_id, topic, card, due, reviews, lapses)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            cards,
        )
        await tx.executemany(
            "INSERT INTO topic_mastery (member_id, topic, answered, correct, score_sum)"
            " VALUES (?, ?, ?, ?, ?)",
            [(member_id, t, a, c, float(c)) for t, (a, c) in counts.items()],
        )

    await service.db.write(work)


async def timed(
    service: StudyService, member, runs: int, cold: bool = False
) -> tuple[list[float], str]:
    """`runs` choices; `cold`: without the in-memory sets of seen questions (a first call)."""
    samples, reason = [], ""
    for _ in range(runs):
        if cold:
            service.practice._seen_cache.clear()
        start = time.perf_counter()
        chosen = await service.practice.choose(member)
        samples.append((time.perf_counter() - start) * 1000)
        reason = chosen.reason
    return samples, reason


def line(name: str, samples: list[float], reason: str) -> str:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return (
        f"{name:<6} ({reason:<6}) p50 {statistics.median(ordered):6.2f} ms   "
        f"p99 {p99:6.2f} ms   max {ordered[-1]:6.2f} ms"
    )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument("--questions", type=int, default=12_000)
    parser.add_argument("--runs", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = await open_database(Path(folder) / "bench.db").open()
        service = StudyService(db, bank(args.questions), None, Config(), clock=Clock())  # type: ignore[arg-type]
        member = await service.ensure_member("bench", "m1", "Bench")
        all_ids = [q.id for q in service.bank.questions]

        async def rounds(tx) -> None:  # a few open rounds elsewhere: their questions are skipped
            for g in range(5):
                await tx.execute(
                    "INSERT INTO groups (platform, external_id, name, created_at)"
                    " VALUES ('bench', ?, '', ?)",
                    (f"g{g}", to_db(NOW)),
                )
                await tx.execute(
                    "INSERT INTO rounds (group_id, round_date, question_id, state, opened_at)"
                    " VALUES (?, '2026-03-02', ?, 'posted', ?)",
                    (g + 1, all_ids[g], to_db(NOW)),
                )

        await db.write(rounds)
        print(
            f"{args.cards:,} review cards for one member, {len(all_ids):,} questions in "
            f"{len(TOPICS)} topics, {args.runs} choices per situation"
        )
        await fill(service, member.id, all_ids[: args.cards], due_shift=30)
        print(line("due", *await timed(service, member, args.runs)))
        await fill(service, member.id, all_ids[: args.cards], due_shift=-1)
        print(line("new", *await timed(service, member, args.runs)))
        print(line("cold", *await timed(service, member, args.runs, cold=True)))
        # a bank of just the questions with cards: every one is seen
        seen_all = StudyService(db, bank(args.cards), None, Config(), clock=Clock())  # type: ignore[arg-type]
        print(line("ahead", *await timed(seen_all, member, args.runs)))
        print(line("cold", *await timed(seen_all, member, args.runs, cold=True)))
        await db.close()


if __name__ == "__main__":
    asyncio.run(main())
