"""Layer 1, the language policy: what member code may name, import and touch.

Member code is compiled with RestrictedPython's transformer, relaxed by
`transformer.StudyTransformer` (underscore names and dunder methods allowed, restricted names
refused, no exec/eval, no `metaclass=`, attribute and item access rewritten into calls of guards)
and executed with the globals built by `restricted_globals`: a builtins set without open, eval,
exec, compile, input or breakpoint (`globals()` / `locals()` are copies), the guards of
`guards.Guards` (attribute and item reads, writes, `vars`, `str.format`), a `type` stand-in
(`closed_types`), and an `__import__` that only admits the allowlisted modules and hands out
filtered proxies of them or stand-ins (`modules`, `safe_sys`).

Since the children run under a seccomp syscall allowlist, the OS layer is the security boundary;
this layer keeps grading honest and output tidy, and refuses what only serves an escape.

This module runs in the template process and its children, never on behalf of member code in
the bot's process.
"""

from __future__ import annotations

import ast
import builtins
import contextlib
import operator
import sys
import types
from collections.abc import Callable, Iterable
from typing import Any

from RestrictedPython.Guards import (
    guarded_iter_unpack_sequence,
    guarded_unpack_sequence,
    safe_builtins,
)

from bot.sandbox import modules, safe_sys
from bot.sandbox.closed_types import TypeStandIn
from bot.sandbox.guards import Guards
from bot.sandbox.modules import DENIED_ATTRIBUTES
from bot.sandbox.names import NO_WRITE
from bot.sandbox.replacements import member_class
from bot.sandbox.transformer import DENIED_NAMES, StudyTransformer

SNIPPET = "<snippet>"

_EXTRA_BUILTINS = (
    "all", "any", "ascii", "bin", "bytearray", "bytes", "classmethod", "dict", "enumerate",
    "filter", "format", "frozenset", "iter", "list", "map", "max", "min", "next", "object",
    "property", "reversed", "set", "sorted", "staticmethod", "sum", "super", "tuple", "zip",
    "dir", "memoryview", "aiter", "anext", "NotImplemented", "RecursionError",
    "StopAsyncIteration", "ModuleNotFoundError", "IndentationError", "TimeoutError",
    "ConnectionError", "FileNotFoundError", "FileExistsError", "PermissionError",
    "ExceptionGroup", "BaseExceptionGroup", "EncodingWarning", "ResourceWarning",
    "IsADirectoryError", "NotADirectoryError", "InterruptedError", "BlockingIOError",
    "ChildProcessError", "ProcessLookupError", "BrokenPipeError", "ConnectionAbortedError",
    "ConnectionRefusedError", "ConnectionResetError",
)  # fmt: skip
_REMOVED_BUILTINS = ("setattr", "delattr", "_getattr_")


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


def _write_item(obj: Any) -> Any:
    """Item writes (`obj[k] = v`): not into modules or classes."""
    if isinstance(obj, types.ModuleType):
        raise TypeError("modules are read-only")
    if isinstance(obj, type) and not member_class(obj):
        raise TypeError(f"class {obj.__name__} is read-only")
    return obj


def _exit(code: Any = None) -> None:
    raise SystemExit(code)


class Printer:
    """RestrictedPython's `_print_`: print() writes to the (captured) sys.stdout, or to the
    member's own `sys.stdout` if it set one."""

    def __init__(self, _getattr_: Any = None) -> None:
        self._getattr = _getattr_

    def _call_print(self, *objects: Any, **kwargs: Any) -> None:
        target = kwargs.get("file")
        if target is not None and self._getattr is not None:
            self._getattr(target, "write")  # may only print to objects it could call .write on
        if target is None:
            kwargs["file"] = safe_sys.current_stdout()
        print(*objects, **kwargs)

    def __call__(self) -> str:  # `printed`: output goes to stdout, nothing is collected
        return ""


def make_guards(allowed: Iterable[str]) -> Guards:
    allowed = frozenset(allowed)
    return Guards(lambda module: modules.serve(module, allowed), DENIED_ATTRIBUTES)


