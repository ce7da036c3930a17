"""Points rules. Pure functions over the configured `ScoringConfig`; documented in the README."""

from __future__ import annotations

from bot.config import ScoringConfig


def submission_points(
    rules: ScoringConfig,
    *,
    difficulty: int,
    score: float,
    first_correct: bool,
    elapsed_fraction: float,
) -> int:
    """Points for one auto-graded submission made before the reveal.

    base = points_by_difficulty[d] x score (partial credit for code: tests passed / total);
    a fully correct answer also earns the speed bonus (linear from `speed_bonus` at the post to 0
    at the reveal) and, if nobody was fully correct before, the first-correct bonus.
    """
    base = rules.points_by_difficulty[max(1, min(3, difficulty)) - 1] * max(0.0, min(1.0, score))
    points = round(base)
    if score >= 1.0:
        remaining = 1.0 - max(0.0, min(1.0, elapsed_fraction))
        points += round(rules.speed_bonus * remaining)
        if first_correct:
            points += rules.first_correct_bonus
    return points


def vote_points(rules: ScoringConfig, votes: int) -> int:
    """Points for peer votes received in one round, capped per member per round."""
    return min(rules.vote_points * max(0, votes), rules.vote_points_cap)
