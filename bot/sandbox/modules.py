"""What `import` gives member code: a read-only-looking copy (proxy) of an allowlisted module.

The proxy holds the module's public attributes only: no underscore names, no attribute that is a
non-allowlisted module (`typing.sys`, `dataclasses.builtins`), none of the denied helpers, and safe
stand-ins for helpers that take attribute names from the caller (`functools.wraps` with a custom
`assigned=("__globals__",)` would copy any function's globals, builtins included, into the member's
namespace). Because `from m import x` reads the proxy too, nothing filtered can be imported by name.
Trusted code (the grader, json in the child) keeps using the real modules, which member code can
neither reach nor modify.
"""

from __future__ import annotations

import builtins
import contextlib
import importlib
import sys
import types
from collections.abc import Callable, Iterable
from typing import Any

from bot.sandbox import warmup
from bot.sandbox.closed_types import CLOSED_TYPE_IDS
from bot.sandbox.replacements import REPLACEMENTS
from bot.sandbox.safe_sys import STAND_INS, STREAM_HELPERS

# Helpers of allowlisted modules that would bypass the guards: get_type_hints/ForwardRef evaluate
# annotation strings with eval(), which RestrictedPython never sees; Formatter.format and UserString.format
# (str.format on the wrapped string) read attributes ("{0.__globals__}") named in a string.
DENIED_ATTRIBUTES: frozenset[tuple[str, str]] = frozenset(
    {
        ("typing", "get_type_hints"),
        ("typing", "ForwardRef"),
        ("typing", "get_origin"),  # get_origin(typing.Type) is `type` itself
        ("string", "Formatter"),
        ("collections", "UserString"),
        ("contextlib", "chdir"),  # changes the working directory
    }
)


_cache: dict[tuple[str, frozenset[str]], types.ModuleType] = {}
_served: set[int] = {id(m) for m in STAND_INS.values()}  # proxies and stand-ins handed out


# Never importable, whatever the configuration says: they reach the OS, the interpreter's
# internals, or code execution. `sys` and `io` are not among them: when allowed, member code gets
# their stand-ins (`safe_sys`), wherever it meets them (`import sys`, `typing.sys`).
NEVER = frozenset(
    {
        "os", "subprocess", "socket", "ctypes", "importlib", "builtins", "inspect", "gc",
        "signal", "threading", "multiprocessing", "pathlib", "shutil", "tempfile", "pickle",
        "marshal", "code", "codeop", "types", "posix", "pty", "resource", "fcntl", "select",
        "concurrent", "runpy", "pdb", "traceback", "linecache", "sysconfig", "site",
        "ssl", "http", "urllib", "ftplib", "smtplib", "webbrowser", "shelve", "dbm", "sqlite3",
        "mmap", "atexit", "faulthandler", "tracemalloc", "weakref", "copyreg", "zipimport",
        "pkgutil", "glob", "logging", "platform", "getpass", "pwd", "grp", "encodings", "codecs",
        "warnings", "selectors", "_thread", "dis", "ast", "tokenize", "imp", "zipfile", "tarfile",
    }
)  # fmt: skip


# Modules served with a few public names only, and none of their submodules: asyncio's coroutine
# tools, without its streams, subprocesses, threads and loop policies.
CURATED: dict[str, frozenset[str]] = {
    "asyncio": frozenset(
        {
            "run", "sleep", "gather", "create_task", "wait", "wait_for", "as_completed",
            "shield", "timeout", "timeout_at", "Timeout", "Queue", "PriorityQueue", "LifoQueue",
            "QueueEmpty", "QueueFull", "Lock", "Event", "Condition", "Semaphore",
            "BoundedSemaphore", "Barrier", "BrokenBarrierError", "TimeoutError",
            "CancelledError", "InvalidStateError", "IncompleteReadError", "Future", "Task",
            "TaskGroup", "Runner", "current_task", "all_tasks", "iscoroutine",
            "iscoroutinefunction", "isfuture", "ensure_future", "get_event_loop",
            "get_running_loop", "new_event_loop", "set_event_loop", "FIRST_COMPLETED",
            "FIRST_EXCEPTION", "ALL_COMPLETED",
        }
    ),
}  # fmt: skip


def module_allowed(name: str, allowed: Iterable[str]) -> bool:
    """An allowlisted module or one of its public submodules (`collections.abc`), never one of
    `NEVER` nor a submodule of a `CURATED` one."""
    parts = name.split(".")
    if any(not p or p.startswith("_") for p in parts) or parts[0] in NEVER:
        return False
    if len(parts) > 1 and parts[0] in CURATED:
        return False
    allowed = set(allowed)
    return any(".".join(parts[: i + 1]) in allowed for i in range(len(parts)))


def _hidden(value: Any) -> bool:
    """Values a proxy leaves out: metaclasses (a three-argument call builds a class with any
    dunder) and the types of functions and code (their constructors build unguarded code)."""
    if isinstance(value, type):
        return issubclass(value, type) or id(value) in CLOSED_TYPE_IDS
    return False


