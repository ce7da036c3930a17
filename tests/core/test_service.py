"""The core service through its public API, on a real SQLite file."""

from __future__ import annotations

import asyncio

import pytest

from bot.bank import load_bank
from bot.config import Config
from bot.core.errors import (
    AlreadyHandled,
    InvalidAnswer,
    InvalidSetting,
    NoActiveRound,
    NotAdmin,
    RoundChanged,
    RoundClosed,
)
from bot.core.models import Actor, Period, RoundState, Verdict
from bot.core.service import StudyService
from bot.storage.db import open_database
from bot.storage.submissions import SubmissionRepository
from tests.conftest import (
    CODE_BANK,
    RecordingPublisher,
    ScriptedSandbox,
    group_with,
    write_bank,
)


async def members(service: StudyService, *names: str):
    return [await service.ensure_member("test", name.lower(), name) for name in names]


async def test_post_round_is_exactly_once_under_concurrent_triggers(service):
    publisher = RecordingPublisher()
    service.register_publisher(publisher)
    group = await group_with(service, "choice")
    views = await asyncio.gather(*(service.post_round(group.id) for _ in range(8)))
    assert len({v.round.id for v in views}) == 1
    assert len(publisher.rounds) == 1
    stored = await service.current_round(group.id)
    assert stored.round.state is RoundState.POSTED
    assert stored.round.message_ref == f"msg-{stored.round.id}"


async def test_choice_answer_is_hidden_until_reveal_and_last_answer_counts(service):
    service.register_publisher(RecordingPublisher())
    group = await group_with(service, "choice")
    ann, bob = await members(service, "Ann", "Bob")
    await service.post_round(group.id)
    receipt = await service.submit(group.id, ann, "b")
    assert receipt.verdict is Verdict.PENDING and receipt.points == 0
    await service.submit(group.id, bob, "B")
    changed = await service.submit(group.id, bob, "C")  # Bob changes his mind: last answer counts
    assert changed.resubmission
    summary = await service.reveal(group.id)
    by_name = {r.member.display_name: r for r in summary.results}
    assert by_name["Ann"].verdict is Verdict.CORRECT and by_name["Ann"].points > 0
    assert by_name["Bob"].verdict is Verdict.WRONG and by_name["Bob"].points == 0
    assert summary.answered == 2 and summary.correct == 1
    assert summary.fastest_correct == ann
    assert "B" in summary.answer_text


async def test_code_answer_best_submission_counts(service, tmp_path):
    code_bank = tmp_path / "code"
    write_bank(code_bank, CODE_BANK, "c.toml")
    svc = StudyService(
        service.db, load_bank([code_bank]), ScriptedSandbox(), Config(), clock=service.clock
    )
    group = await svc.ensure_group("test", "code-chan")
    (ann,) = await members(svc, "Ann")
    await svc.post_round(group.id)
    half = await svc.submit(group.id, ann, "PASS 1/2")
    assert half.verdict is Verdict.PARTIAL and half.points == 15  # 30 points x 1/2
    full = await svc.submit(group.id, ann, "```python\nPASS 2/2\n```")
    assert full.verdict is Verdict.CORRECT
    worse = await svc.submit(group.id, ann, "PASS 0/2")
    assert worse.verdict is Verdict.WRONG
    assert (
        not worse.counted
        and worse.resubmission_note
        == "Your earlier answer scored at least as much; it still counts."
    )
    assert full.counted and "best answer counts" in full.resubmission_note
    board = await svc.leaderboard(group.id, member=ann)
    assert board.entries[0].points == full.points  # the best submission counts, not the last


async def test_answers_after_reveal_are_practice(service):
    service.register_publisher(RecordingPublisher())
    group = await group_with(service, "short")
    (ann,) = await members(service, "Ann")
    await service.post_round(group.id)
    await service.reveal(group.id)
    receipt = await service.submit(group.id, ann, "four")
    assert receipt.late and receipt.verdict is Verdict.PRACTICE and receipt.points == 0
    assert "Correct" in receipt.detail
    board = await service.leaderboard(group.id)
    assert board.entries == ()
    with pytest.raises(RoundClosed):
        await service.reveal(group.id)


