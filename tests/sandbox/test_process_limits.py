"""The layers beneath the syscall filter, each on its own: plain, unrestricted Python (as if the
language policy had been escaped) in a child whose seccomp filter is switched off still runs with
no token, no extra descriptors, no root, no processes, and every resource limit is actually hit.
(test_boundary.py runs the attacks with the filter on, as root and as a non-root uid.)"""

from __future__ import annotations

import dataclasses
import os
import shutil
import stat
import tempfile
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from sandbox_support import FAKE_TOKEN, TEST_SETTINGS, assert_no_secret

from bot.sandbox import ProcessSandbox, RunStatus, SandboxSettings

pytestmark = pytest.mark.asyncio(loop_scope="module")
AS_ROOT = os.geteuid() == 0


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def sandbox() -> AsyncIterator[ProcessSandbox]:
    """Every layer but the syscall filter, so that each layer below it is seen to hold alone."""
    box = ProcessSandbox(dataclasses.replace(TEST_SETTINGS, seccomp=False))
    await box.start()
    try:
        yield box
    finally:
        await box.close()


@pytest_asyncio.fixture(
    loop_scope="module", scope="module", params=[False, True], ids=["unfiltered", "filtered"]
)
async def box(request: pytest.FixtureRequest) -> AsyncIterator[ProcessSandbox]:
    """Resource limits hold with and without the syscall filter."""
    settings = dataclasses.replace(
        TEST_SETTINGS, seccomp=request.param, preload_modules=("asyncio",)
    )
    box = ProcessSandbox(settings)
    await box.start()
    try:
        yield box
    finally:
        await box.close()


async def test_environment_is_empty(sandbox: ProcessSandbox) -> None:
    code = (
        "import os\n"
        "print(sorted(os.environ))\n"
        "try:\n"
        "    print(open('/proc/self/environ', 'rb').read())\n"
        "except PermissionError:\n"
        "    print('denied')\n"
    )
    result = await sandbox.run_unrestricted(code)
    assert result.ok, result.traceback
    names, environ = result.stdout.splitlines()
    assert names == "[]"
    assert environ in ("b''", "denied")
    assert_no_secret(result)


async def test_the_bot_process_environment_is_unreadable(sandbox: ProcessSandbox) -> None:
    result = await sandbox.run_unrestricted(
        f"print(open('/proc/{os.getpid()}/environ', 'rb').read())"
    )
    assert result.status is RunStatus.ERROR
    assert "PermissionError" in result.traceback
    assert_no_secret(result)


async def test_only_the_output_and_result_pipes_are_open(sandbox: ProcessSandbox) -> None:
    code = (
        "import os\n"
        "for fd in sorted(os.listdir('/proc/self/fd'), key=int):\n"
        "    try:\n"
        "        print(fd, os.readlink(f'/proc/self/fd/{fd}'))\n"
        "    except OSError:\n"
        "        pass\n"
    )
    result = await sandbox.run_unrestricted(code)
    assert result.ok, result.traceback
    links = dict(line.split(" ", 1) for line in result.stdout.splitlines())
    pipes = {fd: target for fd, target in links.items() if target.startswith("pipe:")}
    assert set(pipes) == {"1", "2", "3"}
    assert pipes["1"] == pipes["2"] != pipes["3"]  # output, and results
    others = set(links) - set(pipes)
    assert all("/proc/" in links[fd] for fd in others)  # only listdir's own descriptor


async def test_identity_session_directory_and_recursion_limit(sandbox: ProcessSandbox) -> None:
    code = (
        "import os, sys\n"
        "print(os.getuid(), os.getgid(), os.getgroups())\n"
        "print(os.getsid(0) == os.getpid(), os.getpgid(0) == os.getpid())\n"
        "print(os.getcwd())\n"
        "print(sys.getrecursionlimit())\n"
    )
    result = await sandbox.run_unrestricted(code)
    assert result.ok, result.traceback
    ids, session, cwd, limit = result.stdout.splitlines()
    if AS_ROOT:
        assert ids == "65534 65534 []"  # root is dropped to nobody
    assert session == "True True"
    assert os.path.basename(cwd).startswith("snippet-")
    assert not os.path.exists(cwd)  # removed after the run
    assert limit == str(TEST_SETTINGS.recursion_limit)


async def test_fork_bomb_gets_no_process(sandbox: ProcessSandbox) -> None:
    result = await sandbox.run_unrestricted("import os\nwhile True:\n    os.fork()")
    assert result.status is RunStatus.ERROR
    assert "BlockingIOError" in result.traceback
    assert (await sandbox.run("print(1)")).stdout == "1\n"  # the template survived it


async def test_no_process_can_be_spawned(sandbox: ProcessSandbox) -> None:
    # os.posix_spawn rather than subprocess: as nobody the child cannot even import subprocess
    # (the interpreter's library is under /root), which would hide the process limit.
    result = await sandbox.run_unrestricted("import os\nos.posix_spawn('/bin/true', ['true'], {})")
    assert result.status is RunStatus.ERROR
    assert "BlockingIOError" in result.traceback.strip().splitlines()[-1]


