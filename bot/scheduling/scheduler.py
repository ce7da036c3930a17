"""Drive each group's daily rounds from the database with APScheduler 3.x in the bot's event loop.

The rounds table is the durable truth; the scheduler's memory is only a plan. Each group has one
APScheduler job (a DateTrigger) armed at the group's next *wake*: the earliest of its next post,
its open round's reminder and its open round's reveal. A wake (``RoundScheduler.wake``) looks at
the database and the clock and does whatever is due, in this order:

1. a round stuck in ``posting`` (the process died mid-post) is reconciled (see ``reconcile.py``);
2. an overdue reveal is made (also the case at start-up after downtime);
3. the latest scheduled post, if its local date has no round yet, is posted - late if it is at most
   ``grace_seconds`` overdue, otherwise skipped and logged;
4. a reminder that is due (at most ``reminder_window_seconds`` ago) is sent, once per process;

then re-arms the job. Start-up is just "wake every group". A periodic sweep wakes every group too,
so groups created or schedules changed by another process are picked up. Every action goes
through the service, which is idempotent per (group, local date), so two wakes, two processes or a
restart cannot double a round. Exceptions are logged and retried after ``retry_seconds``; they never
stop the scheduler.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.core.errors import StudyError
from bot.core.models import Group, Round, RoundState
from bot.core.ports import Clock, SystemClock
from bot.scheduling import times
from bot.scheduling.presence import Presence
from bot.scheduling.reconcile import reconcile_posting, report_stuck

log = logging.getLogger("bot.scheduling")

SWEEP_JOB_ID = "sweep"


def _job_id(group_id: int) -> str:
    return f"group-{group_id}"


class RoundScheduler:
    def __init__(
        self,
        service: Any,
        clock: Clock | None = None,
        grace_seconds: float = 1800,
        *,
        reminder_window_seconds: float = 300,
        posting_timeout_seconds: float = 90,
        retry_seconds: float = 60,
        sweep_seconds: float = 300,
    ) -> None:
        self.service = service
        self.clock = clock or SystemClock()
        self.grace = timedelta(seconds=grace_seconds)
        self.reminder_window = timedelta(seconds=reminder_window_seconds)
        self.retry = timedelta(seconds=retry_seconds)
        self.posting_timeout = timedelta(seconds=posting_timeout_seconds)
        self.sweep_seconds = sweep_seconds
        self._aps = AsyncIOScheduler(timezone=UTC)
        self._planned: dict[int, datetime] = {}
        self._locks: dict[int, asyncio.Lock] = {}
        self._reminded: set[int] = set()  # round ids reminded by this process
        self._skip_logged: set[tuple[int, date]] = set()
        self._listening = False
        self._presence = Presence(getattr(service, "db", None))
        self._orphaned_before: datetime | None = None  # 'posting' rounds older are orphans

    # lifecycle -------------------------------------------------------------------------------

    async def start(self) -> None:
        """Catch up with the database, then run jobs in the current event loop."""
        if await self._presence.join():
            # no other bot process uses this database: a round in 'posting' is an orphan
            self._orphaned_before = self.clock.now()
        await report_stuck(self.service, orphaned=self._orphaned_before is not None)
        self.listen()
        await self.catch_up()
        self._aps.start()
        for group_id, at in self._planned.items():
            self._add_job(group_id, at)
        self._aps.add_job(
            self.catch_up,
            IntervalTrigger(seconds=self.sweep_seconds, timezone=UTC),
            id=SWEEP_JOB_ID,
            replace_existing=True,
            coalesce=True,
            misfire_grace_time=None,
        )

    async def stop(self) -> None:
        if self._aps.running:
            self._aps.shutdown(wait=False)
            await asyncio.sleep(0)  # AsyncIOScheduler shuts down via call_soon
        await self._presence.leave()

    @property
    def running(self) -> bool:
        return self._aps.running

    def planned(self, group_id: int) -> datetime | None:
        """When this group's job will next wake (UTC), or None if nothing is planned."""
        return self._planned.get(group_id)

    def listen(self) -> None:
        """Hook into the service: a schedule change re-plans that group at once (idempotent)."""
        if not self._listening:
            self.service.on_schedule_changed(self._on_schedule_changed)
            self._listening = True

    async def _on_schedule_changed(self, group: Group) -> None:
        log.info("schedule of group %s changed; rescheduling", group.id)
        await self.wake(group.id)

    # waking ----------------------------------------------------------------------------------

    async def catch_up(self) -> None:
        """Wake every group (start-up and periodic sweep). One failing group never stops others."""
        try:
            groups = await self.service.list_groups()
        except Exception:
            log.exception("could not list groups")
            return
        for group in groups:
            await self.wake(group.id)

    async def wake(self, group_id: int) -> datetime | None:
        """Do what is due for this group now, then arm its next wake. Returns that instant."""
        lock = self._locks.setdefault(group_id, asyncio.Lock())
        async with lock:
            now = self.clock.now()
            try:
                group = await self.service.get_group(group_id)
            except LookupError:
                return self._arm(group_id, None)  # the group is gone
            except Exception:
                log.exception("group %s: could not load; retrying later", group_id)
                return self._arm(group_id, now + self.retry)
            ok = await self._do_due(group, now)
            at = await self._next_wake(group, now)
            if not ok:
                at = min(at, now + self.retry) if at else now + self.retry
            return self._arm(group_id, at)

    async def _do_due(self, group: Group, now: datetime) -> bool:
        steps: list[tuple[str, Callable[[Group, datetime], Awaitable[None]]]] = [
            ("reconcile", self._reconcile),
            ("reveal", self._reveal_overdue),
            ("post", self._post_if_due),
            ("remind", self._remind_if_due),
        ]
        ok = True
        for name, step in steps:
            try:
                await step(group, now)
            except StudyError as error:  # e.g. already revealed by an admin or another process
                log.info("group %s: %s not done: %s", group.id, name, error)
            except Exception:
                ok = False
                log.exception("group %s: %s failed; will retry", group.id, name)
        return ok

    async def _current(self, group: Group) -> Round | None:
        view = await self.service.current_round(group.id)
        return view.round if view is not None else None

    async def _round_on(self, group: Group, day: date) -> Round | None:
        """The round of (group, local date) in any state, skipped included."""
        return await self.service.rounds.for_date(group.id, day)

    def _reveal_at(self, group: Group, rnd: Round) -> datetime:
        if rnd.reveal_due is not None:
            return rnd.reveal_due
        return times.reveal_instant(group.settings.schedule, rnd.round_date, rnd.opened_at)

    async def _reconcile(self, group: Group, now: datetime) -> None:
        rnd = await self._current(group)
        if rnd is not None and rnd.state is RoundState.POSTING:
            orphan = self._orphaned_before is not None and rnd.opened_at <= self._orphaned_before
            timeout = timedelta(0) if orphan else self.posting_timeout
            await reconcile_posting(self.service, group, rnd, now, timeout)

    async def _reveal_overdue(self, group: Group, now: datetime) -> None:
        rnd = await self._current(group)
        if (
            rnd is not None
            and rnd.state is RoundState.POSTED
            and self._reveal_at(group, rnd) <= now
        ):
            log.info("group %s: revealing round %s (%s)", group.id, rnd.id, rnd.round_date)
            await self.service.reveal(group.id)

    async def _post_if_due(self, group: Group, now: datetime) -> None:
        missed = times.missed_post(group.settings.schedule, now, self.grace)
        if missed is None:
            return
        if await self._round_on(group, missed.day) is not None:
            return  # that date already has its round (possibly skipped by an admin)
        if missed.action is times.MissedAction.POST_LATE:
            rnd = await self._current(group)
            if rnd is not None and rnd.state is RoundState.POSTED and rnd.round_date < missed.day:
                # the answer window ends at the latest when the next question comes
                log.info("group %s: revealing round %s before the next post", group.id, rnd.id)
                await self.service.reveal(group.id)
            if missed.late_by > timedelta(seconds=60):
                log.warning("group %s: posting %s late by %s", group.id, missed.day, missed.late_by)
            await self.service.post_round(group.id, on_date=missed.day)
        elif (group.id, missed.day) not in self._skip_logged:
            self._skip_logged.add((group.id, missed.day))
            log.warning(
                "group %s: skipped the post of %s: missed by %s (grace %s)",
                group.id,
                missed.day,
                missed.late_by,
                self.grace,
            )

    async def _remind_if_due(self, group: Group, now: datetime) -> None:
        rnd = await self._current(group)
        if rnd is None or rnd.state is not RoundState.POSTED or rnd.id in self._reminded:
            return
        if rnd.reminded_at is not None:  # sent before (by this or another process)
            return
        reveal_at = self._reveal_at(group, rnd)
        at = times.reminder_instant(group.settings.schedule, rnd.opened_at, reveal_at)
        if at is None or not (at <= now < reveal_at):
            return
        self._reminded.add(rnd.id)
        if now - at <= self.reminder_window:
            await self.service.remind(group.id)
        else:
            log.info("group %s: reminder of round %s is stale; not sent", group.id, rnd.id)

    async def _next_wake(self, group: Group, now: datetime) -> datetime | None:
        schedule = group.settings.schedule
        candidates = [times.next_post(schedule, now)]
        try:
            rnd = await self._current(group)
        except Exception:
            log.exception("group %s: could not read the current round", group.id)
            return now + self.retry
        if rnd is not None and rnd.state is RoundState.POSTING:
            candidates.append(max(rnd.opened_at + self.posting_timeout, now + timedelta(seconds=1)))
        if rnd is not None and rnd.state is RoundState.POSTED:
            reveal_at = self._reveal_at(group, rnd)
            # still open although due: the reveal failed or was refused; look again later
            candidates.append(reveal_at if reveal_at > now else now + self.retry)
            remind_at = times.reminder_instant(schedule, rnd.opened_at, reveal_at)
            if (
                remind_at is not None
                and remind_at > now
                and rnd.id not in self._reminded
                and rnd.reminded_at is None
            ):
                candidates.append(remind_at)
        found = [c for c in candidates if c is not None]
        return min(found) if found else None

    # APScheduler glue ------------------------------------------------------------------------

    def _arm(self, group_id: int, at: datetime | None) -> datetime | None:
        if at is None:
            self._planned.pop(group_id, None)
            if self._aps.running and self._aps.get_job(_job_id(group_id)):
                self._aps.remove_job(_job_id(group_id))
            return None
        self._planned[group_id] = at
        if self._aps.running:
            self._add_job(group_id, at)
        return at

    def _add_job(self, group_id: int, at: datetime) -> None:
        # A clock that runs apart from the system's (the terminal's demo clock) says when the
        # system clock, which APScheduler's timers follow, reaches `at`.
        system_time = getattr(self.clock, "system_time", None)
        self._aps.add_job(
            self._fire,
            DateTrigger(run_date=system_time(at) if system_time else at, timezone=UTC),
            args=(group_id,),
            id=_job_id(group_id),
            replace_existing=True,
            misfire_grace_time=None,  # always run; the wake itself decides late vs skip
            coalesce=True,
        )

    async def _fire(self, group_id: int) -> None:
        try:
            await self.wake(group_id)
        except Exception:  # belt and braces: wake already logs per step
            log.exception("group %s: wake failed", group_id)