async def test_votes_no_self_votes_no_duplicates_and_points_at_reveal(service):
    service.register_publisher(RecordingPublisher())
    group = await group_with(service, "open")
    ann, bob, cat = await members(service, "Ann", "Bob", "Cat")
    await service.post_round(group.id)
    pending = await service.submit(group.id, ann, "Tests catch regressions.")
    assert pending.verdict is Verdict.PENDING
    assert not await service.vote(group.id, ann, ann, "m1")  # self-vote
    assert await service.vote(group.id, bob, ann, "m1")
    assert not await service.vote(group.id, bob, ann, "m1")  # duplicate
    assert await service.vote(group.id, cat, ann, "m1")
    assert await service.vote(group.id, ann, bob, "m2")
    summary = await service.reveal(group.id)
    assert summary.most_voted == (ann, 2)
    points = {r.member.display_name: r.points for r in summary.results}
    assert points == {"Ann": 4, "Bob": 2}
    assert not await service.vote(group.id, cat, bob, "m2")  # the round is closed


async def test_admin_only_actions_and_bad_input(service):
    group = await group_with(service, "choice")
    (ann,) = await members(service, "Ann")
    member = Actor(ann, is_admin=False)
    for action in (
        service.post_round(group.id, member),
        service.reveal(group.id, member),
        service.skip_today(group.id, member),
        service.update_settings(group.id, member, post_time="10:00"),
    ):
        with pytest.raises(NotAdmin):
            await action
    with pytest.raises(NoActiveRound):
        await service.submit(group.id, ann, "B")
    admin = Actor(ann, is_admin=True)
    with pytest.raises(InvalidSetting, match="timezone"):
        await service.update_settings(group.id, admin, timezone="Mars/Olympus")
    with pytest.raises(InvalidSetting, match="after the posting time"):
        await service.update_settings(group.id, admin, post_time="09:00", reveal_time="08:00")
    with pytest.raises(InvalidSetting, match="topics"):
        await service.update_settings(group.id, admin, topics="cooking")
    await service.post_round(group.id, admin)
    with pytest.raises(InvalidAnswer):
        await service.submit(group.id, ann, "   ")


async def test_skip_before_post_blocks_the_days_round(service):
    publisher = RecordingPublisher()
    service.register_publisher(publisher)
    group = await group_with(service, "choice")
    (ann,) = await members(service, "Ann")
    skipped = await service.skip_today(group.id, Actor(ann, is_admin=True))
    assert skipped.state is RoundState.SKIPPED
    view = await service.post_round(group.id)
    assert view.round.state is RoundState.SKIPPED and publisher.rounds == []


async def test_leaderboard_ties_share_rank_and_caller_row(service, clock):
    service.register_publisher(RecordingPublisher())
    group = await group_with(service, "short")
    names = [f"M{i:02d}" for i in range(12)]
    people = await members(service, *names)
    await service.post_round(group.id)
    for person in people:  # everyone answers at the same instant: same points, one first bonus
        await service.submit(group.id, person, "4")
    await service.reveal(group.id)
    board = await service.leaderboard(group.id, Period.ALL, member=people[-1], top=3)
    assert board.entries[0].member == people[0]  # first correct got the bonus
    assert board.entries[1].rank == board.entries[2].rank == 2  # ties share a rank
    assert board.caller is not None and board.caller.rank == 2
    assert board.caller.member == people[-1]


async def test_everything_survives_a_restart(tmp_path, bank_dir, clock):
    path = tmp_path / "restart.db"
    db = await open_database(path).open()
    first = StudyService(db, load_bank([bank_dir]), ScriptedSandbox(), Config(), clock=clock)
    group = await group_with(first, "short")
    (ann,) = await members(first, "Ann")
    view = await first.post_round(group.id)
    await first.submit(group.id, ann, "4")
    await db.close()

    db = await open_database(path).open()
    second = StudyService(db, load_bank([bank_dir]), ScriptedSandbox(), Config(), clock=clock)
    again = await second.post_round(group.id)  # same day: the same round, not a new one
    assert again.round.id == view.round.id and again.answered == 1
    summary = await second.reveal(group.id)
    assert [r.member.display_name for r in summary.results] == ["Ann"]
    assert summary.correct == 1
    await db.close()


async def test_a_reveal_that_cannot_be_published_is_reopened_for_a_retry(service):
    class FailingReveal(RecordingPublisher):
        fail = True

        async def publish_reveal(self, group, summary):
            if self.fail:
                raise ConnectionError("platform down")
            await super().publish_reveal(group, summary)

    publisher = FailingReveal()
    service.register_publisher(publisher)
    group = await group_with(service, "short")
    (ann,) = await members(service, "Ann")
    await service.post_round(group.id)
    await service.submit(group.id, ann, "4")
    with pytest.raises(ConnectionError):
        await service.reveal(group.id)
    assert (await service.current_round(group.id)).round.state is RoundState.POSTED
    publisher.fail = False
    summary = await service.reveal(group.id)  # the retry reveals (and scores) it once
    assert summary.correct == 1 and len(publisher.reveals) == 1
    board = await service.leaderboard(group.id)
    assert [e.member for e in board.entries] == [ann]