async def test_file_writes_are_capped_at_zero_bytes(sandbox: ProcessSandbox) -> None:
    shared = tempfile.mkdtemp(prefix="sandbox-fsize-")
    os.chmod(shared, stat.S_IRWXU | stat.S_IRWXG | stat.S_IRWXO)  # writable even by nobody
    target = os.path.join(shared, "escape.txt")
    try:
        result = await sandbox.run_unrestricted(
            f"f = open({target!r}, 'w')\nf.write('x' * 100)\nf.flush()"
        )
        assert result.status is RunStatus.ERROR
        assert "File too large" in result.traceback
        assert not os.path.exists(target) or os.path.getsize(target) == 0
    finally:
        shutil.rmtree(shared)


async def test_open_files_are_limited(sandbox: ProcessSandbox) -> None:
    code = "import os\nfds = [os.open('/dev/null', os.O_RDONLY) for _ in range(100)]"
    result = await sandbox.run_unrestricted(code)
    assert result.status is RunStatus.ERROR
    assert "Too many open files" in result.traceback


@pytest.mark.parametrize(
    "code",
    ["x = bytearray(400 * 1024 * 1024)", "x = []\nwhile True:\n    x.append(' ' * 10 ** 6)"],
    ids=["at-once", "growing"],
)
async def test_memory_limit(box: ProcessSandbox, code: str) -> None:
    result = await box.run_unrestricted(code)
    assert result.status is RunStatus.MEMORY, result.traceback
    assert result.traceback.strip().splitlines()[-1] == "MemoryError"


async def test_output_flood_below_python_is_cut(box: ProcessSandbox) -> None:
    result = await box.run_unrestricted("import os\nwhile True:\n    os.write(1, b'x' * 65536)")
    assert result.status is RunStatus.OUTPUT_LIMIT
    assert result.truncated and set(result.stdout) == {"x"}


async def test_wall_clock_kills_a_sleeping_program(box: ProcessSandbox) -> None:
    result = await box.run_unrestricted("import time\nprint('before', flush=True)\ntime.sleep(60)")
    assert result.status is RunStatus.TIMEOUT
    assert (
        result.traceback
        == f"Stopped: the program ran longer than {TEST_SETTINGS.wall_seconds:g} s."
    )
    assert result.stdout == "before\n"  # what was printed before the kill is kept
    assert TEST_SETTINGS.wall_seconds - 0.1 < result.duration < TEST_SETTINGS.wall_seconds + 1.0


@pytest.mark.skipif(not AS_ROOT, reason="a same-user child could signal its parent")
async def test_cannot_kill_the_template_or_the_bot(sandbox: ProcessSandbox) -> None:
    for target in ("os.getppid()", str(os.getpid())):
        result = await sandbox.run_unrestricted(
            f"import os, signal\nos.kill({target}, signal.SIGKILL)"
        )
        assert result.status is RunStatus.ERROR
        assert "PermissionError" in result.traceback
    assert (await sandbox.run("print(1)")).stdout == "1\n"


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def cpu_box() -> AsyncIterator[ProcessSandbox]:
    box = ProcessSandbox(SandboxSettings(cpu_seconds=1, wall_seconds=5.0, runs_per_minute=0))
    await box.start()
    yield box
    await box.close()


async def test_cpu_limit_stops_a_busy_loop_before_the_wall_clock(cpu_box: ProcessSandbox) -> None:
    result = await cpu_box.run_unrestricted("while True:\n    pass")
    assert result.status is RunStatus.TIMEOUT
    assert result.traceback == "Stopped: the program used more than 1 s of CPU time."
    assert result.duration < 5.0  # SIGXCPU, before the 5 s wall clock
    assert FAKE_TOKEN not in result.stdout


@pytest.mark.skipif(not AS_ROOT, reason="a network namespace needs root")
async def test_children_have_no_network(sandbox: ProcessSandbox) -> None:
    """An escaped snippet lives in its own, empty network namespace: not the bot's network."""
    result = await sandbox.run_unrestricted("import os\nprint(os.readlink('/proc/self/ns/net'))")
    assert result.ok, result.traceback
    assert result.stdout.strip().startswith("net:[")
    assert result.stdout.strip() != os.readlink("/proc/self/ns/net")
    interfaces = await sandbox.run_unrestricted(  # /proc/self/net shows this process's namespace
        "lines = open('/proc/self/net/dev').read().splitlines()[2:]\n"
        "print(sorted(line.split(':')[0].strip() for line in lines))"
    )
    assert interfaces.stdout.strip() == "['lo']", interfaces.stdout + interfaces.traceback


async def test_an_asyncio_event_loop_runs_inside(box: ProcessSandbox) -> None:
    """The filter admits what asyncio's loop needs (epoll, a self-connected AF_UNIX stream pair,
    FIONBIO), so `asyncio.run` works with and without it."""
    code = (
        "import asyncio\n"
        "async def square(i):\n"
        "    await asyncio.sleep(0.01 * (5 - i))\n"
        "    return i * i\n"
        "async def main():\n"
        "    queue = asyncio.Queue()\n"
        "    await queue.put('done')\n"
        "    print(await asyncio.gather(*(square(i) for i in range(5))), await queue.get())\n"
        "asyncio.run(main())\n"
    )
    result = await box.run_unrestricted(code)
    assert result.ok, result.traceback
    assert result.stdout == "[0, 1, 4, 9, 16] done\n"
