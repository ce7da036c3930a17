"""Personal practice in the core: FSRS review cards moved by practice answers and daily-round
results, due dates over days (a manual clock), privacy (nothing reaches a round or a board),
weakest topics first, and the mastery chart."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from bot.bank import load_bank
from bot.config import Config
from bot.core.models import Actor, Period, Verdict
from bot.core.practice import NoPractice
from bot.core.service import StudyService
from bot.storage.db import open_database
from bot.storage.timeutil import to_db
from tests.banks import choice_question, open_question, short_question
from tests.conftest import ManualClock, RecordingPublisher, ScriptedSandbox, write_bank

BANK = (
    choice_question("p.letters.b", "letters")
    + choice_question("p.letters.c", "letters", title="Pick C",
                      prompt="Which letter is the third one?", explanation="C.", correct="C")
    + short_question("p.maths.four", "maths")
    + short_question("p.maths.six", "maths", title="Sum again", prompt="What is 3 + 3?",
                     explanation="Six.", accepted=("6", "six"))
    + open_question("p.talk.open", "talk")
)  # fmt: skip
RIGHT = {"p.letters.b": "B", "p.letters.c": "C", "p.maths.four": "4", "p.maths.six": "6"}
WRONG = {"p.letters.b": "A", "p.letters.c": "A", "p.maths.four": "5", "p.maths.six": "7"}


@pytest.fixture
async def svc(tmp_path: Path, clock: ManualClock, database_target: str):
    """A service over each backend (a SQLite file; a PostgreSQL database)."""
    db = await open_database(database_target).open()
    bank = load_bank([write_bank(tmp_path / "bank", BANK)])
    service = StudyService(db, bank, ScriptedSandbox(), Config(), clock=clock)
    service.register_publisher(RecordingPublisher())
    yield service
    await db.close()


async def test_a_miss_comes_back_due_and_a_good_answer_pushes_it_out(svc, clock) -> None:
    group = await svc.ensure_group("test", "chan", "chan")
    ann = await svc.ensure_member("test", "ann", "Ann")
    first = await svc.practice.next_question(group.id, ann)
    assert first.reason == "new"
    wrong = WRONG[first.question.id]
    result = await svc.practice.answer(ann, wrong)
    assert result.verdict is Verdict.WRONG
    assert timedelta(hours=12) <= result.next_due - clock.now() <= timedelta(days=1)
    with pytest.raises(NoPractice):  # answered: nothing pending any more
        await svc.practice.answer(ann, wrong)
    # the same day it is not due: another, unseen question comes
    again = await svc.practice.next_question(group.id, ann)
    assert again.question.id != first.question.id and again.reason == "new"
    # the next day it is due, before anything new
    clock.advance(days=1, minutes=1)
    due = await svc.practice.next_question(group.id, ann)
    assert due.question.id == first.question.id and due.reason == "review"
    right = RIGHT[first.question.id]
    good = await svc.practice.answer(ann, right)
    assert good.verdict is Verdict.CORRECT
    assert good.next_due - clock.now() >= timedelta(days=2)
    clock.advance(days=1, minutes=1)
    later = await svc.practice.next_question(group.id, ann)
    assert later.question.id != first.question.id
    await svc.practice.answer(ann, WRONG[later.question.id])
    # mastery: answered, accuracy and due per topic
    mastery = await svc.practice.mastery(ann)
    assert sum(t.answered for t in mastery.topics) == 3
    assert mastery.practised == 3
    png = await svc.practice.mastery_chart(ann)
    assert png is not None and png.startswith(b"\x89PNG")


async def test_weakest_topic_first_and_open_questions_never(svc, clock) -> None:
    group = await svc.ensure_group("test", "chan", "chan")
    bo = await svc.ensure_member("test", "bo", "Bo")
    seen = []  # Bo gets letters right and maths wrong: maths is his weakest topic
    for _ in range(4):
        chosen = await svc.practice.next_question(group.id, bo)
        assert chosen.question.kind.value != "open" and chosen.reason == "new"
        seen.append(chosen.question.id)
        qid = chosen.question.id
        await svc.practice.answer(bo, RIGHT[qid] if qid.startswith("p.letters") else WRONG[qid])
    maths = [q.startswith("p.maths") for q in seen]
    if maths[:2] != [True, True]:  # an unseen maths question is left: it comes third
        assert maths[2]
    assert sorted(seen) == sorted(RIGHT)  # every question once, the open one never
    counts = {t.topic: t for t in (await svc.practice.mastery(bo)).topics}
    assert counts["letters"].accuracy == 1.0 and counts["maths"].accuracy == 0.0


async def test_practice_is_private_and_never_the_open_rounds_question(svc, clock) -> None:
    group = await svc.ensure_group("test", "chan", "chan")
    admin = Actor(await svc.ensure_member("test", "admin", "Admin"), is_admin=True)
    group = await svc.update_settings(group.id, admin, topics="letters")
    cy = await svc.ensure_member("test", "cy", "Cy")
    view = await svc.post_round(group.id)
    open_id = view.question.id
    for _ in range(3):
        chosen = await svc.practice.next_question(group.id, cy)
        assert chosen.question.id != open_id  # the open round's answer is never given away
        assert chosen.question.topic == "letters"  # the group's topics
        other = chosen.question.id
        await svc.practice.answer(cy, "B" if other == "p.letters.b" else "C")
        clock.advance(days=3)
    # nothing of it reached the round, its discussion or any board
    assert await svc.submissions.count_answered(view.round.id) == 0
    assert not (await svc.discussion.for_round(view.round.id))
    for period in Period:
        board = await svc.leaderboard(group.id, period, member=cy)
        assert not board.entries and board.caller is None
    stats = await svc.member_stats(group.id, cy)
    assert stats.points == 0 and stats.rounds == 0


async def test_a_daily_round_result_moves_the_card_at_the_reveal(svc, clock) -> None:
    group = await svc.ensure_group("test", "chan", "chan")
    admin = Actor(await svc.ensure_member("test", "admin", "Admin"), is_admin=True)
    group = await svc.update_settings(group.id, admin, topics="maths")
    dee = await svc.ensure_member("test", "dee", "Dee")
    eve = await svc.ensure_member("test", "eve", "Eve")
    view = await svc.post_round(group.id)
    qid = view.question.id
    right = {"p.maths.four": "4", "p.maths.six": "6"}[qid]
    await svc.submit(group.id, dee, "wrong")
    await svc.submit(group.id, eve, right)
    clock.advance(hours=9)
    summary = await svc.reveal(group.id, admin)
    dee_card = await svc.practice.reviews.card(dee.id, qid)
    eve_card = await svc.practice.reviews.card(eve.id, qid)
    assert dee_card is not None and eve_card is not None
    assert dee_card[1] < eve_card[1]  # the miss is due sooner
    assert dee_card[1] - clock.now() <= timedelta(days=1)
    # recorded once: a second record of the same reveal changes nothing
    assert await svc.practice.record_round(summary) == 0
    again = await svc.practice.reviews.topics(dee.id)
    assert again[0].answered == 1
    clock.advance(days=1, minutes=1)
    due = await svc.practice.next_question(group.id, dee)
    assert due.question.id == qid and due.reason == "review"
    now = timedelta(0)
    assert not await svc.practice.nudge_counts([eve.id], now)  # Eve has nothing due
    assert await svc.practice.nudge_counts([dee.id, eve.id], now) == {dee.id: 1}
    # the weekly nudge: opted-in members of the group with reviews due, by their name there
    await svc.guards.remember_name(group.id, eve, "Evie")
    clock.advance(days=7)
    assert await svc.practice.weekly_nudge(group.id) == [("Dee", 1), ("Evie", 1)]
    assert await svc.practice.weekly_nudge(group.id + 1) == []
    await svc.practice.set_nudge(dee, False)
    assert await svc.practice.nudge_counts([dee.id]) == {}
    assert await svc.practice.weekly_nudge(group.id) == [("Evie", 1)]


async def test_every_question_seen_practises_ahead_and_stray_cards_hide_nothing(svc, clock) -> None:
    """The seen sets come from one statement (cold or cached): a topic with as many cards as
    questions is only skipped when those cards are its questions."""
    fay = await svc.ensure_member("test", "fay", "Fay")
    now = clock.now()

    async def card(qid: str, topic: str, days: float) -> None:
        await svc.db.execute(
            "INSERT INTO review_cards (member_id, question_id, topic, card, due, reviews, lapses)"
            " VALUES (?, ?, ?, '{}', ?, 1, 0)",
            (fay.id, qid, topic, to_db(now + timedelta(days=days))),
        )

    # letters: two cards for two questions, but one card is of a question no longer in the bank
    # (with a newline in its id: read row by row); p.letters.c is still unseen
    await card("p.letters.b", "letters", 3)
    await card("gone.letters\nq", "letters", 1)
    await card("p.maths.four", "maths", 2)
    await card("p.maths.six", "maths", 4)
    seen = await svc.practice.reviews.seen_in_topics(fay.id, ["letters", "maths", "talk"])
    assert seen == {
        "letters": {"p.letters.b", "gone.letters\nq"},
        "maths": {"p.maths.four", "p.maths.six"},
    }
    for cold in (True, False):
        if cold:
            svc.practice._seen_cache.clear()
        chosen = await svc.practice.choose(fay)
        assert (chosen.question.id, chosen.reason) == ("p.letters.c", "new")
    # every question seen: the card due soonest that is a question of the bank, with its due
    await card("p.letters.c", "letters", 5)
    for cold in (True, False):
        if cold:
            svc.practice._seen_cache.clear()
        chosen = await svc.practice.choose(fay)
        assert (chosen.question.id, chosen.reason) == ("p.maths.four", "ahead")
        assert chosen.due == now + timedelta(days=2)
    clock.advance(days=2, minutes=1)  # now due: a review, most overdue first
    chosen = await svc.practice.choose(fay)
    assert (chosen.question.id, chosen.reason) == ("p.maths.four", "review")
    assert chosen.due == now + timedelta(days=2)