async def test_choice_verdicts_do_not_show_in_stats_or_boards_before_the_reveal(service):
    service.register_publisher(RecordingPublisher())
    group = await group_with(service, "choice")
    (ann,) = await members(service, "Ann")
    await service.post_round(group.id)
    for guess in ("A", "B"):  # trying options one by one tells Ann nothing
        await service.submit(group.id, ann, guess)
        stats = await service.member_stats(group.id, ann)
        assert (stats.points, stats.correct) == (0, 0)
        board = await service.leaderboard(group.id, Period.WEEK, member=ann)
        assert board.caller is not None and board.caller.points == 0
    await service.reveal(group.id)
    stats = await service.member_stats(group.id, ann)
    assert stats.correct == 1 and stats.points > 0


async def test_receipts_say_which_answer_counts(service, tmp_path):
    from bot.core.text import receipt_text

    service.register_publisher(RecordingPublisher())
    group = await group_with(service, "choice")
    (ann,) = await members(service, "Ann")
    await service.post_round(group.id)
    await service.submit(group.id, ann, "A")
    again = await service.submit(group.id, ann, "B")
    assert "last answer counts" in receipt_text(again)


async def test_a_withdrawn_vote_does_not_count_but_votes_are_final_after_the_reveal(service):
    service.register_publisher(RecordingPublisher())
    group = await group_with(service, "open")
    ann, bob, cat = await members(service, "Ann", "Bob", "Cat")
    await service.post_round(group.id)
    assert await service.vote(group.id, bob, ann, "m1")
    assert await service.vote(group.id, cat, ann, "m1")
    assert await service.unvote(group.id, bob, "m1")
    assert not await service.unvote(group.id, bob, "m1")  # nothing left to withdraw
    summary = await service.reveal(group.id)
    assert summary.most_voted == (ann, 1)
    assert not await service.unvote(group.id, cat, "m1")  # counted at the reveal: final


async def test_a_reminder_goes_out_once_even_across_a_restart(tmp_path, bank_dir, clock):
    path = tmp_path / "remind.db"
    sent = []
    for _ in range(2):  # the second pass is the bot after a restart
        db = await open_database(path).open()
        svc = StudyService(db, load_bank([bank_dir]), ScriptedSandbox(), Config(), clock=clock)
        publisher = RecordingPublisher()
        svc.register_publisher(publisher)
        group = await group_with(svc, "short")
        await svc.post_round(group.id)
        sent.append(await svc.remind(group.id))
        sent.append(await svc.remind(group.id))
        sent += [len(publisher.reminders)]
        await db.close()
    assert sent == [True, False, 1, False, False, 0]


async def test_first_correct_bonus_of_sealed_answers_goes_to_the_earliest_counted(service, clock):
    service.register_publisher(RecordingPublisher())
    group = await group_with(service, "choice")
    ann, bob = await members(service, "Ann", "Bob")
    await service.post_round(group.id)
    await service.submit(group.id, ann, "B")
    clock.advance(minutes=1)
    await service.submit(group.id, bob, "B")
    clock.advance(minutes=1)
    await service.submit(group.id, ann, "C")  # Ann changes her mind twice:
    clock.advance(minutes=1)
    await service.submit(group.id, ann, "B")  # her counted answer is now later than Bob's
    summary = await service.reveal(group.id)
    points = {r.member.display_name: r.points for r in summary.results}
    assert summary.fastest_correct == bob
    assert points["Bob"] - points["Ann"] >= Config().scoring.first_correct_bonus


async def test_skipping_keeps_answers_already_given_and_sealed_ones_sealed(service):
    """A skipped round is never revealed: its sealed (choice) answers keep counting for the
    streak but show no points and no verdict, which would give the answer away."""
    service.register_publisher(RecordingPublisher())
    group = await group_with(service, "choice")
    ann, bob, admin = await members(service, "Ann", "Bob", "Boss")
    view = await service.post_round(group.id)
    await service.submit(group.id, ann, "B")  # correct
    await service.submit(group.id, bob, "A")  # wrong
    await service.skip_today(group.id, Actor(admin, is_admin=True))
    for who in (ann, bob):
        stats = await service.member_stats(group.id, who)
        assert (stats.points, stats.correct, stats.rounds, stats.current_streak) == (0, 0, 1, 1)
    board = await service.leaderboard(group.id)
    assert {e.points for e in board.entries} == {0}
    results = await service.submissions.results(view.round.id)
    assert {r.verdict.value for r in results} == {"pending"}


