"""Layer 1, the language policy: what member code may name, import and touch.

Member code is compiled with RestrictedPython's `compile_restricted` (no names or attributes
starting with "_", no exec/eval, no `metaclass=`, attribute and item access rewritten into calls
of guards) and executed with the globals built by `restricted_globals`: a small builtins set, guarded
`getattr`/`setattr`/`hasattr`, a one-argument `type`, and an `__import__` that only admits the
allowlisted modules and hands out filtered proxies of them (`bot.sandbox.modules`).

This module runs in the template process and its children, never on behalf of member code in
the bot's process.
"""

from __future__ import annotations

import builtins
import operator
import sys
import types
from collections.abc import Callable, Iterable
from typing import Any

from RestrictedPython import compile_restricted_exec
from RestrictedPython.Guards import (
    guarded_iter_unpack_sequence,
    guarded_unpack_sequence,
    raise_,
    safe_builtins,
    safer_getattr,
)

from bot.sandbox import modules
from bot.sandbox.modules import DENIED_ATTRIBUTES, module_allowed
from bot.sandbox.replacements import member_class
from bot.sandbox.transformer import StudyTransformer

SNIPPET = "<snippet>"

_EXTRA_BUILTINS = (
    "all", "any", "ascii", "bin", "bytearray", "bytes", "classmethod", "dict", "enumerate",
    "filter", "format", "frozenset", "iter", "list", "map", "max", "min", "next", "object",
    "property", "reversed", "set", "sorted", "staticmethod", "sum", "super", "tuple", "zip",
    "NotImplemented", "RecursionError", "StopAsyncIteration", "ModuleNotFoundError",
    "IndentationError", "TimeoutError", "ConnectionError", "FileNotFoundError",
    "PermissionError",
)  # fmt: skip
_REMOVED_BUILTINS = ("setattr", "delattr", "_getattr_")


def make_getattr(allowed: frozenset[str]) -> Callable[..., Any]:
    """`safer_getattr` (no underscore names, no frames, no str.format) plus: no denied stdlib
    helpers, and modules only as their filtered proxies, never a non-allowlisted one."""

    def guarded_getattr(obj: Any, name: str, *default: Any) -> Any:
        if name == "mro":  # type(x).mro() reaches base classes of modules not allowed (enum.Enum)
            raise AttributeError("mro is not allowed here")
        if isinstance(obj, types.ModuleType) and (obj.__name__, name) in DENIED_ATTRIBUTES:
            raise AttributeError(f"{obj.__name__}.{name} is not allowed here")
        value = safer_getattr(obj, name, default[0] if default else raise_)
        if isinstance(value, types.ModuleType):
            if not module_allowed(value.__name__, allowed):
                raise AttributeError(f"module {value.__name__!r} is not allowed here")
            value = modules.proxy(value, allowed)
        return value

    return guarded_getattr


def _guarded_type(obj: Any) -> type:
    """`type(x)` of a value only: the three-argument form would build classes with arbitrary
    dunders, and `type(SomeClass)` would hand out `type` itself or a metaclass."""
    result = type(obj)
    if issubclass(result, type):
        raise TypeError("type() of a class is not available here")
    return result


def _write_guard(obj: Any) -> Any:
    """Attribute and item writes: not to modules, not to classes other than the member's own
    (`json.JSONEncoder.encode = ...` would change how trusted code in the child reports)."""
    if isinstance(obj, types.ModuleType):
        raise TypeError("modules are read-only")
    if isinstance(obj, type) and not member_class(obj):
        raise TypeError(f"class {obj.__name__} is read-only")
    return obj


def _inplacevar(op: str, target: Any, value: Any) -> Any:
    func = _INPLACE.get(op)
    if func is None:
        raise SyntaxError(f"unsupported operator {op}")
    return func(target, value)


