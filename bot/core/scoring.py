"""Points rules. Pure functions over the configured `ScoringConfig`; see README_scoring.md.

One scoring entry per member per round (table round_scores):
- code answers: members may resubmit until the reveal and their best submission counts;
- choice / short answers: the verdict stays hidden until the reveal and the member's *last*
  answer counts (otherwise trying every option in turn would always find the right one);
- open (discussion) answers: scored by peer votes at the reveal;
- answers after the reveal are graded for practice and score nothing.
"""

from __future__ import annotations

from bot.config import ScoringConfig


def streak_bonus(rules: ScoringConfig, streak: int) -> int:
    """Bonus for answering the `streak`-th consecutive round in a row (1 = no run yet):
    `streak_bonus` per round beyond the first, at most `streak_bonus_cap` per round."""
    return min(rules.streak_bonus * max(0, streak - 1), rules.streak_bonus_cap)


def submission_points(
    rules: ScoringConfig,
    *,
    difficulty: int,
    score: float,
    first_correct: bool,
    elapsed_fraction: float,
    streak: int = 1,
) -> int:
    """Points for one submission made before the reveal.

    base = points_by_difficulty[d] x score (partial credit for code: tests passed / total);
    a fully correct answer also earns the speed bonus (linear from `speed_bonus` at the post to 0
    at the reveal) and, if nobody was fully correct before, the first-correct bonus. Every
    answer (right or wrong) in a run of consecutive rounds earns the streak bonus.
    """
    base = rules.points_by_difficulty[max(1, min(3, difficulty)) - 1] * max(0.0, min(1.0, score))
    points = round(base)
    if score >= 1.0:
        remaining = 1.0 - max(0.0, min(1.0, elapsed_fraction))
        points += round(rules.speed_bonus * remaining)
        if first_correct:
            points += rules.first_correct_bonus
    return points + streak_bonus(rules, streak)


def vote_points(rules: ScoringConfig, votes: int) -> int:
    """Points for peer votes received in one round, capped per member per round."""
    return min(rules.vote_points * max(0, votes), rules.vote_points_cap)
