"""Two complete bot processes share one database (each backend) for a simulated week, and are
SIGKILLed and restarted along the way: with answers in flight, between a post's claim and its
publish, between the publish and the stored refs, both at once, and idle. Every (group, day) is
posted once, every round revealed once, every acknowledged answer stored once, and both processes
show the same leaderboards, equal to what the test computes from the acknowledged answers."""

from __future__ import annotations

import asyncio
import json
import time
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bot.bank import load_bank
from bot.config import Config
from bot.core.models import Actor, Period
from bot.core.service import StudyService
from bot.storage.db import Database, open_database
from tests.conftest import ScriptedSandbox
from tests.scheduling.instance_child import (
    POSTING_TIMEOUT,
    WAIT,
    FileClock,
    Instance,
    log,
    set_clock,
)

MONDAY = date(2026, 3, 2)
MEMBERS = ("alice", "bob", "carol")


async def until(what: str, check) -> object:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if result := await check():
            return result
        await asyncio.sleep(0.005)
    raise AssertionError(f"timed out waiting for {what}")


async def day_rounds(db: Database, day: date) -> dict[int, tuple[int, str]]:
    rows = await db.fetchall(
        "SELECT group_id, id, state FROM rounds WHERE round_date = ?", (day.isoformat(),)
    )
    return {int(r["group_id"]): (int(r["id"]), r["state"]) for r in rows}


def logged(work: Path, kind: str, day: date) -> set[str]:
    return {f[2] for f in log(work) if f[0] == kind and f[3] == day.isoformat()}


class Answers:
    """Answers sent (n -> group, member, text) and acknowledged (n -> round id)."""

    def __init__(self) -> None:
        self.sent: dict[int, tuple[int, str, str]] = {}
        self.acked: dict[int, int] = {}

    def send(self, inst: Instance, group_id: int, member: str, text: str) -> int:
        n = len(self.sent) + 1
        self.sent[n] = (group_id, member, text)
        inst.send(f"answer {n} {group_id} {member} {text}")
        return n

    def ack(self, line: str) -> None:
        _, n, round_id = line.split()
        self.acked[int(n)] = int(round_id)

    async def collect(self, inst: Instance, count: int) -> None:
        for _ in range(count):
            self.ack(await inst.expect("ack "))


