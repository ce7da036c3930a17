"""Load benchmark: the real bot (a `studybot run` process, Slack HTTP mode) against a fake Slack.

Everything runs on 127.0.0.1. The bot is a subprocess with RLIMIT_NOFILE 1024 (as under systemd
or in a container); its Web API client points at the fake Slack (tests/adapters/slack/slackfake.py),
which answers every API call and response_url after `--latency` seconds. For each rate the bench
sends signed `/study answer B` commands (a choice question: no sandbox) from distinct members for
`--seconds` seconds and prints ack latency percentiles, errors (non-200 or no ack within 10 s),
receipts (replies posted to response_url), the bot's peak open file descriptors and RSS. At the
end it checks that every acknowledged answer is stored exactly once and prints the first rate at
which ack p99 crosses 3 s. Bounded: at most `--max-requests` requests in all.
Receipts count the answers' receipts whether they rode in the ack or were posted afterwards.
"CPU ms/answer" is the bot process's own CPU time (all threads) per request sent, "(loop thread)"
the event loop's share (the rest is mostly the database thread): robust against other load on
the machine, unlike the latencies.

    python bench/load_slack.py                      # rates 50,100,200,400 for 3 s each
    python bench/load_slack.py --rates 100,500,1000 --seconds 5
    python bench/load_slack.py --rates 300 --profile /tmp/bot.prof   # where the bot's CPU goes
    python bench/load_slack.py --rates 300 --profile /tmp/bot.txt    # the same, pyinstrument
    python bench/load_slack.py --rates 400 --bot-cpu 1 --loop uvloop # the bot on uvloop
    python bench/load_slack.py --rates 100,500,1000 --bot-cpu 1     # the bot on one core
    python bench/load_slack.py --rates 100,300,500 --buttons         # Answer button + form
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "adapters" / "slack")]
if str(ROOT / "bench") not in sys.path:  # loaded by path (the fd-limit test), not as a script
    sys.path.append(str(ROOT / "bench"))

# the bot under test; all of these stay reachable as load_slack.<name> (the fd-limit test)
from load_bot import (  # noqa: E402, F401
    ADMIN,
    BANK,
    CHANNEL,
    FD_LIMIT,
    SECRET,
    TOKEN,
    bot_env,
    child,
    cpu_seconds,
    free_port,
    pct,
    proc_stats,
    wait_listening,
    write_config,
)
from load_traffic import ACK_TIMEOUT, Traffic  # noqa: E402, F401


async def main(args: argparse.Namespace) -> None:
    from slackfake import FakeSlack

    clicked_at: dict[str, float] = {}  # trigger id -> when the click was sent
    opened_after: list[float] = []  # seconds from a click to its views.open
    expired: list[str] = []  # triggers whose views.open came over 3 s after the click

    class LaggingSlack(FakeSlack):
        async def _handle_response_url(self, request):  # response_url answers late too
            await asyncio.sleep(args.latency)
            return await super()._handle_response_url(request)

        def _answer(self, method, call_args):  # a trigger id expires 3 s after the click
            sent = clicked_at.get(str(call_args.get("trigger_id")))
            if method == "views.open" and sent is not None:
                opened_after.append(time.monotonic() - sent)
                if opened_after[-1] > 3.0:
                    expired.append(str(call_args.get("trigger_id")))
                    return {"ok": False, "error": "expired_trigger_id"}
            return super()._answer(method, call_args)

    methods = ("auth.test", "chat.postEphemeral", "chat.postMessage", "views.open",
               "users.info", "users.conversations", "conversations.members",
               "conversations.join", "conversations.info", "views.publish")  # fmt: skip
    fake = LaggingSlack(latency={m: args.latency for m in methods if m != "auth.test"})
    fake.PAGE = 1000  # members and channels per page, as Slack allows (the tests page by 2)
    await fake.start()
    fake.channels[CHANNEL] = "study"
    fake.add_user(ADMIN, "admin", admin=True)
    rates = [int(r) for r in args.rates.split(",")]
    planned = [min(r * args.seconds, args.max_requests) for r in rates]
    users = [f"UL{i:06d}" for i in range(sum(planned))]
    for user in users:
        fake.add_user(user, user.lower())

    tmp = Path(tempfile.mkdtemp(prefix="studybot-load-"))
    port = free_port()
    config = write_config(tmp, port)
    env = bot_env()
    if args.bot_cpu is not None:  # the bot on one core, the load and the fake on the others
        env["LOAD_SLACK_CPU"] = str(args.bot_cpu)
        others = os.sched_getaffinity(0) - {args.bot_cpu}
        if others:
            os.sched_setaffinity(0, others)
    if args.loop:  # the bot's event loop: uvloop (as bot.cli would run it) or stock asyncio
        env["LOAD_SLACK_LOOP"] = args.loop
    if args.profile:  # cProfile of the bot process, written when it stops
        env["LOAD_SLACK_PROFILE"] = str(Path(args.profile).resolve())
    log = open(args.log, "w") if args.log else subprocess.DEVNULL  # noqa: SIM115
    bot = subprocess.Popen(
        [sys.executable, __file__, "--child", str(config), fake.api_url],
        env=env, cwd=tmp, stdout=log, stderr=log,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/slack/events"
    connector = aiohttp.TCPConnector(limit=2000)
    session = aiohttp.ClientSession(connector=connector)

    traffic = Traffic(session, url, fake, clicked_at)
    command, click = traffic.command, traffic.click
    failures = traffic.failures  # why requests got no ack, by exception

    try:
        await wait_listening(session, port)
        for text in ("setup tz UTC", "post"):
            before = len(fake.responses)
            await command(text, ADMIN)
            await fake.wait_for_response(before + 1, timeout=10)
        round_id, metadata = 0, ""
        if args.buttons:  # the form's signed metadata is the same for every member
            db = sqlite3.connect(tmp / "bot.db")
            round_id = db.execute("SELECT MAX(id) FROM rounds").fetchone()[0]
            db.close()
            await click(ADMIN, round_id)
            (form,) = await fake.wait_for("views.update", 1)
            metadata = form.args["view"]["private_metadata"]
            opened_after.clear()  # the admin's click is not part of any rate
        await asyncio.sleep(1.0)
        print(f"fake Slack latency {args.latency:.2f} s per call; bot RLIMIT_NOFILE {FD_LIMIT}")
        print(f"{'rate/s':>7} {'sent':>6} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} {'max ms':>8}"
              f" {'errors':>6} {'receipts':>8} {'fds max':>7} {'RSS MB':>7} {'CPU ms/answer':>13}"
              f" {'(loop thread)':>13}")  # fmt: skip
        crossed, acked_users, next_user = None, set(), 0
        for rate, count in zip(rates, planned, strict=True):
            before, calls_before = len(fake.responses), len(fake.calls)
            peak_fds, peak_rss = 0, 0.0
            cpu_before, loop_before = cpu_seconds(bot.pid), cpu_seconds(bot.pid, bot.pid)
            tasks, senders = [], []
            start = time.perf_counter()
            for i in range(count):
                delay = start + i / rate - time.perf_counter()
                if delay > 0:
                    await asyncio.sleep(delay)
                if args.buttons:
                    work = traffic.by_button(users[next_user], round_id, metadata)
                else:
                    work = command("answer B", users[next_user])
                tasks.append(asyncio.ensure_future(work))
                senders.append(users[next_user])
                next_user += 1
                if i % max(1, rate // 10) == 0:
                    fds, rss = proc_stats(bot.pid)
                    peak_fds, peak_rss = max(peak_fds, fds), max(peak_rss, rss)
            while not all(t.done() for t in tasks):
                fds, rss = proc_stats(bot.pid)
                peak_fds, peak_rss = max(peak_fds, fds), max(peak_rss, rss)
                await asyncio.sleep(0.05)
            results = [t.result() for t in tasks]
            if args.buttons:  # acks of clicks and forms together; the form's ack counts
                pairs, results = results, [pair[1] for pair in results]
                acks = [s for pair in pairs for s, status, _ in pair if status == 200]
                errors = sum(status != 200 for pair in pairs for _, status, _ in pair)
            else:
                acks = [s for s, status, _ in results if status == 200]
                errors = sum(status != 200 for _, status, _ in results)
            acked_users |= {u for u, (_, status, _) in zip(senders, results, strict=True)
                            if status == 200}  # fmt: skip
            deadline = time.perf_counter() + 15
            # a receipt rides in the command's ack when the answer is stored in time
            in_acks = [json.loads(body).get("text", "") for _, status, body in results
                       if status == 200 and body and not args.buttons]  # fmt: skip
            answered = sum(status == 200 for _, status, _ in results) - len(in_acks)

            def replies(before: int = before, calls_before: int = calls_before) -> list[str]:
                if args.buttons:  # forms are answered with an ephemeral message
                    return [str(c.args.get("text", "")) for c in fake.calls[calls_before:]
                            if c.method == "chat.postEphemeral"]  # fmt: skip
                return [r.get("text", "") for r in fake.responses[before:]]

            while (len(replies()) < answered or (args.buttons and len(opened_after) < count)) \
                    and time.perf_counter() < deadline:  # fmt: skip
                fds, rss = proc_stats(bot.pid)  # (every click's views.open is waited for too)
                peak_fds, peak_rss = max(peak_fds, fds), max(peak_rss, rss)
                await asyncio.sleep(0.1)
            receipts = sum("received" in t for t in replies() + in_acks)
            if args.verbose:
                kinds: dict[str, int] = {}
                for t in replies():
                    kinds[t[:70]] = kinds.get(t[:70], 0) + 1
                methods: dict[str, int] = {}
                for call in fake.calls[calls_before:]:
                    methods[call.method] = methods.get(call.method, 0) + 1
                print(kinds, failures, "Web API calls:", methods)
                failures.clear()
            p99 = pct(acks, 0.99)
            if crossed is None and (p99 > 3.0 or errors):
                crossed = rate
            print(f"{rate:>7} {count:>6} {pct(acks, .5) * 1e3:>8.1f} {pct(acks, .9) * 1e3:>8.1f}"
                  f" {p99 * 1e3:>8.1f} {max(acks, default=0) * 1e3:>8.1f} {errors:>6}"
                  f" {receipts:>8} {peak_fds:>7} {peak_rss:>7.1f}"
                  f" {(cpu_seconds(bot.pid) - cpu_before) * 1e3 / max(1, count):>13.2f}"
                  f" {(cpu_seconds(bot.pid, bot.pid) - loop_before) * 1e3 / max(1, count):>13.2f}")  # fmt: skip
            if args.buttons:
                print(f"{'':>7} modals opened {len(opened_after)}: after the click p50 "
                      f"{pct(opened_after, .5) * 1e3:.0f} ms, p99 {pct(opened_after, .99) * 1e3:.0f}"
                      f" ms, max {max(opened_after, default=0) * 1e3:.0f} ms; expired {len(expired)};"
                      f" never opened {count - len(opened_after)}")  # fmt: skip
                opened_after.clear()
                expired.clear()
            await asyncio.sleep(1.0)

        def stored_answers() -> list[str]:
            db = sqlite3.connect(tmp / "bot.db")
            rows = db.execute("SELECT m.external_id FROM submissions s JOIN members m"
                              " ON m.id = s.member_id").fetchall()  # fmt: skip
            db.close()
            return [r[0] for r in rows if r[0] != ADMIN]

        # an overloaded bot is still storing answers it acknowledged: wait until it is done
        # (the count stops changing for 3 s, at most 120 s), so a late one is not counted lost
        stored, still, waited = stored_answers(), 0.0, time.perf_counter()
        while still < 3.0 and time.perf_counter() - waited < 120:
            await asyncio.sleep(0.5)
            now_stored = stored_answers()
            still = still + 0.5 if len(now_stored) == len(stored) else 0.0
            stored = now_stored
        print(f"all stored {time.perf_counter() - waited - still:.1f} s after the last rate")
        twice = len(stored) - len(set(stored))
        lost = len(acked_users - set(stored))
        late = len(set(stored) - acked_users)  # stored, but the ack came after the client gave up
        ok = not twice and not lost
        print(f"acknowledged answers {len(acked_users)}, stored {len(stored)}: acknowledged but "
              f"not stored {lost}, stored twice {twice}, stored without an ack in time {late}: "
              f"{'every acknowledged answer stored once' if ok else 'MISMATCH'}")  # fmt: skip
        print("ack p99 crosses 3 s (or errors start) at:",
              f"{crossed}/s" if crossed else f"not reached up to {rates[-1]}/s")  # fmt: skip
    finally:
        await session.close()
        bot.terminate()
        try:
            bot.wait(15)
        except subprocess.TimeoutExpired:
            bot.kill()
        await fake.close()


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rates", default="50,100,200,400")
    parser.add_argument("--seconds", type=int, default=3)
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--verbose", action="store_true", help="print the kinds of replies")
    parser.add_argument("--buttons", action="store_true",
                        help="answer with the Answer button and the form instead of /study answer")  # fmt: skip
    parser.add_argument("--bot-cpu", type=int, help="run the bot on this CPU only (one core)")
    parser.add_argument("--log", help="write the bot's log (stdout and stderr) to this file")
    parser.add_argument(
        "--profile",
        help="write a cProfile of the bot process to this file (pyinstrument text if *.txt)",
    )
    parser.add_argument("--loop", choices=("asyncio", "uvloop"),
                        help="run the bot on this event loop (default: as bot.cli chooses)")  # fmt: skip
    parser.add_argument("--max-requests", type=int, default=4000, help="per rate, at most")
    from bot.cli import loop_factory

    # the load and the fake Slack share one core: on uvloop they keep up with the bot longer
    with asyncio.Runner(loop_factory=loop_factory()) as runner:
        runner.run(main(parser.parse_args()))
