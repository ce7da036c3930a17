"""Stand-ins for `sys` and `io`: what member code gets for `import sys` / `import io`.

The `sys` stand-in has the harmless facts (maxsize, version_info, float_info...), the output
streams, an empty stdin, `exit`, `getsizeof`, `intern` and a capped `setrecursionlimit`; never
`modules`, `path`, `_getframe`, `settrace`, `meta_path`... Its `stdout` / `stderr` are forwarders
to whatever the child currently prints to (so a reference kept by member code writes nowhere
while hidden tests run), and member code may point them at its own object
(`sys.stdout = buffer`, `contextlib.redirect_stdout`) as in CPython; `print` and
`pprint.pprint` follow (`current_stdout`). The real streams are never handed out: while hidden
tests run, the child points them at nothing.

The `io` stand-in has the in-memory streams only: no open, open_code or FileIO.
"""

from __future__ import annotations

import contextlib
import io
import sys
import types
from typing import Any

MAX_RECURSION_LIMIT = 10_000


class _Stream:
    """Writes to the child's current sys.stdout or sys.stderr."""

    __slots__ = ("_which",)

    def __init__(self, which: str) -> None:
        self._which = which

    def _target(self) -> Any:
        return getattr(sys, self._which)

    def write(self, text: str) -> int:
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        return self._target().write(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        self._target().flush()

    def isatty(self) -> bool:
        return False

    def writable(self) -> bool:
        return True

    def readable(self) -> bool:
        return False

    @property
    def encoding(self) -> str:
        return "utf-8"

    @property
    def buffer(self) -> _Buffer:
        return _Buffer(self)

    def __repr__(self) -> str:
        return f"<_io.TextIOWrapper name='<{self._which}>' mode='w' encoding='utf-8'>"


class _Buffer:
    """`sys.stdout.buffer`: bytes written as UTF-8 text through the same stream (same order)."""

    __slots__ = ("_text",)

    def __init__(self, text: _Stream) -> None:
        self._text = text

    def write(self, data: Any) -> int:
        self._text.write(bytes(data).decode("utf-8", errors="replace"))
        return len(data)

    def flush(self) -> None:
        self._text.flush()


STDOUT = _Stream("stdout")
STDERR = _Stream("stderr")


class SysModule(types.ModuleType):
    """The `sys` stand-in. Only `stdout`, `stderr` and `stdin` may be reassigned."""

    sandbox_writable = ("stdout", "stderr", "stdin")

    def __setattr__(self, name: str, value: Any) -> None:
        if name in self.sandbox_writable:
            if name != "stdin" and not callable(getattr(value, "write", None)):
                raise TypeError(f"sys.{name} needs an object with a write() method")
            self.__dict__[name] = STDOUT if value is None else value
            return
        raise TypeError("sys is read-only in the sandbox")


class _Redirect(contextlib.AbstractContextManager):  # type: ignore[type-arg]
    """contextlib.redirect_stdout / redirect_stderr on the stand-in: the real sys streams (and
    the child's real output stream, which contextlib would keep in `_old_targets`) are never
    touched or held."""

    _stream = "stdout"

    def __init__(self, new_target: Any) -> None:
        self._new_target = new_target
        self._old_targets: list[Any] = []

    def __enter__(self) -> Any:
        if type(self._stream) is not str or self._stream not in ("stdout", "stderr"):
            raise ValueError("only stdout and stderr can be redirected")
        self._old_targets.append(SYS.__dict__[self._stream])
        SYS.__dict__[self._stream] = self._new_target
        return self._new_target

    def __exit__(self, *exc_info: Any) -> None:
        SYS.__dict__[self._stream] = self._old_targets.pop()


class redirect_stdout(_Redirect):
    _stream = "stdout"


class redirect_stderr(_Redirect):
    _stream = "stderr"


for _cls in (redirect_stdout, redirect_stderr):
    _cls.__module__ = "contextlib"


def _pprint(*args: Any, stream: Any = None, **kwargs: Any) -> None:
    """pprint.pprint / pp print to the member's sys.stdout (pprint reads the real one)."""
    import pprint

    pprint.pprint(*args, stream=stream or current_stdout(), **kwargs)


def _pp(*args: Any, sort_dicts: bool = False, **kwargs: Any) -> None:
    _pprint(*args, sort_dicts=sort_dicts, **kwargs)


def current_stdout() -> Any:
    """Where print() writes: the member's own sys.stdout if it set one, else the real one."""
    target = SYS.__dict__["stdout"]
    return sys.stdout if target is STDOUT else target


def current_stderr() -> Any:
    target = SYS.__dict__["stderr"]
    return sys.stderr if target is STDERR else target


def _exit(status: Any = None) -> None:
    raise SystemExit(status)


def _setrecursionlimit(limit: int) -> None:
    if not isinstance(limit, int):
        raise TypeError("an integer is required")
    value = int.__int__(limit)  # the plain value: an int subclass could lie in comparisons
    if value < 1:
        raise ValueError("recursion limit must be greater or equal than 1")
    sys.setrecursionlimit(min(value, MAX_RECURSION_LIMIT))


def _exc_info() -> tuple[Any, Any, None]:
    """Like sys.exc_info(), without the traceback (it leads to frames)."""
    exc = sys.exception()
    return (type(exc), exc, None) if exc is not None else (None, None, None)


def _build_sys() -> SysModule:
    module = SysModule("sys", "The sandbox's sys: interpreter facts and the output streams.")
    facts = (
        "maxsize", "maxunicode", "byteorder", "version", "version_info", "float_info",
        "int_info", "hash_info", "platform", "implementation", "float_repr_style",
        "hexversion", "api_version", "copyright",
    )  # fmt: skip
    namespace = module.__dict__
    for name in facts:
        namespace[name] = getattr(sys, name)
    namespace.update(
        stdout=STDOUT,
        stderr=STDERR,
        stdin=io.StringIO(),
        __stdout__=STDOUT,
        __stderr__=STDERR,
        argv=["<snippet>"],
        orig_argv=["python", "<snippet>"],
        executable="",
        flags=sys.flags,
        getsizeof=sys.getsizeof,
        getrecursionlimit=sys.getrecursionlimit,
        setrecursionlimit=_setrecursionlimit,
        intern=sys.intern,
        exit=_exit,
        exc_info=_exc_info,
        exception=sys.exception,
        getdefaultencoding=sys.getdefaultencoding,
        getfilesystemencoding=sys.getfilesystemencoding,
    )
    return module


def _build_io() -> types.ModuleType:
    module = types.ModuleType("io", "The sandbox's io: in-memory streams only.")
    for name in (
        "StringIO", "BytesIO", "TextIOWrapper", "IOBase", "TextIOBase", "BufferedIOBase",
        "RawIOBase", "UnsupportedOperation", "SEEK_SET", "SEEK_CUR", "SEEK_END",
        "DEFAULT_BUFFER_SIZE",
    ):  # fmt: skip
        setattr(module, name, getattr(io, name))
    return module


SYS = _build_sys()
IO = _build_io()
STAND_INS: dict[str, types.ModuleType] = {"sys": SYS, "io": IO}
# Helpers of allowlisted modules that would write to (or hold) the real streams.
STREAM_HELPERS: dict[tuple[str, str], Any] = {
    ("contextlib", "redirect_stdout"): redirect_stdout,
    ("contextlib", "redirect_stderr"): redirect_stderr,
    ("pprint", "pprint"): _pprint,
    ("pprint", "pp"): _pp,
}