async def test_skipping_a_code_round_keeps_its_points(service, tmp_path):
    """Code answers are graded (and shown) at once: skipping the round hides nothing."""
    write_bank(tmp_path / "code", CODE_BANK, "c.toml")
    svc = StudyService(
        service.db, load_bank([tmp_path / "code"]), ScriptedSandbox(), Config(), clock=service.clock
    )
    group = await svc.ensure_group("test", "code-chan")
    ann, admin = await members(svc, "Ann", "Boss")
    await svc.post_round(group.id)
    receipt = await svc.submit(group.id, ann, "PASS 2/2")
    await svc.skip_today(group.id, Actor(admin, is_admin=True))
    stats = await svc.member_stats(group.id, ann)
    assert receipt.points > 0 and stats.points == receipt.points and stats.correct == 1


async def test_posting_a_new_day_reveals_the_round_still_open(service, clock):
    publisher = RecordingPublisher()
    service.register_publisher(publisher)
    group = await group_with(service, "choice")
    (ann,) = await members(service, "Ann")
    first = await service.post_round(group.id)
    await service.submit(group.id, ann, "B")
    clock.advance(days=1)
    second = await service.post_round(group.id)
    assert second.round.id != first.round.id
    assert [s.round.id for s in publisher.reveals] == [first.round.id]
    assert (await service.member_stats(group.id, ann)).correct == 1


async def test_a_failed_reveal_attempt_leaves_no_vote_points_behind(service):
    class FailOnce(RecordingPublisher):
        failed = False

        async def publish_reveal(self, group, summary):
            if not self.failed:
                self.failed = True
                raise ConnectionError("platform down")
            await super().publish_reveal(group, summary)

    service.register_publisher(FailOnce())
    group = await group_with(service, "open")
    ann, bob = await members(service, "Ann", "Bob")
    await service.post_round(group.id)
    assert await service.vote(group.id, bob, ann, "m1")
    with pytest.raises(ConnectionError):
        await service.reveal(group.id)
    board = await service.leaderboard(group.id)
    assert all(e.points == 0 for e in board.entries)  # the failed attempt's vote points are gone
    assert await service.unvote(group.id, bob, "m1")
    await service.submit(group.id, ann, "Because tests can fail.")
    summary = await service.reveal(group.id)
    assert summary.most_voted is None
    stats = await service.member_stats(group.id, ann)
    assert stats.points == 0 and stats.current_streak == 1


async def test_an_answer_for_a_round_no_longer_open_is_refused_and_not_stored(service, clock):
    service.register_publisher(RecordingPublisher())
    group = await group_with(service, "choice")
    (ann,) = await members(service, "Ann")
    first = await service.post_round(group.id)
    receipt = await service.submit(group.id, ann, "B", round_id=first.round.id)
    assert receipt.round_id == first.round.id
    clock.advance(days=1)
    await service.post_round(group.id)  # a form opened yesterday is submitted today
    with pytest.raises(RoundChanged):
        await service.submit(group.id, ann, "C", round_id=first.round.id)
    assert await service.db.fetchval("SELECT COUNT(*) FROM submissions") == 1


async def test_a_requests_keys_are_claimed_with_its_answer_or_not_at_all(service, monkeypatch):
    service.register_publisher(RecordingPublisher())
    group = await group_with(service, "choice")
    (ann,) = await members(service, "Ann")
    await service.post_round(group.id)
    keys = ("slack:trigger:t-1", "slack:body:abc")
    record = SubmissionRepository._record

    async def failing(*args, **kwargs):
        raise RuntimeError("disk full")  # inside the write, after the claim

    monkeypatch.setattr(SubmissionRepository, "_record", staticmethod(failing))
    with pytest.raises(RuntimeError):
        await service.submit(group.id, ann, "B", once=keys)
    assert await service.guards.requests.count() == 0, "undone with the failed answer"
    monkeypatch.setattr(SubmissionRepository, "_record", staticmethod(record))
    await service.submit(group.id, ann, "B", once=keys)  # the retry is taken
    with pytest.raises(AlreadyHandled):
        await service.submit(group.id, ann, "C", once=("slack:trigger:t-1",))  # a replay
    assert await service.db.fetchval("SELECT COUNT(*) FROM submissions") == 1
    assert not await service.guards.first_time(*keys)  # the guard agrees: handled
