"""FSRS spaced repetition of review cards (the maintained `fsrs` package): day-sized intervals
(no minute learning steps, no fuzzing, so due dates are reproducible), and a graded score as an
FSRS rating: fully correct = Good, partly = Hard, wrong = Again."""

from __future__ import annotations

import json
from datetime import datetime

import fsrs

from bot.storage.reviews import Reviewer

SCHEDULER = fsrs.Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)


def rating_for(score: float) -> fsrs.Rating:
    if score >= 1.0:
        return fsrs.Rating.Good
    return fsrs.Rating.Hard if score > 0 else fsrs.Rating.Again


def reviewer(score: float, now: datetime) -> Reviewer:
    """The FSRS review of a stored card (JSON, or None for a new card) with this answer's score."""
    rating = rating_for(score)

    def review(stored: str | None) -> tuple[str, datetime, int, bool]:
        card = fsrs.Card.from_dict(json.loads(stored)) if stored else fsrs.Card(card_id=0)
        card, _ = SCHEDULER.review_card(card, rating, now)
        return json.dumps(card.to_dict()), card.due, int(rating), rating is fsrs.Rating.Again

    return review