_INPLACE: dict[str, Callable[[Any, Any], Any]] = {
    "+=": operator.iadd, "-=": operator.isub, "*=": operator.imul, "/=": operator.itruediv,
    "//=": operator.ifloordiv, "%=": operator.imod, "**=": operator.ipow,
    "<<=": operator.ilshift, ">>=": operator.irshift, "&=": operator.iand,
    "|=": operator.ior, "^=": operator.ixor, "@=": operator.imatmul,
}  # fmt: skip


class Printer:
    """RestrictedPython's `_print_`: print() writes to the (captured) sys.stdout."""

    def __init__(self, _getattr_: Any = None) -> None:
        self.getattr = _getattr_

    def _call_print(self, *objects: Any, **kwargs: Any) -> None:
        target = kwargs.get("file")
        if target is not None and self.getattr is not None:
            self.getattr(target, "write")  # may only print to objects it could call .write on
        if target is None:
            kwargs["file"] = sys.stdout
        print(*objects, **kwargs)

    def __call__(self) -> str:  # `printed`: output goes to stdout, nothing is collected
        return ""


def make_builtins(allowed: Iterable[str]) -> dict[str, Any]:
    allowed = frozenset(allowed)
    guarded_getattr = make_getattr(allowed)
    result = {k: v for k, v in safe_builtins.items() if k not in _REMOVED_BUILTINS}
    for name in _EXTRA_BUILTINS:
        result[name] = getattr(builtins, name)

    def guarded_hasattr(obj: Any, name: str) -> bool:
        try:
            guarded_getattr(obj, name)
        except Exception:
            return False
        return True

    def guarded_setattr(obj: Any, name: str, value: Any) -> None:
        if not isinstance(name, str) or name.startswith("_"):
            raise AttributeError(f"cannot set attribute {name!r}")
        setattr(_write_guard(obj), name, value)

    def guarded_delattr(obj: Any, name: str) -> None:
        if not isinstance(name, str) or name.startswith("_"):
            raise AttributeError(f"cannot delete attribute {name!r}")
        delattr(_write_guard(obj), name)

    result.update(
        __import__=modules.make_import(allowed),
        getattr=guarded_getattr,
        hasattr=guarded_hasattr,
        setattr=guarded_setattr,
        delattr=guarded_delattr,
        type=_guarded_type,
    )
    return result


def restricted_globals(allowed: Iterable[str]) -> dict[str, Any]:
    """A fresh namespace for one member program."""
    allowed = frozenset(allowed)
    guarded_getattr = make_getattr(allowed)

    def augattr(obj: Any, name: str, op: str, value: Any) -> None:
        """`obj.name op= value` (the transformer checked the name)."""
        setattr(_write_guard(obj), name, _inplacevar(op, guarded_getattr(obj, name), value))

    def augitem(obj: Any, key: Any, op: str, value: Any) -> None:
        """`obj[key] op= value`."""
        _write_guard(obj)[key] = _inplacevar(op, obj[key], value)

    return {
        "_augattr_": augattr,
        "_augitem_": augitem,
        "__builtins__": make_builtins(allowed),
        "__name__": "__main__",
        "__metaclass__": type,
        "_getattr_": guarded_getattr,
        "_getitem_": operator.getitem,
        "_getiter_": iter,
        "_write_": _write_guard,
        "_inplacevar_": _inplacevar,
        "_apply_": lambda f, *a, **kw: f(*a, **kw),
        "_print_": Printer,
        "_unpack_sequence_": guarded_unpack_sequence,
        "_iter_unpack_sequence_": guarded_iter_unpack_sequence,
    }


def compile_member_code(source: str) -> tuple[types.CodeType | None, str]:
    """(code, "") or (None, the refusal/syntax error message, one line per problem)."""
    try:
        result = compile_restricted_exec(source, filename=SNIPPET, policy=StudyTransformer)
    except (SyntaxError, ValueError, TypeError, AttributeError, RecursionError, MemoryError) as exc:
        return None, f"could not compile: {type(exc).__name__}: {exc}"
    if result.errors or result.code is None:
        return None, "\n".join(result.errors) or "could not compile"
    return result.code, ""
