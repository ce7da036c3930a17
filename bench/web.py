"""Web page benchmark: each page of a group with 1,000 members and a year of weekday rounds.

    python bench/web.py              # 1,000 members, ~260 revealed rounds, 75% answer each
    python bench/web.py --runs 200

Builds the database as bench/leaderboard.py does (the real migrations and triggers, bulk
inserts), spreads the rounds over choice questions of the bundled bank, then requests every page
through aiohttp's test client (HTTP, link check, queries, template, SVG) and prints p50 / p99
per page. The first view of the pages that read every round (topics, rounds) is printed apart:
later views read only rounds revealed since (bot.web.data.RoundFacts).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parents[1])]

from aiohttp import web  # noqa: E402
from aiohttp.test_utils import TestClient, TestServer  # noqa: E402
from seed import Clock, NoSandbox, build  # noqa: E402

from bot.bank import bundled_bank_dir, load_bank  # noqa: E402
from bot.bank.model import Kind  # noqa: E402
from bot.config import Config  # noqa: E402
from bot.core.service import StudyService  # noqa: E402
from bot.storage.db import open_database  # noqa: E402
from bot.web.app import add_web_routes  # noqa: E402
from bot.web.links import DashboardLinks  # noqa: E402

LIMIT_MS = 50.0


def stats(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered) * 1000, ordered[
        min(len(ordered) - 1, int(len(ordered) * 0.99))
    ] * 1000


async def timed(client: TestClient, path: str) -> float:
    started = time.perf_counter()
    response = await client.get(path)
    await response.read()
    elapsed = time.perf_counter() - started
    if response.status != 200:
        raise SystemExit(f"{path}: HTTP {response.status}")
    return elapsed


async def main_async(args: argparse.Namespace) -> int:
    workdir = Path(tempfile.mkdtemp(prefix="studybot-bench-web-"))
    path = workdir / "web.db"
    today = date(2026, 11, 25)
    db = await open_database(path).open()
    await db.close()
    started = time.perf_counter()
    per_round = int(args.members * 0.75 * 1.1)
    build(path, args.members, per_round * args.rounds, today)
    bank = load_bank([bundled_bank_dir()])
    choice = [q.id for q in bank if q.kind is Kind.CHOICE][:12]
    db = await open_database(path).open()
    round_ids = [r[0] for r in await db.fetchall("SELECT id FROM rounds")]

    async def assign(tx):
        await tx.executemany("UPDATE rounds SET question_id = ? WHERE id = ?",
                             [(choice[i % len(choice)], rid) for i, rid in enumerate(round_ids)])  # fmt: skip

    await db.write(assign)
    counts = [(await db.fetchone(f"SELECT COUNT(*) FROM {t}"))[0]
              for t in ("members", "rounds", "round_scores")]  # fmt: skip
    print(f"{counts[0]:,} members, {counts[1]:,} revealed rounds ({counts[1] / 260:.1f} years of "
          f"weekdays), {counts[2]:,} scoring entries; built in {time.perf_counter() - started:.1f} s")  # fmt: skip
    clock = Clock(datetime(today.year, today.month, today.day, 10, tzinfo=UTC))
    service = StudyService(db, bank, NoSandbox(), Config(), clock=clock)
    links = DashboardLinks(service, "http://bench")
    app = web.Application()
    add_web_routes(app, service, links)
    client = TestClient(TestServer(app))
    await client.start_server()
    try:
        group = await service.get_group(1)
        me = await service.members.get(args.members // 2)
        token = await links.token_for(group, me, admin=True)
        base = f"/web/{token}/"
        last_round = (await db.fetchone("SELECT MAX(id) FROM rounds"))[0]
        pages = {
            "leaderboard (week)": base + "?period=week",
            "leaderboard (month)": base + "?period=month",
            "leaderboard (all time)": base + "?period=all",
            "member: points over time": base + f"members/{me.id}",
            "topic mastery": base + "topics",
            "round history": base + "rounds",
            "round page": base + f"rounds/{last_round}",
            "admin: schedule": base + "admin/schedule",
            "admin: bank": base + "admin/bank",
        }
        print(f"first views: topics {await timed(client, pages['topic mastery']) * 1000:.1f} ms, "
              f"rounds {await timed(client, pages['round history']) * 1000:.1f} ms")  # fmt: skip
        worst = 0.0
        print(f"{'page':28} {'p50':>9} {'p99':>9}   ({args.runs} requests each)")
        for name, url in pages.items():
            await timed(client, url)
            p50, p99 = stats([await timed(client, url) for _ in range(args.runs)])
            worst = max(worst, p50)
            print(f"{name:28} {p50:7.2f} ms {p99:7.2f} ms")
        print(f"slowest p50 {worst:.2f} ms: {'within' if worst <= LIMIT_MS else 'OVER'} the "
              f"{LIMIT_MS:.0f} ms budget")  # fmt: skip
        return 0 if worst <= LIMIT_MS else 1
    finally:
        await client.close()
        await db.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        workdir.rmdir()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=260, help="weekday rounds (260: a year)")
    parser.add_argument("--runs", type=int, default=100)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    return asyncio.run(main_async(args))


if __name__ == "__main__":
    sys.exit(main())
