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

from bot.sandbox.replacements import REPLACEMENTS

# Helpers of allowlisted modules that would bypass the guards: attrgetter/methodcaller fetch
# attributes by name ("__class__"), get_type_hints/ForwardRef/singledispatch evaluate annotation
# strings with eval(), which RestrictedPython never sees; Formatter.format and UserString.format
# (str.format on the wrapped string) read attributes ("{0.__globals__}") named in a string.
DENIED_ATTRIBUTES: frozenset[tuple[str, str]] = frozenset(
    {
        ("operator", "attrgetter"),
        ("operator", "methodcaller"),
        ("typing", "get_type_hints"),
        ("typing", "ForwardRef"),
        ("typing", "get_origin"),  # get_origin(typing.Type) is `type` itself
        ("functools", "singledispatch"),
        ("functools", "singledispatchmethod"),
        ("string", "Formatter"),
        ("collections", "UserString"),
    }
)


_cache: dict[tuple[str, frozenset[str]], types.ModuleType] = {}


# Never importable, whatever the configuration says: they reach the OS, the interpreter's
# internals, or code execution.
NEVER = frozenset(
    {
        "os", "sys", "subprocess", "socket", "ctypes", "importlib", "builtins", "inspect", "gc",
        "signal", "threading", "multiprocessing", "io", "pathlib", "shutil", "tempfile", "pickle",
        "marshal", "code", "codeop", "types", "posix", "pty", "resource", "fcntl", "select",
        "asyncio", "concurrent", "runpy", "pdb", "traceback", "linecache", "sysconfig", "site",
        "ssl", "http", "urllib", "ftplib", "smtplib", "webbrowser", "shelve", "dbm", "sqlite3",
        "mmap", "atexit", "faulthandler", "tracemalloc", "weakref", "abc", "copyreg", "zipimport",
        "pkgutil", "glob", "logging", "platform", "getpass", "pwd", "grp",
    }
)  # fmt: skip


def module_allowed(name: str, allowed: Iterable[str]) -> bool:
    """An allowlisted module or one of its public submodules (`collections.abc`), never one of
    `NEVER`."""
    parts = name.split(".")
    if any(not p or p.startswith("_") for p in parts) or parts[0] in NEVER:
        return False
    allowed = set(allowed)
    return any(".".join(parts[: i + 1]) in allowed for i in range(len(parts)))


def proxy(module: types.ModuleType, allowed: frozenset[str]) -> types.ModuleType:
    key = (module.__name__, allowed)
    cached = _cache.get(key)
    if cached is not None:
        return cached
    copy = types.ModuleType(module.__name__, getattr(module, "__doc__", None))
    _cache[key] = copy  # before filling it: modules refer to each other
    for name, value in list(vars(module).items()):
        if name.startswith("_") or (module.__name__, name) in DENIED_ATTRIBUTES:
            continue
        if isinstance(value, types.ModuleType):
            if not module_allowed(value.__name__, allowed):
                continue
            value = proxy(value, allowed)
        setattr(copy, name, REPLACEMENTS.get((module.__name__, name), value))
    return copy


def _refresh(name: str, allowed: frozenset[str]) -> None:
    """After importing a.b.c: make sure proxy(a).b.c exists (a proxy may predate the import)."""
    parts = name.split(".")
    for i in range(1, len(parts)):
        parent = sys.modules.get(".".join(parts[:i]))
        child = sys.modules.get(".".join(parts[: i + 1]))
        if parent is not None and child is not None:
            setattr(proxy(parent, allowed), parts[i], proxy(child, allowed))


class PolicyError(ImportError):
    """Raised when member code imports something the policy refuses."""


def make_import(allowed: frozenset[str]) -> Callable[..., types.ModuleType]:
    def guarded_import(
        name: str,
        globals: Any = None,
        locals: Any = None,
        fromlist: Any = (),
        level: int = 0,
    ) -> types.ModuleType:
        if level != 0 or not isinstance(name, str) or not module_allowed(name, allowed):
            shown = ", ".join(sorted(m for m in allowed if module_allowed(m, allowed)))
            raise PolicyError(f"import of {name!r} is not allowed; allowed modules: {shown}")
        builtins.__import__(name, None, None, (), 0)
        _refresh(name, allowed)
        for item in fromlist or ():
            if not isinstance(item, str) or item.startswith("_"):
                raise PolicyError(f"cannot import {item!r} from {name!r}")
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
    "base64_codec", "rot_13",
)  # fmt: skip


def warm(allowed: frozenset[str]) -> None:
    """Import and proxy every allowlisted module (in the template, before any fork)."""
    for codec in CODECS:
        with contextlib.suppress(ImportError):
            importlib.import_module(f"encodings.{codec}")
    for name in allowed:
        try:
            builtins.__import__(name, None, None, (), 0)
        except ImportError:
            continue
        proxy(sys.modules[name], allowed)