def proxy(module: types.ModuleType, allowed: frozenset[str]) -> types.ModuleType:
    stand_in = STAND_INS.get(module.__name__)
    if stand_in is not None:
        return stand_in
    key = (module.__name__, allowed)
    cached = _cache.get(key)
    if cached is not None:
        return cached
    copy = types.ModuleType(module.__name__, getattr(module, "__doc__", None))
    _cache[key] = copy  # before filling it: modules refer to each other
    _served.add(id(copy))
    for name, value in list(vars(module).items()):
        if name.startswith("_") or (module.__name__, name) in DENIED_ATTRIBUTES or _hidden(value):
            continue
        if module.__name__ in CURATED and name not in CURATED[module.__name__]:
            continue
        if isinstance(value, types.ModuleType):
            if not module_allowed(value.__name__, allowed):
                continue
            value = proxy(value, allowed)
        item = (module.__name__, name)
        setattr(copy, name, REPLACEMENTS.get(item, STREAM_HELPERS.get(item, value)))
    return copy


def serve(module: types.ModuleType, allowed: frozenset[str]) -> types.ModuleType:
    """A module value reaching member code: a proxy or stand-in as is, an allowed module as its
    proxy, anything else refused."""
    if id(module) in _served:
        return module
    if not module_allowed(module.__name__, allowed):
        raise AttributeError(f"module {module.__name__!r} is not available in the sandbox")
    return proxy(module, allowed)


def _refresh(name: str, allowed: frozenset[str]) -> None:
    """After importing a.b.c: make sure proxy(a).b.c exists (a proxy may predate the import)."""
    parts = name.split(".")
    for i in range(1, len(parts)):
        parent = sys.modules.get(".".join(parts[:i]))
        child = sys.modules.get(".".join(parts[: i + 1]))
        if parent is not None and child is not None:
            setattr(proxy(parent, allowed), parts[i], proxy(child, allowed))


def _future_proxy(allowed: frozenset[str]) -> types.ModuleType:
    import __future__

    key = ("__future__", allowed)
    if key not in _cache:
        copy = types.ModuleType("__future__", __future__.__doc__)
        for feature in __future__.all_feature_names:
            setattr(copy, feature, getattr(__future__, feature))
        _cache[key] = copy
        _served.add(id(copy))
    return _cache[key]


def not_available(name: object) -> ModuleNotFoundError:
    """A refused import: an ImportError, as for a module that is not installed."""
    return ModuleNotFoundError(
        f"module {name!r} is not available in the sandbox (importing it is not allowed)",
        name=name if isinstance(name, str) else None,
    )


def make_import(allowed: frozenset[str]) -> Callable[..., types.ModuleType]:
    def guarded_import(
        name: str,
        globals: Any = None,
        locals: Any = None,
        fromlist: Any = (),
        level: int = 0,
    ) -> types.ModuleType:
        if type(fromlist) is list and not fromlist and name in sys.modules:
            # C code importing a loaded module for itself (time.strptime -> _strptime); an
            # import statement never passes a list, and C uses sys.modules, not this result.
            return None  # type: ignore[return-value]
        if name == "__future__" and level == 0:  # `from __future__ import annotations`
            return _future_proxy(allowed)
        if level != 0 or not isinstance(name, str) or not module_allowed(name, allowed):
            raise not_available(name if level == 0 else "." * level + str(name or ""))
        if name in STAND_INS:
            return STAND_INS[name]
        builtins.__import__(name, None, None, (), 0)
        _refresh(name, allowed)
        for item in fromlist or ():
            if not isinstance(item, str) or item.startswith("_"):
                raise ImportError(f"cannot import {item!r} from {name!r}")
            sub = f"{name}.{item}"
            if module_allowed(sub, allowed) and not hasattr(sys.modules[name], item):
                try:  # `from json import tool`: load the submodule if there is one
                    builtins.__import__(sub, None, None, (), 0)
                    _refresh(sub, allowed)
                except ImportError:
                    pass
        target = name if fromlist else name.partition(".")[0]
        return proxy(sys.modules[target], allowed)

    return guarded_import


# Codecs are imported lazily on first use; a child (running as nobody) may not be able to read
# the standard library any more, so the common ones are imported in the template.
CODECS = (
    "ascii", "latin_1", "utf_8_sig", "utf_16", "utf_16_le", "utf_16_be", "utf_32", "utf_32_le",
    "utf_32_be", "cp1252", "cp1251", "cp437", "cp850", "iso8859_15", "mac_roman", "koi8_r",
    "unicode_escape", "raw_unicode_escape", "idna", "punycode", "charmap", "hex_codec",
    "base64_codec", "rot_13", "utf_7", "shift_jis", "cp932", "euc_jp", "iso2022_jp", "gbk",
    "gb2312", "gb18030", "big5", "euc_kr", "cp949",
)  # fmt: skip


def warm(allowed: frozenset[str]) -> None:
    """Import and proxy every allowlisted module, and run what they import or read lazily (in the
    template, before any fork: a child's syscall filter refuses open/stat)."""
    for codec in CODECS:
        with contextlib.suppress(ImportError):
            importlib.import_module(f"encodings.{codec}")
    for name in sorted(allowed):
        if name in STAND_INS:
            continue
        try:
            builtins.__import__(name, None, None, (), 0)
        except ImportError:
            continue
        proxy(sys.modules[name], allowed)
        _refresh(name, allowed)
    warmup.exercise(allowed)
    _forward_refs_are_atomic()


def _forward_refs_are_atomic() -> None:
    """copy.deepcopy(ForwardRef) would copy its compiled (unguarded) code object into a memo dict
    member code can hold; a ForwardRef is immutable, so copies may share it."""
    import copy
    import typing

    copy._deepcopy_dispatch[typing.ForwardRef] = copy._deepcopy_atomic  # type: ignore[attr-defined]
    copy._copy_dispatch[typing.ForwardRef] = copy._copy_immutable  # type: ignore[attr-defined]
