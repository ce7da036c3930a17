"""The bot under test for bench/load_slack.py (and tests/adapters/slack/test_slack_fd_limit.py).

`child` is the bot process itself (`studybot run` in Slack HTTP mode, RLIMIT_NOFILE 1024, its Web
API client pointed at a fake Slack), started as `python bench/load_slack.py --child CONFIG
API_URL`; the rest sets it up and watches it: its configuration (one choice question, no rate
limits), environment, port, open descriptors, RSS and CPU time, and when it listens. `pct` is the
percentile the bench reports. Importing `bot` needs the repository root on sys.path
(load_slack.py puts it there).
"""

from __future__ import annotations

import asyncio
import os
import resource
import socket
import sys
from collections.abc import Callable
from pathlib import Path

import aiohttp

SECRET = "bench-signing-secret"
TOKEN = "xoxb-bench"
CHANNEL = "C0STUDY"
ADMIN = "UADMIN"
BANK = """
[[question]]
id = "bench.choice.check"
kind = "choice"
topic = "choice"
difficulty = 1
title = "Pick B"
prompt = "Which letter is the second one?"
explanation = "B is the second letter."
[question.choice]
options = ["A", "B", "C", "D"]
correct = "B"
"""
FD_LIMIT = 1024


def child(config: str, api_url: str) -> None:
    """The bot process: a 1,024 descriptor limit, the Web API client pointed at the fake."""
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(FD_LIMIT, hard), hard))
    if os.environ.get("LOAD_SLACK_CPU"):  # the bot on one core (its database thread too)
        os.sched_setaffinity(0, {int(os.environ["LOAD_SLACK_CPU"])})
    if os.environ.get("LOAD_SLACK_LOOP") == "asyncio":  # compare with the stock event loop
        import asyncio as _asyncio

        _asyncio.set_event_loop_policy(_asyncio.DefaultEventLoopPolicy())
    elif os.environ.get("LOAD_SLACK_LOOP") == "uvloop":
        import uvloop

        uvloop.install()
    import bot.adapters.slack.adapter as adapter

    make_client = adapter.make_client
    adapter.make_client = lambda token, base_url=None: make_client(token, base_url or api_url)
    from bot.cli import main

    profile = os.environ.get("LOAD_SLACK_PROFILE")
    if not profile:
        sys.exit(main(["run", "--config", config]))
    if profile.endswith(".txt"):  # pyinstrument (sampling: less distortion than cProfile)
        from pyinstrument import Profiler

        sampler = Profiler(interval=0.001)
        sampler.start()
        try:
            code = main(["run", "--config", config])
        finally:
            sampler.stop()
            Path(profile).write_text(sampler.output_text(show_all=True, short_mode=False))
        sys.exit(code)
    import cProfile

    profiler = cProfile.Profile()
    try:
        code = profiler.runcall(main, ["run", "--config", config])
    finally:
        profiler.dump_stats(profile)
    sys.exit(code)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def cpu_seconds(pid: int, task: int | None = None) -> float:
    """User + system CPU time the process (or its thread `task`) has used so far."""
    path = f"/proc/{pid}/stat" if task is None else f"/proc/{pid}/task/{task}/stat"
    try:
        with open(path) as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def proc_stats(pid: int) -> tuple[int, float]:
    """(open descriptors, RSS in MB) of a process."""
    try:
        fds = len(os.listdir(f"/proc/{pid}/fd"))
        with open(f"/proc/{pid}/status") as status:
            rss = next(int(line.split()[1]) for line in status if line.startswith("VmRSS"))
        return fds, rss / 1024
    except (OSError, StopIteration):
        return 0, 0.0


def write_config(tmp: Path, port: int) -> Path:
    """The bot's configuration in `tmp` (one choice question, no rate limits, HTTP on `port`)."""
    (tmp / "bank").mkdir(exist_ok=True)
    (tmp / "bank" / "b.toml").write_text(BANK)
    config = tmp / "studybot.toml"
    config.write_text(
        f'[database]\npath = "{tmp / "bot.db"}"\n'
        f'[questions]\nbundled = false\ndirs = ["{tmp / "bank"}"]\n'
        f'[slack]\nhost = "127.0.0.1"\nport = {port}\n'
        "[limits]\nanswers_per_minute = 0\nclicks_per_minute = 0\nsetup_per_minute = 0\n"
        '[logging]\nformat = "text"\n'
    )
    return config


def bot_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "SLACK_"))}
    return env | {"SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SECRET}


async def wait_listening(
    session: aiohttp.ClientSession, port: int, check: Callable[[], None] = lambda: None
) -> None:
    """Until the bot answers /healthz on `port` (at most 30 s); `check` may raise if it died."""
    for _ in range(300):
        try:
            async with session.get(f"http://127.0.0.1:{port}/healthz") as resp:
                if resp.status in (200, 503):
                    return
        except aiohttp.ClientError:
            pass
        check()
        await asyncio.sleep(0.1)


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]
