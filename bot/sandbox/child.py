"""What a forked child does: lock itself down (layer 2), run one program, report (layers 3-4).

`lock_down` runs first, right after fork: new session (so a wall-clock kill takes the whole process
group), stdout/stderr onto the output pipe and the result pipe onto fd 3, every other descriptor
closed, an empty working directory, an empty environment, no root (nobody) when started as root,
and resource limits (CPU, address space, file size 0, processes 0, open files).

Then `execute` compiles and runs the member's code and, when grading, every test. It reports JSON
lines on fd 3: one per test ({"i": n, "v": encoded value} or {"i": n, "e": "error"}), then one final
{"status": ..., "traceback": ...}. Output printed while hidden tests run is discarded, and errors of
hidden tests carry no detail, so nothing about them reaches the member.
"""

from __future__ import annotations

import contextlib
import fcntl
import io
import json
import linecache
import os
import pickle
import reprlib
import resource
import select
import signal
import sys
import traceback
from json.encoder import c_make_encoder, encode_basestring_ascii  # type: ignore[attr-defined]
from typing import Any

from bot.sandbox import checks, policy, seccomp, values

RESULT_FD = 3
REQUEST_FD = 4
NOBODY = 65534
_repr = reprlib.Repr()
_repr.maxstring = 120
_repr.maxother = 120
_repr.maxlist = _repr.maxtuple = _repr.maxset = _repr.maxdict = 12


def _not_json(value: Any) -> Any:
    raise TypeError(f"cannot report a {type(value).__name__}")


# Reports are encoded by the C encoder, bound now, before any member code runs: nothing the member
# does to json's Python classes afterwards changes what the child reports.
if c_make_encoder is not None:
    _c_encode = c_make_encoder(
        None, _not_json, encode_basestring_ascii, None, ":", ",", False, False, True
    )

    def _dumps(value: Any) -> str:
        return "".join(_c_encode(value, 0))
else:  # pragma: no cover - CPython always has _json
    _dumps = json.dumps
_write = os.write


def lock_down(limits: dict[str, Any], out_w: int, res_w: int, req_r: int, workdir: str) -> None:
    """Isolate this freshly forked child. Afterwards it holds only fds 1-2 (output), 3 (results)
    and 4 (its request, closed by `read_request`)."""
    os.setsid()
    signal.set_wakeup_fd(-1)  # the template's; its fd is about to be closed
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    high = [fcntl.fcntl(fd, fcntl.F_DUPFD, 100) for fd in (out_w, res_w, req_r)]
    os.dup2(high[0], 1)
    os.dup2(high[0], 2)
    os.dup2(high[1], RESULT_FD)
    os.dup2(high[2], REQUEST_FD)
    os.close(0)
    os.closerange(REQUEST_FD + 1, 1 << 16)
    os.mkdir(workdir, 0o700)
    os.chdir(workdir)
    os.environ.clear()
    if os.geteuid() == 0:
        os.setgroups([])
        os.setgid(NOBODY)
        os.setuid(NOBODY)
    seccomp.die_with_parent()  # after setuid, which clears it
    if os.getppid() == 1:
        os._exit(0)  # the template is already gone
    mb = 1024 * 1024
    for which, value in (
        (resource.RLIMIT_CORE, 0),
        (resource.RLIMIT_CPU, limits["cpu_seconds"]),
        (resource.RLIMIT_AS, limits["memory_mb"] * mb),
        (resource.RLIMIT_FSIZE, 0),
        (resource.RLIMIT_NPROC, 0),
        (resource.RLIMIT_NOFILE, limits["max_open_files"]),
    ):
        hard = value + 1 if which == resource.RLIMIT_CPU else value
        resource.setrlimit(which, (value, hard))
    sys.setrecursionlimit(limits["recursion_limit"])
    out = io.TextIOWrapper(
        io.FileIO(1, "w", closefd=False), encoding="utf-8", errors="replace", write_through=True
    )
    sys.stdout = sys.stderr = out
    if _filter is not None:  # last: from here on only the allowlisted syscalls work
        _filter.install()
    elif limits.get("seccomp", True):
        raise RuntimeError("the syscall filter was not prepared; refusing to run member code")


WARMUP = """
import math
class Shape:
    def __init__(self, side):
        self.side = side
    def area(self):
        return self.side ** 2
def gen(n):
    for i in range(n):
        yield i * 2
total = 0
for k, v in {"a": 1}.items():
    total += v
print(f"{Shape(3).area():>4} {sorted(gen(3))} {[x for x in range(3)]} {total}")
"""


_namespace: dict[str, Any] | None = None
_filter: seccomp.Filter | None = None  # what every child loads (None: switched off)


def prepare(allowed_modules: list[str], use_seccomp: bool = True) -> None:
    """In the template, before any fork: build the member namespace and the syscall filter once.
    Every child gets its own copy-on-write copy of both, and the template never runs member code
    in the namespace. Raises `seccomp.SeccompUnavailable` when the filter cannot be built."""
    global _namespace, _filter
    _namespace = policy.restricted_globals(allowed_modules)
    policy.compile_member_code(WARMUP)
    if use_seccomp:
        program = seccomp.build_filter(read_fds=[REQUEST_FD], write_fds=[1, 2, RESULT_FD])
        _filter = seccomp.Filter(program)


