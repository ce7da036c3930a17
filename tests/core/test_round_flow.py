"""The round flow through StudyService: setup in one step, extra rounds and streaks, discussion
messages shared by every process on the database, open answers, the reveal of open questions."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.bank import load_bank
from bot.config import Config
from bot.core import text
from bot.core.errors import InvalidAnswer, InvalidSetting, NotAdmin, RoundSkipped
from bot.core.models import Actor, Group, Verdict
from bot.core.service import StudyService
from bot.storage.db import open_database
from tests.conftest import ManualClock, RecordingPublisher, ScriptedSandbox, group_with, write_bank

OPEN_BANK = """
[[question]]
id = "o.cache.open"
topic = "open"
kind = "open"
difficulty = 2
title = "Caching"
prompt = "When would you cache?"
explanation = "It depends on reads, writes and staleness."
[question.open]
reference = "When reads dominate and staleness is acceptable."
key_points = ["read/write ratio", "invalidation", "staleness budget"]

[[question]]
id = "s.ps.short"
topic = "short"
kind = "short"
difficulty = 1
title = "Processes"
prompt = "Which command lists every process?"
explanation = "ps aux."
[question.short]
accepted = ["ps aux"]
"""


async def names(service: StudyService, *who: str):
    return [await service.ensure_member("test", n.lower(), n) for n in who]


async def admin(service: StudyService) -> Actor:
    return Actor((await names(service, "Admin"))[0], is_admin=True)


# -- /setup in one step ------------------------------------------------------------------------


async def test_setup_saves_the_options_before_the_scheduler_hears_of_the_group(service):
    seen: list[Group] = []
    service.on_schedule_changed(seen.append)
    boss = await admin(service)
    with pytest.raises(NotAdmin):
        await service.setup_group("test", "c1", "#c1", Actor(boss.member), post_time="10:00")
    with pytest.raises(InvalidSetting):
        await service.setup_group("test", "c1", "#c1", boss, post_time="25:00")
    assert await service.find_group("test", "c1") is None and seen == []  # nothing half-made

    group = await service.setup_group(
        "test", "c1", "#c1", boss, notify=False, post_time="10:00", timezone="Asia/Tokyo"
    )
    assert seen == []  # the caller answers first, then applies the schedule
    await service.schedule_changed(group)
    assert [g.settings.schedule.post_time for g in seen] == ["10:00"]
    assert seen[0].settings.schedule.timezone == "Asia/Tokyo"

    again = await service.setup_group("test", "c1", "", boss, weekdays="sat-mon")
    assert again.name == "#c1" and again.settings.schedule.post_time == "10:00"  # kept
    assert again.settings.schedule.weekdays == (0, 5, 6)  # a range across the weekend


# -- extra rounds never break a streak ---------------------------------------------------------


async def streak(service: StudyService, group_id: int, member) -> int:
    return (await service.member_stats(group_id, member)).current_streak


async def test_an_extra_round_on_a_day_off_never_breaks_a_streak(service, clock):
    service.register_publisher(RecordingPublisher())
    group = await group_with(service, "choice")  # posts mon-fri (the default schedule)
    boss = await admin(service)
    ann, bob = await names(service, "Ann", "Bob")
    clock.current = datetime(2026, 3, 5, 9, 0, tzinfo=UTC)  # Thursday
    for _day in ("thu", "fri"):
        assert (await service.post_round(group.id)).round.scheduled
        for who in (ann, bob):
            await service.submit(group.id, who, "B")
        await service.reveal(group.id)
        clock.advance(days=1)
    extra = await service.post_round(group.id, boss)  # Saturday: an admin's extra round
    assert not extra.round.scheduled
    assert "(an extra round)" in text.question_text(extra)
    await service.submit(group.id, ann, "B")  # only Ann answers it
    await service.reveal(group.id)
    assert await streak(service, group.id, bob) == 2  # Bob missed only an extra round
    assert await streak(service, group.id, ann) == 3  # answering it extends Ann's run
    clock.advance(days=2)  # Monday
    await service.post_round(group.id)
    for who in (ann, bob):
        await service.submit(group.id, who, "B")
    await service.reveal(group.id)
    assert (await streak(service, group.id, ann), await streak(service, group.id, bob)) == (4, 3)
    clock.advance(days=1)  # Tuesday: Bob does not answer, so a scheduled round breaks his run
    await service.post_round(group.id)
    await service.submit(group.id, ann, "B")
    await service.reveal(group.id)
    assert (await streak(service, group.id, ann), await streak(service, group.id, bob)) == (5, 0)


# -- discussion messages -----------------------------------------------------------------------


@pytest.fixture
async def open_service(tmp_path, clock: ManualClock):
    db = await open_database(tmp_path / "open.db").open()
    bank = load_bank([write_bank(tmp_path / "open-bank", OPEN_BANK)])
    svc = StudyService(db, bank, ScriptedSandbox(), Config(), clock=clock)
    svc.register_publisher(RecordingPublisher())
    yield svc
    await db.close()


async def test_discussion_messages_are_numbered_per_round_and_votable_from_another_process(
    open_service: StudyService, tmp_path, clock
):
    group = await group_with(open_service, "open")
    ann, bob, cid = await names(open_service, "Ann", "Bob", "Cid")
    await open_service.post_round(group.id)
    first = await open_service.say(group.id, ann, "  It depends on the read ratio.  ")
    assert (first.number, first.body, first.author) == (1, "It depends on the read ratio.", ann)
    with pytest.raises(InvalidAnswer):
        await open_service.say(group.id, ann, "   ")

    # a second process on the same database (or this one after a restart)
    db2 = await open_database(tmp_path / "open.db").open()
    other = StudyService(db2, open_service.bank, ScriptedSandbox(), Config(), clock=clock)
    try:
        second = await other.say(group.id, bob, "Invalidation is the hard part.")
        assert second.number == 2
        assert await other.vote_for(group.id, bob, 1)  # Bob votes for Ann's #1 from there
        assert not await other.vote_for(group.id, bob, 1)  # once
        assert not await other.vote_for(group.id, ann, 1)  # never for yourself
        with pytest.raises(InvalidAnswer, match="#9"):
            await other.vote_for(group.id, cid, 9)
    finally:
        await db2.close()
    assert await open_service.vote_for(group.id, cid, 2)
    assert [m.number for m in await open_service.discussion.for_round(first.round_id)] == [1, 2]


async def test_an_open_answer_is_a_discussion_message_and_the_reveal_shows_key_points(
    open_service: StudyService,
):
    group = await group_with(open_service, "open")
    ann, bob, cid = await names(open_service, "Ann", "Bob", "Cid")
    await open_service.post_round(group.id)
    await open_service.say(group.id, cid, "Let's discuss.")
    receipt = await open_service.submit(group.id, ann, "When reads dominate.")
    assert receipt.verdict is Verdict.PENDING and receipt.discussion == 2
    assert "#2" in receipt.detail
    assert await open_service.vote_for(group.id, bob, 2)
    assert await open_service.vote_for(group.id, cid, 2)
    summary = await open_service.reveal(group.id)
    by_name = {r.member.display_name: r for r in summary.results}
    assert by_name["Ann"].verdict is Verdict.VOTED and by_name["Ann"].votes == 2
    assert by_name["Ann"].points == 2 * Config().scoring.vote_points
    shown = text.reveal_text(summary)
    assert "Key points:" in shown and "invalidation" in shown and "staleness budget" in shown
    assert "pending" not in shown and "Ann: 4 (2 votes)" in shown
    board = await open_service.leaderboard(group.id)
    assert board.entries[0].member == ann


# -- small traps -------------------------------------------------------------------------------


async def test_a_quoted_answer_with_a_final_period_is_graded_as_the_answer(open_service):
    group = await group_with(open_service, "short")
    ann, bob, cid = await names(open_service, "Ann", "Bob", "Cid")
    await open_service.post_round(group.id)
    for who, answer in ((ann, "`ps aux`."), (bob, '"ps aux".'), (cid, "`ps -ef`.")):
        await open_service.submit(group.id, who, answer)
    summary = await open_service.reveal(group.id)
    verdicts = {r.member.display_name: r.verdict for r in summary.results}
    assert verdicts == {"Ann": Verdict.CORRECT, "Bob": Verdict.CORRECT, "Cid": Verdict.WRONG}


async def test_after_a_skip_nothing_is_revealed_and_no_old_question_is_shown(service, clock):
    service.register_publisher(RecordingPublisher())
    group = await group_with(service, "choice")
    boss = await admin(service)
    await service.post_round(group.id)
    await service.reveal(group.id)
    clock.advance(days=1)
    await service.skip_today(group.id, boss)
    for attempt in (
        service.reveal(group.id, boss),
        service.question_round(group.id),
        service.submit(group.id, boss.member, "B"),
    ):
        with pytest.raises(RoundSkipped, match="Tue 03 Mar was skipped"):
            await attempt
