"""Rate limits, signed round-trip data, votes counted once per voter and author, per-group names
and the chart cache, through the service's public API on a real SQLite file."""

from __future__ import annotations

import threading
import time

import pytest

from bot.core import chart
from bot.core.errors import RateLimited, TamperedData
from bot.core.limits import Action, Limit, RateLimiter
from bot.core.service import StudyService
from bot.core.signing import Signer
from tests.conftest import RecordingPublisher, group_with


async def members(service: StudyService, *names: str):
    return [await service.ensure_member("test", name.lower(), name) for name in names]


def test_rate_limiter_allows_a_burst_then_refills_evenly():
    now = [0.0]
    limiter = RateLimiter({Action.ANSWER: Limit(3, 60.0), Action.VOTE: Limit(0)}, lambda: now[0])
    for _ in range(3):
        limiter.check(Action.ANSWER, "ann")
    with pytest.raises(RateLimited, match=r"answers too fast.*Try again in 20 s") as caught:
        limiter.check(Action.ANSWER, "ann")
    assert caught.value.retry_after == pytest.approx(20.0)
    limiter.check(Action.ANSWER, "bob")  # per member
    for _ in range(100):
        limiter.check(Action.VOTE, "ann")  # 0 = unlimited
    limiter.check(Action.CLICK, "ann")  # no limit configured
    now[0] = 19.0
    assert limiter.retry_after(Action.ANSWER, "ann") == pytest.approx(1.0)
    now[0] = 20.0
    limiter.check(Action.ANSWER, "ann")  # one token refilled after 60 / 3 s
    with pytest.raises(RateLimited):
        limiter.check(Action.ANSWER, "ann")


def test_signed_data_round_trips_and_refuses_any_change():
    signer = Signer(b"k" * 32)
    token = signer.dump({"g": 1, "r": 2, "c": "C1"}, "answer")
    assert signer.load(token, "answer") == {"c": "C1", "g": 1, "r": 2}
    forged = token.replace('"g":1', '"g":2')
    for bad in (forged, token + " ", "", "{}", token.split(".", 1)[1], "x." + token):
        with pytest.raises(TamperedData):
            signer.load(bad, "answer")
    with pytest.raises(TamperedData):
        signer.load(token, "run")  # made for another purpose
    with pytest.raises(TamperedData):
        Signer(b"o" * 32).load(token, "answer")  # another key


async def test_the_service_signer_key_is_kept(service: StudyService):
    first = await service.guards.signer()
    token = first.dump({"x": 1})
    again = StudyService(service.db, service.bank, service.sandbox, service.config)
    assert (await again.guards.signer()).load(token) == {"x": 1}


async def test_one_counted_vote_per_voter_per_author_per_round(service: StudyService):
    service.register_publisher(RecordingPublisher())
    group = await group_with(service, "open")
    ann, bob, cat = await members(service, "Ann", "Bob", "Cat")
    view = await service.post_round(group.id)

    async def votes() -> dict[str, int]:
        counts = await service.submissions.vote_counts(view.round.id)
        return {m.display_name: n for m, n in counts}

    # Bob marks six of Ann's messages: one vote
    assert await service.vote(group.id, bob, ann, "m1", "+1")
    for ref in ("m2", "m3", "m4", "m5", "m6"):
        assert not await service.vote(group.id, bob, ann, ref, "+1")
    assert await service.vote(group.id, cat, ann, "m1", "+1")
    assert await votes() == {"Ann": 2}
    # two variants of the emoji on one message: removing one keeps the vote
    assert not await service.vote(group.id, cat, ann, "m1", "+1::skin-tone-4")
    assert await service.unvote(group.id, cat, "m1", "+1::skin-tone-4")
    assert await votes() == {"Ann": 2}
    assert await service.unvote(group.id, cat, "m1", "+1")
    assert await votes() == {"Ann": 1}
    # Bob withdraws from five messages; his vote stays while one remains
    for ref in ("m1", "m2", "m3", "m4", "m5"):
        assert await service.unvote(group.id, bob, ref, "+1")
    assert await votes() == {"Ann": 1}
    summary = await service.reveal(group.id)
    assert summary.most_voted == (ann, 1)
    cap = service.config.scoring.vote_points
    assert {r.member.display_name: r.points for r in summary.results} == {"Ann": cap}


async def test_boards_show_each_groups_own_name(service: StudyService):
    service.register_publisher(RecordingPublisher())
    one = await group_with(service, "choice", "one")
    two = await group_with(service, "choice", "two")
    ann, bob = await members(service, "Ann", "Bob")
    await service.guards.remember_name(two.id, ann, "Ann (job hunting)")
    await service.guards.remember_name(one.id, bob, "Aaron")
    for group in (one, two):
        await service.post_round(group.id)
        await service.submit(group.id, ann, "B")
        await service.submit(group.id, bob, "B")
    summary = await service.reveal(one.id)
    shown = [r.member.display_name for r in summary.results]
    assert "Ann (job hunting)" not in shown and "Aaron" in shown
    board = await service.leaderboard(one.id, member=ann)
    assert {e.member.display_name for e in board.entries} == {"Aaron", "Ann"}
    assert (await service.member_stats(one.id, ann)).member.display_name == "Ann"
    await service.reveal(two.id)
    board = await service.leaderboard(two.id)
    assert {e.member.display_name for e in board.entries} == {"Ann (job hunting)", "Bob"}
    assert (await service.member_stats(two.id, ann)).member.display_name == "Ann (job hunting)"


async def test_the_weekly_chart_is_drawn_once_per_change_off_the_event_loop(
    service: StudyService, monkeypatch: pytest.MonkeyPatch
):
    service.register_publisher(RecordingPublisher())
    group = await group_with(service, "choice")
    (ann,) = await members(service, "Ann")
    await service.post_round(group.id)
    await service.submit(group.id, ann, "B")
    await service.reveal(group.id)
    threads: list[str] = []
    real = chart.leaderboard_png

    def drawing(*args, **kwargs) -> bytes:
        threads.append(threading.current_thread().name)
        return real(*args, **kwargs)

    monkeypatch.setattr(chart, "leaderboard_png", drawing)
    pngs = [await service.weekly_chart(group.id) for _ in range(5)]
    assert len(threads) == 1 and len(set(pngs)) == 1
    assert threads[0] != threading.main_thread().name
    await service.guards.remember_name(group.id, ann, "Annie")  # what the chart shows changed
    assert await service.weekly_chart(group.id) != pngs[0] and len(threads) == 2


def test_fitting_a_huge_name_is_fast():
    from PIL import Image, ImageDraw

    draw = ImageDraw.Draw(Image.new("RGB", (10, 10)))
    font = chart._font(18)
    started = time.perf_counter()
    fitted = chart._fit(draw, "W" * 100_000, font, 190)
    assert time.perf_counter() - started < 0.5
    assert fitted.endswith("…") and draw.textlength(fitted, font=font) <= 190
    assert len(fitted) > 3