def make_builtins(allowed: Iterable[str], guards: Guards | None = None) -> dict[str, Any]:
    allowed = frozenset(allowed)
    guards = guards or make_guards(allowed)
    result = {k: v for k, v in safe_builtins.items() if k not in _REMOVED_BUILTINS}
    for name in _EXTRA_BUILTINS:
        result[name] = getattr(builtins, name)

    if guards.type_stand_in is None:
        guards.type_stand_in = TypeStandIn(guards.value, NO_WRITE)

    def names_of(namespace: dict[str, Any]) -> dict[str, Any]:
        """A copy of a frame's names without the guards' own (rebinding them would switch the
        guards off) and with only values member code may hold."""
        names = {}
        for key, value in namespace.items():
            if key not in DENIED_NAMES:
                with contextlib.suppress(TypeError, AttributeError):
                    names[key] = guards.value(value)
        return names

    def member_locals() -> dict[str, Any]:
        return names_of(sys._getframe(1).f_locals)

    def member_globals() -> dict[str, Any]:
        """A copy: `globals()[name] = value` does not define a name here."""
        return names_of(sys._getframe(1).f_globals)

    result.update(
        locals=member_locals,
        globals=member_globals,
        __import__=modules.make_import(allowed),
        getattr=guards.getattr,
        hasattr=guards.hasattr,
        setattr=guards.setattr,
        delattr=guards.delattr,
        vars=guards.vars,
        type=guards.type_stand_in,
        exit=_exit,
        quit=_exit,
    )
    return result


def restricted_globals(allowed: Iterable[str]) -> dict[str, Any]:
    """A fresh namespace for one member program."""
    allowed = frozenset(allowed)
    guards = make_guards(allowed)

    def augattr(obj: Any, name: str, op: str, value: Any) -> None:
        """`obj.name op= value` (the transformer checked the name)."""
        guards.check_write(obj, name)
        setattr(obj, name, _inplacevar(op, guards.getattr(obj, name), value))

    def augitem(obj: Any, key: Any, op: str, value: Any) -> None:
        """`obj[key] op= value`."""
        _write_item(obj)[key] = _inplacevar(op, guards.getitem(obj, key), value)

    namespace = {
        "_augattr_": augattr,
        "_augitem_": augitem,
        "__builtins__": make_builtins(allowed, guards),
        "__name__": "__main__",
        "__doc__": None,
        "__metaclass__": type,
        "_getattr_": guards.getattr,
        "_getitem_": guards.getitem,
        "_getiter_": iter,
        "_write_": _write_item,
        "_write_attr_": guards.write_attr,
        "_inplacevar_": _inplacevar,
        "_apply_": lambda f, *a, **kw: f(*a, **kw),
        "_print_": Printer,
        "_unpack_sequence_": guarded_unpack_sequence,
        "_iter_unpack_sequence_": guarded_iter_unpack_sequence,
    }
    guards.forbid(namespace, namespace["__builtins__"])
    return namespace


def compile_member_code(source: str) -> tuple[types.CodeType | None, str]:
    """(code, "") or (None, the refusal/syntax error message, one line per problem).

    Like RestrictedPython's `compile_restricted_exec`, but compiled with `dont_inherit`: its
    compile() would inherit `from __future__ import annotations` and turn every annotation into a
    string (dataclasses would no longer see `ClassVar` or `KW_ONLY`)."""
    errors: list[str] = []
    try:
        tree = ast.parse(source, SNIPPET, "exec")
    except SyntaxError as exc:
        text = exc.text.strip() if exc.text else None
        return None, f"Line {exc.lineno}: {type(exc).__name__}: {exc.msg} at statement: {text!r}"
    except (ValueError, RecursionError, MemoryError) as exc:
        return None, f"could not compile: {type(exc).__name__}: {exc}"
    try:
        StudyTransformer(errors, [], {}).visit(tree)
        if errors:
            return None, "\n".join(errors)
        return compile(tree, SNIPPET, "exec", dont_inherit=True), ""
    except (SyntaxError, ValueError, TypeError, AttributeError, RecursionError, MemoryError) as exc:
        return None, f"could not compile: {type(exc).__name__}: {exc}"
