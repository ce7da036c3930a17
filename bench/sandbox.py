"""Sandbox benchmark: latency and throughput of ProcessSandbox next to a naive baseline.

    python bench/sandbox.py           # ~20 s
    python bench/sandbox.py --quick   # fewer runs

Measures, in the same run:
- a trivial snippet through `ProcessSandbox.run` (one at a time back to back for p50/p99, one
  every 50 ms as chat traffic comes, then many concurrently for throughput), and the baseline: a fresh `python -c` subprocess per snippet
  (`sys.executable -c`, i.e. python3 -c of this environment; no sandboxing at all);
- grading a code question with 2 public examples and 10 hidden tests through
  `ProcessSandbox.grade`, and the baseline: a fresh `python -c` running the solution and the
  twelve tests in plain Python;
- the cost of the seccomp filter: the trivial snippet through two sandboxes, one with the filter
  and one without (`SandboxSettings.seccomp=False`), calls interleaved so both see the same
  machine, and the filter's build time in the template.

Targets (2-core machine): trivial p50 <= 3 ms, >= 10x faster than the baseline,
>= 400 snippets/s, grading p50 <= 20 ms, the filter adds <= 0.2 ms to the trivial p50.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import os
import statistics
import struct
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable

from bot.bank.model import CodeSpec, CodeTest
from bot.cli import loop_factory
from bot.sandbox import ProcessSandbox, SandboxSettings, seccomp

TRIVIAL = "print(sum(range(10)))"

REFERENCE = """
def two_sum(nums, target):
    seen = {}
    for i, n in enumerate(nums):
        if target - n in seen:
            return [seen[target - n], i]
        seen[n] = i
    return []