async def test_two_bot_processes_share_one_database_for_a_week(
    database_target: str, bank_dir: Path, tmp_path: Path
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    set_clock(work, datetime(2026, 3, 1, 20, 0, tzinfo=UTC))  # Sunday evening: nothing due
    db = await open_database(database_target).open()  # migrated once, up front
    service = StudyService(
        db, load_bank([bank_dir]), ScriptedSandbox(), Config(), FileClock(work / "clock.txt")
    )
    admin = Actor(await service.ensure_member("test", "admin", "Admin"), is_admin=True)
    groups = []
    for name in ("north", "south"):
        group = await service.ensure_group("test", name, name)
        settings = {"weekdays": "mon,tue,wed,thu,fri,sat,sun", "topics": "choice"}
        settings |= {"post_time": "09:00", "reveal_time": "18:00", "reminder_minutes": 60}
        groups.append((await service.update_settings(group.id, admin, **settings)).id)
    args = [database_target, str(bank_dir), str(work)]
    a, b = Instance("a", args, work), Instance("b", args, work)
    answers, kills = Answers(), Counter()
    interrupted: dict[int, tuple[str, set[int]]] = {}  # round id -> (logged kind, killed pids)
    try:
        await a.start()
        await b.start()
        for d in range(7):
            day = MONDAY + timedelta(days=d)
            at = datetime.combine(day, datetime.min.time(), UTC)
            by_pid = {a.pid: a, b.pid: b}
            set_clock(work, at + timedelta(hours=9, seconds=5))  # the posts are due
            if d in (2, 4, 5):  # SIGKILL a poster mid-publish: before / after the platform post
                kind = "begin" if d in (2, 5) else "post"
                source = "attempts.log" if kind == "begin" else "published.log"

                async def posting(kind=kind, source=source, day=day):
                    mine = [f for f in log(work, source) if f[0] == kind and f[3] == str(day)]
                    return mine[0] if mine else None

                fields = await until(f"a {kind} of {day}", posting)
                victims = [a, b] if d == 5 else [by_pid[int(fields[4])]]
                interrupted[int(fields[2])] = (kind, {v.pid for v in victims})
                for victim in victims:
                    victim.kill()
                    kills[kind] += 1
                states = await day_rounds(db, day)
                assert states[int(fields[1])][1] == "posting", (d, states)  # killed in between
                for victim in victims:
                    await victim.start()  # d == 5: `a` comes back alone, the orphan goes at once
                if d != 5:  # another process is alive: the take-over waits for the timeout
                    set_clock(work, at + timedelta(hours=9, seconds=10 + POSTING_TIMEOUT))

            async def posted(day=day):
                states = await day_rounds(db, day)
                return len(states) == 2 and all(s == "posted" for _, s in states.values())

            await until(f"the posts of {day}", posted)
            rounds = {g: rid for g, (rid, _) in (await day_rounds(db, day)).items()}

            plan = [  # who answers what where: some skip, some are wrong, both processes serve
                (g, m, "B" if (3 * d + i + j) % 3 else "A", a if (d + i) % 2 else b)
                for j, g in enumerate(groups)
                for i, m in enumerate(MEMBERS)
                if (d + i + j) % 4 != 3
            ]
            for g, m, text, inst in plan:
                answers.send(inst, g, m, text)
            if d == 1:  # SIGKILL `a` after its first ack, the others in flight; acked count
                answers.ack(await a.expect("ack "))
                for line in a.kill():
                    if line.startswith("ack "):
                        answers.ack(line)
                kills["answers"] += 1
                await a.start()
                await answers.collect(b, sum(inst is b for *_, inst in plan))
            else:
                for inst in (a, b):
                    await answers.collect(inst, sum(i is inst for *_, i in plan))
            if d == 3:  # idle, mid-day
                b.kill()
                kills["idle"] += 1
                await b.start()

            for kind, hour in (("remind", 17), ("reveal", 18)):
                set_clock(work, at + timedelta(hours=hour, seconds=5))

                async def done(kind=kind, day=day):
                    return len(logged(work, kind, day)) == 2

                await until(f"the {kind}s of {day}", done)
            assert set(rounds.values()) == {int(r) for r in logged(work, "reveal", day)}

        boards = []
        for inst in (a, b):
            inst.send(f"board {MONDAY}")
            boards.append((await inst.expect("board ")).split(" ", 1)[1])
        await a.quit()
        await b.quit()
    finally:
        for inst in (a, b):
            if inst.proc is not None and inst.proc.poll() is None:
                inst.proc.kill()
                inst.proc.wait(timeout=10)

    try:
        await check_week(db, service, work, groups, answers, boards)
    finally:
        await db.close()
    assert kills == {"begin": 3, "post": 1, "answers": 1, "idle": 1}
    attempts = Counter(int(f[2]) for f in log(work, "attempts.log"))
    posters = {int(f[2]): int(f[4]) for f in log(work) if f[0] == "post"}
    for round_id, (kind, dead) in interrupted.items():
        if kind == "begin":  # killed before the platform had it: a live process published it
            assert attempts[round_id] == 2 and posters[round_id] not in dead
        else:  # killed after: found on the platform by the take-over, not published again
            assert attempts[round_id] == 1 and posters[round_id] in dead


async def check_week(
    db: Database,
    service: StudyService,
    work: Path,
    groups: list[int],
    answers: Answers,
    boards: list[str],
) -> None:
    days = [str(MONDAY + timedelta(days=d)) for d in range(7)]
    rows = await db.fetchall("SELECT id, group_id, round_date, state FROM rounds")
    assert sorted((r["group_id"], r["round_date"], r["state"]) for r in rows) == sorted(
        (g, day, "revealed") for g in groups for day in days
    )
    published = log(work)
    for kind in ("post", "remind", "reveal"):  # once per round, whoever did it, across restarts
        per_round = Counter((int(f[1]), f[3]) for f in published if f[0] == kind)
        assert per_round == {(g, day): 1 for g in groups for day in days}, kind

    stored = Counter()  # (group, member, round, answer) -> submissions
    for r in await db.fetchall(
        "SELECT r.group_id, m.external_id, s.round_id, s.answer FROM submissions s"
        " JOIN members m ON m.id = s.member_id JOIN rounds r ON r.id = s.round_id"
    ):
        stored[(int(r[0]), r[1], int(r[2]), r[3])] += 1
    assert all(count == 1 for count in stored.values()), stored  # never twice
    for n, round_id in answers.acked.items():  # every acknowledged answer is stored
        g, member, text = answers.sent[n]
        assert stored[(g, member, round_id, text)] == 1, (n, answers.sent[n])
    assert len(stored) >= len(answers.acked)
    assert len(stored) <= len(answers.sent)  # unacknowledged ones: maybe stored, never doubled

    # the oracle: rounds answered (and answered right) per member, from the stored answers,
    # which are the acknowledged ones plus whatever unacknowledged ones got through
    answered, right = Counter(), Counter()
    for g, member, _, text in stored:
        answered[(g, member)] += 1
        right[(g, member)] += text == "B"

    question = service.bank.find("demo.choice.check")
    base = service.config.scoring.points_by_difficulty[question.difficulty - 1]
    first, second = boards
    assert first == second  # both processes show the same boards
    shown = json.loads(first)
    for g in groups:
        points = {
            r[0]: int(r[1])
            for r in await db.fetchall(
                "SELECT m.external_id, SUM(s.points + s.vote_points) FROM round_scores s"
                " JOIN members m ON m.id = s.member_id WHERE s.group_id = ? GROUP BY m.id",
                (g,),
            )
        }
        for period in (Period.WEEK, Period.ALL):
            board = await service.leaderboard(g, period, top=50, on_date=MONDAY)
            rows = [[e.rank, e.member.display_name, e.points, e.rounds] for e in board.entries]
            assert shown[f"{g}:{period.value}"] == rows  # and the same as a third reader
            assert {name: n for _, name, _, n in rows} == {
                m: answered[(g, m)] for m in MEMBERS if answered[(g, m)]
            }
            assert {name: p for _, name, p, _ in rows} == points
            for _, name, p, _ in rows:  # each right answer earns at least its base points
                assert p >= base * right[(g, name)], (g, name, p)
            ranks = [r[0] for r in rows]
            assert ranks == sorted(ranks) and ranks[0] == 1
