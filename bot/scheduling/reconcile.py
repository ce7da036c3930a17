"""Finish rounds left in state 'posting': the intent was recorded, the platform post may or may
not have happened, and the process that was posting is gone (crash, SIGKILL, power loss).

The rule, per stuck round:

1. Wait until the round has been 'posting' for ``posting_timeout`` (default 90 s): a younger one
   may still be in flight in this or another process, and finishing it now could double-post.
2. Take the round over with a compare-and-swap on ``opened_at`` (only one reconciler wins, even
   across processes); the new ``opened_at`` restarts the timeout for everyone else.
3. Ask the group's publisher whether the post exists, if it can tell (an optional
   ``find_round_post(group, view) -> PostedRefs | None``, e.g. searching recent channel history
   for the round's post). Found: store its refs, state 'posted', nothing is re-sent.
   Not found, or the publisher cannot tell (the terminal chat, whose old output died with the
   process): publish it now through ``StudyService.publish``.

So the database always ends with exactly one round per (group, local date); on the platform the
post is exactly once where the publisher can look itself up and at least once otherwise.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from bot.core.models import Group, PostedRefs, Round, RoundState

log = logging.getLogger("bot.scheduling")


async def reconcile_posting(
    service: Any, group: Group, rnd: Round, now: datetime, posting_timeout: timedelta
) -> bool:
    """Finish one stuck round if it is ours to finish. True if this call finished it."""
    if rnd.state is not RoundState.POSTING:
        return False
    if now - rnd.opened_at < posting_timeout:
        return False  # may still be in flight; the scheduler looks again later
    if not await service.rounds.take_over_posting(rnd, now):
        log.info("group %s: round %s is being reconciled elsewhere", group.id, rnd.id)
        return False
    fresh = await service.rounds.get(rnd.id) or rnd
    finder = getattr(service.publisher_for(group), "find_round_post", None)
    if finder is not None:
        view = await service.current_round(group.id)
        view = view if view is not None and view.round.id == rnd.id else await service.view(fresh)
        refs: PostedRefs | None = await finder(group, view)
        if refs is not None:
            log.warning(
                "group %s: round %s (%s) was posted before a crash; refs recovered",
                group.id,
                rnd.id,
                rnd.round_date,
            )
            await service.rounds.mark_posted(rnd.id, refs)
            return True
    log.warning(
        "group %s: round %s (%s) was left in 'posting'; publishing it now",
        group.id,
        rnd.id,
        rnd.round_date,
    )
    await service.publish(group, fresh)
    return True


async def stuck_rounds(service: Any) -> list[Round]:
    """Every round still in 'posting', across groups (start-up report)."""
    return [r for r in await service.rounds.unfinished() if r.state is RoundState.POSTING]


async def report_stuck(service: Any, *, orphaned: bool) -> None:
    """Log every round left in 'posting' (start-up); the wakes finish them."""
    try:
        stuck = await stuck_rounds(service)
    except Exception:
        log.exception("could not list unfinished rounds")
        return
    why = "orphaned" if orphaned else "other bot processes are running"
    for rnd in stuck:
        log.warning(
            "group %s: round %s (%s) was left in 'posting' (%s)",
            rnd.group_id,
            rnd.id,
            rnd.round_date,
            why,
        )