def member_namespace(limits: dict[str, Any]) -> dict[str, Any]:
    if _namespace is None:  # pragma: no cover - the template always prepares it
        return policy.restricted_globals(limits["allowed_modules"])
    return _namespace


def warm_up() -> None:
    """Touch the compiler and the encoder: in a fresh child, copy-on-write faults and cold caches
    cost more than compiling itself."""
    policy.compile_member_code(WARMUP)
    _dumps({"status": "ok", "v": [1, 2.5, "x"]})


def finish() -> None:
    """Close the pipes before exiting: the template answers on EOF, the exit itself is slow."""
    with contextlib.suppress(Exception):
        sys.stdout.flush()
    for fd in (1, 2, RESULT_FD):
        with contextlib.suppress(OSError):
            os.close(fd)


def read_request(warm_after: float | None = None) -> dict[str, Any]:
    """Block until the template sends this child's one request (a pickle: the template is
    trusted), then close the request pipe. A spare still waiting after `warm_after` seconds
    warms up meanwhile."""
    if warm_after is not None and not select.select([REQUEST_FD], [], [], warm_after)[0]:
        warm_up()
    chunks = []
    while chunk := os.read(REQUEST_FD, 1 << 16):
        chunks.append(chunk)
    os.close(REQUEST_FD)
    return pickle.loads(b"".join(chunks))


def _emit(event: dict[str, Any]) -> None:
    data = (_dumps(event) + "\n").encode()
    while data:
        data = data[_write(RESULT_FD, data) :]


def _trimmed_traceback(exc: BaseException) -> str:
    """The traceback with only the member's own frames."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == policy.SNIPPET]
    lines = ["Traceback (most recent call last):\n"] if frames else []
    lines += traceback.format_list(frames)
    lines += traceback.format_exception_only(type(exc), exc)
    return "".join(lines)


def _one_line(exc: BaseException) -> str:
    return "".join(traceback.format_exception_only(type(exc), exc)).strip()[:300]


def _status_of(exc: BaseException) -> str:
    return "memory" if isinstance(exc, MemoryError) else "error"


class _Discard(io.TextIOBase):
    def write(self, s: str) -> int:
        return len(s)


def execute(req: dict[str, Any], namespace: dict[str, Any]) -> None:
    """Run one request in this (locked-down) child and report on fd 3."""
    source: str = req["code"]
    if req.get("restricted", True):
        code, error = policy.compile_member_code(source)
    else:  # trusted code (tests of the OS layer): plain Python, still inside every OS limit
        namespace = {"__name__": "__main__"}
        try:
            code, error = compile(source, policy.SNIPPET, "exec"), ""
        except SyntaxError as exc:
            code, error = None, _one_line(exc)
    if code is None:
        _emit({"status": "compile_error", "traceback": error})
        return
    linecache.cache[policy.SNIPPET] = (len(source), None, source.splitlines(True), policy.SNIPPET)
    try:
        exec(code, namespace)
    except SystemExit as exc:  # sys.exit(): quietly OK for 0/None, as CPython exits
        status = exc.code
        if status is not None and not (isinstance(status, int) and int(status) == 0):
            if not isinstance(status, int):  # CPython prints a message to stderr
                with contextlib.suppress(Exception):
                    sys.stderr.write(f"{status}\n")
            sys.stdout.flush()
            _emit({"status": "error", "traceback": _trimmed_traceback(exc)})
            return
    except BaseException as exc:
        sys.stdout.flush()
        _emit({"status": _status_of(exc), "traceback": _trimmed_traceback(exc)})
        return
    tests = req.get("tests") or ()
    if tests:
        _emit({"loaded": True})
        _run_tests(req, namespace, tests)
    sys.stdout.flush()
    _emit({"status": "ok", "traceback": ""})


def _run_tests(req: dict[str, Any], namespace: dict[str, Any], tests: Any) -> None:
    n_public: int = req["n_public"]
    entry: str = req["entry_point"]
    for i, (args, check) in enumerate(tests):
        public = i < n_public
        if not public and i == n_public:
            sys.stdout.flush()
            sys.stdout = sys.stderr = _Discard()
        try:
            if check is not None:  # a hidden check records what the bot compares ("x")
                records = checks.Records(_dumps)
                checks.run_check(check, namespace, entry, records)
                _emit({"i": i, "v": None, "x": records.items})
                continue
            func = namespace.get(entry)
            if func is None:
                raise NameError(f"name {entry!r} is not defined")
            value = func(*args)
            event: dict[str, Any] = {"i": i, "v": values.encode(value)}
            if public:
                event["r"] = _repr.repr(value)
            _emit(event)
        except BaseException as exc:
            _emit({"i": i, "e": _one_line(exc) if public else "failed"})