"""
CASES = [
    (([2, 7, 11, 15], 9), [0, 1]),
    (([3, 2, 4], 6), [1, 2]),
    (([3, 3], 6), [0, 1]),
    (([1, 2, 3, 4, 5], 9), [3, 4]),
    (([0, 4, 3, 0], 0), [0, 3]),
    (([-1, -2, -3, -4, -5], -8), [2, 4]),
    (([5, 75, 25], 100), [1, 2]),
    ((list(range(100)), 197), [98, 99]),
    (([1, 1, 1, 1], 2), [0, 1]),
    (([10, 20], 30), [0, 1]),
    (([1, 5, 9], 14), [1, 2]),
    (([4, 4, 4], 8), [0, 1]),
]
SPEC = CodeSpec(
    entry_point="two_sum",
    signature="def two_sum(nums: list[int], target: int) -> list[int]",
    reference=REFERENCE,
    examples=tuple(CodeTest(args=a, expected=e) for a, e in CASES[:2]),
    tests=tuple(CodeTest(args=a, expected=e) for a, e in CASES[2:]),
)
BASELINE_GRADER = (
    REFERENCE
    + f"\nCASES = {CASES!r}\n"
    + "print(sum(two_sum(*args) == expected for args, expected in CASES), len(CASES))\n"
)


async def fresh_python(code: str) -> None:
    """The baseline: a fresh interpreter per snippet, started with a plain blocking
    `subprocess.run` so that its cost does not depend on the event loop (nothing else runs
    meanwhile)."""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, check=False)
    assert done.returncode == 0 and done.stdout, done.stdout


async def latencies(call: Callable[[], Awaitable[object]], n: int, gap: float = 0.0) -> list[float]:
    """One call at a time, back to back (gap 0) or spaced like chat traffic."""
    await call()  # warm up
    times = []
    for _ in range(n):
        await asyncio.sleep(gap)
        start = time.perf_counter()
        await call()
        times.append(time.perf_counter() - start)
    return times


async def throughput(call: Callable[[], Awaitable[object]], n: int, parallel: int) -> float:
    gate = asyncio.Semaphore(parallel)

    async def one() -> None:
        async with gate:
            await call()

    start = time.perf_counter()
    await asyncio.gather(*(one() for _ in range(n)))
    return n / (time.perf_counter() - start)


async def filter_cost(settings: SandboxSettings, n: int) -> tuple[float, float, float]:
    """(p50 with the filter, p50 without, build ms): interleaved runs on two sandboxes."""
    on = ProcessSandbox(settings)
    off = ProcessSandbox(dataclasses.replace(settings, seccomp=False))
    await on.start()
    await off.start()
    try:
        with_filter: list[float] = []
        without: list[float] = []
        for box in (on, off):
            await box.run(TRIVIAL)
        for _ in range(n):
            for box, times in ((on, with_filter), (off, without)):
                start = time.perf_counter()
                await box.run(TRIVIAL)
                times.append(time.perf_counter() - start)
    finally:
        await on.close()
        await off.close()
    builds = []
    for _ in range(20):
        start = time.perf_counter()
        seccomp.build_filter([4], [1, 2, 3])
        builds.append(time.perf_counter() - start)
    return pct(with_filter, 0.5), pct(without, 0.5), statistics.median(builds) * 1000


def load_cost(n: int) -> float:
    """p50 ms of loading the prebuilt filter in a freshly forked child (what each child pays)."""
    loader = seccomp.Filter(seccomp.build_filter([4], [1, 2, 3]))
    times = []
    for _ in range(n):
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.dup2(w, 3)  # the filter lets a child write only to fds 1-3
            start = time.perf_counter()
            loader.install()
            os.write(3, struct.pack("d", time.perf_counter() - start))
            os._exit(0)
        os.close(w)
        times.append(struct.unpack("d", os.read(r, 8))[0])
        os.close(r)
        os.waitpid(pid, 0)
    return pct(times, 0.5)


def pct(times: list[float], q: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


async def main(quick: bool) -> None:
    scale = 0.25 if quick else 1.0
    n_fast, n_slow = int(400 * scale), int(60 * scale)
    settings = SandboxSettings(workers=2, queue_size=10_000, runs_per_minute=0)
    box = ProcessSandbox(settings)
    await box.start()
    try:
        run = lambda: box.run(TRIVIAL)  # noqa: E731
        grade = lambda: box.grade(SPEC.reference, SPEC)  # noqa: E731
        result = await grade()
        assert result.passed == result.total == 12, result
        rows = [
            ("trivial", "sandbox", await latencies(run, n_fast),
             await throughput(run, 2 * n_fast, 8)),
            ("trivial, 50ms gaps", "sandbox", await latencies(run, n_slow, gap=0.05), 0.0),
            ("trivial", "python -c", await latencies(lambda: fresh_python(TRIVIAL), n_slow),
             await throughput(lambda: fresh_python(TRIVIAL), n_slow, 8)),
            ("grade, 10 hidden", "sandbox", await latencies(grade, n_fast),
             await throughput(grade, 2 * n_fast, 8)),
            ("grade, 10 hidden", "python -c",
             await latencies(lambda: fresh_python(BASELINE_GRADER), n_slow),
             await throughput(lambda: fresh_python(BASELINE_GRADER), n_slow, 8)),
        ]  # fmt: skip
    finally:
        await box.close()
    filtered, unfiltered, build_ms = await filter_cost(settings, n_fast)
    load_ms = load_cost(n_fast)

    loop = type(asyncio.get_running_loop()).__module__.split(".")[0]
    print(f"\nsandbox benchmark ({sys.executable}, workers={settings.workers}, {loop} loop)\n")
    print(f"{'workload':<20}{'runner':<11}{'p50 ms':>9}{'p99 ms':>9}{'per second':>12}")
    for workload, runner, times, per_s in rows:
        rate = f"{per_s:>12.0f}" if per_s else f"{'-':>12}"
        print(f"{workload:<20}{runner:<11}{pct(times, 0.5):>9.2f}{pct(times, 0.99):>9.2f}{rate}")

    print(
        f"\nseccomp filter, interleaved: p50 {filtered:.3f} ms with, {unfiltered:.3f} ms without "
        f"({filtered - unfiltered:+.3f} ms); loading it in a fresh child: p50 {load_ms:.3f} ms; "
        f"built once in the template in {build_ms:.2f} ms"
    )
    trivial, base, graded = rows[0], rows[2], rows[3]
    speedup = pct(base[2], 0.5) / pct(trivial[2], 0.5)
    added = max(filtered - unfiltered, load_ms)
    checks = [
        ("trivial p50 <= 3 ms", pct(trivial[2], 0.5) <= 3.0, f"{pct(trivial[2], 0.5):.2f} ms"),
        ("trivial >= 10x faster than python -c", speedup >= 10, f"{speedup:.1f}x"),
        ("trivial >= 400 snippets/s", trivial[3] >= 400, f"{trivial[3]:.0f}/s"),
        ("grading p50 <= 20 ms", pct(graded[2], 0.5) <= 20.0, f"{pct(graded[2], 0.5):.2f} ms"),
        (
            "seccomp adds <= 0.2 ms (the larger of the two measures)",
            added <= 0.2,
            f"{added:+.3f} ms",
        ),
    ]
    print()
    for name, ok, value in checks:
        print(f"  [{'met' if ok else 'MISSED'}] {name}: {value}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs")
    with asyncio.Runner(loop_factory=loop_factory()) as runner:  # the bot's own event loop
        runner.run(main(parser.parse_args().quick))
