"""The runtime half of the language policy: what attribute and item access may return or change.

Member code may use underscore names and define dunder methods, so the guards work on what an
access reaches rather than on how a name is spelled:

* names that only serve an escape are refused everywhere (`RESTRICTED`: frames, code objects,
  globals, builtins, cells, the class graph, the pickle protocol);
* `_private` attributes are read only on the member's own objects (its classes, their instances,
  its functions), never on stdlib internals;
* values that are frames, code objects, cells or tracebacks are never handed out, nor the builtins
  or globals dicts; modules only as their filtered proxies; `type` and metaclasses not at all;
  the types of functions, code, modules... only as `ClosedType` views that cannot be called
  (`type(lambda: 0)(code, globals)` would build an unguarded function);
* attributes are written only on the member's own objects (and exceptions), never a restricted
  or `__class__` name; `__dict__` of anything else is a read-only view without its private names;
* `str.format` / `format_map` go through a formatter whose field lookups use these guards.
"""

from __future__ import annotations

import builtins
import functools
import types
from collections.abc import Callable
from typing import Any

from bot.sandbox.closed_types import CLOSED_TYPE_IDS, CLOSED_TYPES, ClosedType, TypeStandIn
from bot.sandbox.formatting import GuardedFormatter
from bot.sandbox.names import FOREIGN_RESTRICTED, NO_WRITE, RESTRICTED
from bot.sandbox.replacements import member_class, member_function

# Writable on the member's exceptions and on builtin exception instances.
_EXCEPTION_DUNDERS = frozenset({"__cause__", "__context__", "__suppress_context__", "__notes__"})
# Left out of class __dict__ views: the raw slot wrappers and descriptors would bypass the guards.
_VIEW_HIDDEN = (
    NO_WRITE | FOREIGN_RESTRICTED | {"__dict__", "__setattr__", "__delattr__", "__getattribute__"}
)
# Classes of these modules are handed out as closed types: asyncio's event loops, transports and
# protocols (a member subclass of the loop would own its descriptor and socket methods).
_CLOSED_MODULES = (
    "asyncio.events", "asyncio.base_events", "asyncio.selector_events", "asyncio.unix_events",
    "asyncio.proactor_events", "asyncio.streams", "asyncio.subprocess",
    "asyncio.base_subprocess", "asyncio.transports", "asyncio.protocols", "asyncio.sslproto",
    "asyncio.trsock", "asyncio.windows_events",
)  # fmt: skip
_CLOSED_VALUES = (
    types.CodeType, types.FrameType, types.CellType, types.TracebackType,
)  # fmt: skip
_FAST = frozenset(
    {int, float, str, bool, type(None), list, tuple, set, frozenset, bytes, types.MethodType}
)
_OWN_PACKAGE = "bot."  # the sandbox's own code: classes never callable, methods never unbound
_STR_FORMAT = vars(str)["format"]
_STR_FORMAT_MAP = vars(str)["format_map"]
_SLOT_WRAPPERS = (types.MethodWrapperType, types.BuiltinMethodType)
# Foreign objects whose attributes are never written: functions and methods of the stdlib
# (`json.dumps.__kwdefaults__`), descriptors (`cached_property.attrname`).
_READ_ONLY = (
    types.FunctionType, types.MethodType, types.BuiltinFunctionType, types.MethodWrapperType,
    types.WrapperDescriptorType, types.MethodDescriptorType, types.GetSetDescriptorType,
    types.MemberDescriptorType, property, classmethod, staticmethod, functools.cached_property,
    functools.partial, functools.singledispatchmethod,
)  # fmt: skip


def _method_name(qualname: str) -> bool:
    """`Class.method` (or `Class.Inner.method`), not `function` or `f.<locals>.g`."""
    parts = qualname.split(".")
    return len(parts) > 1 and parts[-2] != "<locals>"


def owned(obj: Any) -> bool:
    """The member's own objects: its classes, their instances, its functions (and `super()`
    inside its classes)."""
    kind = type(obj)
    if kind.__module__ == "__main__":  # an instance of a member class (the common case)
        return True
    if isinstance(obj, type):
        return member_class(obj)
    if kind is types.FunctionType:
        return member_function(obj)
    if kind is types.MethodType:
        return owned(obj.__func__)
    if kind is super:
        return member_class(obj.__thisclass__)
    return member_class(kind)


def restricted_error(name: str) -> AttributeError:
    return AttributeError(f'"{name}" is a restricted name, not available in the sandbox')


class Guards:
    """The guards of one member namespace. `serve_module(m)` turns a module value into what member
    code may hold (its proxy) or raises. Member code can reach this object (`getattr.__self__`),
    so its state is private and objects of the sandbox's own classes are read-only."""

    def __init__(
        self,
        serve_module: Callable[[types.ModuleType], Any],
        denied_module_attrs: frozenset[tuple[str, str]] = frozenset(),
    ) -> None:
        self._serve_module = serve_module
        self._forbidden: frozenset[int] = frozenset({id(builtins.__dict__)})
        self._formatter = GuardedFormatter(self)
        self._denied_module_attrs = denied_module_attrs
        self.type_stand_in: TypeStandIn | None = None  # set once by policy.make_builtins

    def forbid(self, *dicts: dict[str, Any]) -> None:
        """Never hand out these dicts (the member's globals and builtins)."""
        self._forbidden = self._forbidden | {id(d) for d in dicts}

    # -- reading ---------------------------------------------------------------------------
    def check_name(self, obj: Any, name: Any) -> None:
        if type(name) is not str:
            raise TypeError("attribute name must be a string")
        if name in RESTRICTED:
            raise restricted_error(name)
        if name[:1] == "_" and not (name[:2] == "__" == name[-2:]) and not owned(obj):
            raise AttributeError(f'"{name}" is private to {type(obj).__name__} objects')
        if name in FOREIGN_RESTRICTED and not owned(obj):
            raise AttributeError(f"{type(obj).__name__}.{name} is not available in the sandbox")
        if type(obj) is types.ModuleType and (obj.__name__, name) in self._denied_module_attrs:
            raise AttributeError(f"{obj.__name__}.{name} is not allowed here")

    def getattr(self, obj: Any, name: str, *default: Any) -> Any:
        self.check_name(obj, name)
        try:
            value = getattr(obj, name)
        except AttributeError:
            if default:
                return default[0]
            raise
        return self.result(obj, name, value)

    def getitem(self, obj: Any, key: Any) -> Any:
        return self.value(obj[key])

    def value(self, value: Any) -> Any:
        """What member code may hold instead of `value` (or an error)."""
        kind = type(value)
        if kind in _FAST:
            return value
        if isinstance(value, _CLOSED_VALUES):
            raise TypeError(f"{kind.__name__} objects are not available in the sandbox")
        if kind is types.MappingProxyType:  # mappingproxy == x hands x the underlying dict
            return self.filtered(value)
        if kind is dict:
            if id(value) in self._forbidden:
                raise TypeError("this namespace is not available in the sandbox")
            return value
        if isinstance(value, types.ModuleType):
            return self._serve_module(value)
        if isinstance(value, type):
            if issubclass(value, type):  # type itself: the stand-in; metaclasses: closed views
                if value is type and self.type_stand_in is not None:
                    return self.type_stand_in
                return CLOSED_TYPES.setdefault(value, ClosedType(value))
            if id(value) in CLOSED_TYPE_IDS:
                return CLOSED_TYPES[value]
            if value.__module__.startswith(_OWN_PACKAGE) or value.__module__ in _CLOSED_MODULES:
                return CLOSED_TYPES.setdefault(value, ClosedType(value))
            return value
        if kind is types.FunctionType:
            if value.__module__.startswith(_OWN_PACKAGE) and _method_name(value.__qualname__):
                # Guards.getattr called with a forged `self` would skip every check
                raise TypeError("the sandbox's own methods are not available unbound")
            return value
        if value is _STR_FORMAT:
            return self._formatter.unbound_format
        if value is _STR_FORMAT_MAP:
            return self._formatter.unbound_format_map
        if kind is types.BuiltinMethodType and isinstance(value.__self__, str):
            if value.__name__ == "format":
                return self._formatter.bound(value.__self__)
            if value.__name__ == "format_map":
                return self._formatter.bound_map(value.__self__)
        return value

    def dunder_value(self, obj: Any, name: str, value: Any) -> Any:
        if name == "__dict__":
            return self.namespace_view(obj, value)
        if name in ("__setattr__", "__delattr__", "__getattribute__"):
            return self.slot(name, value)
        value = self.value(value)
        if type(value) is dict and not owned(obj):  # __kwdefaults__, __annotations__ of stdlib
            return types.MappingProxyType(dict(value))  # a copy: a proxy's == leaks its dict
        return value

    def result(self, obj: Any, name: Any, value: Any) -> Any:
        """What `getattr(obj, name)` may hand out, however it was read."""
        if type(value) in _FAST:
            return value
        if name[:2] == "__" and type(name) is str:
            return self.dunder_value(obj, name, value)
        return self.value(value)

    def namespace_view(self, obj: Any, namespace: Any) -> Any:
        """`obj.__dict__` / `vars(obj)`: the member's own instances and functions get their real
        dict; classes and modules a filtered copy; anything else a read-only view without its
        private names."""
        if isinstance(obj, type | types.ModuleType):
            return self.filtered(namespace)
        if owned(obj) and type(namespace) is dict:
            return namespace
        return types.MappingProxyType(
            {k: v for k, v in namespace.items() if not (k[:1] == "_" and k[-2:] != "__")}
        )

    def filtered(self, namespace: Any) -> types.MappingProxyType[str, Any]:
        """A read-only copy of a class or module namespace, without the names and values member
        code may not hold."""
        kept: dict[str, Any] = {}
        for key, item in namespace.items():
            if key in _VIEW_HIDDEN:
                continue
            try:
                kept[key] = self.value(item)
            except TypeError:
                continue
        return types.MappingProxyType(kept)

    def vars(self, *args: Any) -> Any:
        if len(args) != 1:
            raise TypeError("vars() needs an argument in the sandbox")
        obj = args[0]
        try:
            namespace = object.__getattribute__(obj, "__dict__")
        except AttributeError:
            raise TypeError("vars() argument must have __dict__ attribute") from None
        return self.namespace_view(obj, namespace)

    def slot(self, name: str, method: Any) -> Any:
        """`__setattr__` / `__delattr__` / `__getattribute__` of a builtin type (`object.__setattr__`,
        `super().__setattr__`) take attribute names as strings: they get the same checks."""
        func = method.__func__ if type(method) is types.MethodType else method
        if type(func) is types.FunctionType and member_function(func):
            return method
        bound = isinstance(method, _SLOT_WRAPPERS) or type(method) is types.MethodType
        check: Callable[[Any, Any], None] = (
            self.check_name if name == "__getattribute__" else self.check_write
        )
        if bound:
            target = method.__self__

            def bound_slot(attr: Any, *rest: Any) -> Any:
                check(target, attr)
                return self.result(target, attr, method(attr, *rest))

            return bound_slot

        def unbound_slot(target: Any, attr: Any, *rest: Any) -> Any:
            check(target, attr)
            return self.result(target, attr, method(target, attr, *rest))

        return unbound_slot

    # -- writing ---------------------------------------------------------------------------
    def check_write(self, obj: Any, name: Any) -> None:
        if type(name) is not str:
            raise TypeError("attribute name must be a string")
        if name in NO_WRITE:
            raise AttributeError(f'"{name}" cannot be assigned in the sandbox')
        if owned(obj) or name in getattr(type(obj), "sandbox_writable", ()):
            return
        if isinstance(obj, types.ModuleType):
            raise TypeError("modules are read-only")
        if isinstance(obj, type):
            raise TypeError(f"class {obj.__name__} is read-only")
        if isinstance(obj, _READ_ONLY) or type(obj).__module__.startswith("bot."):
            raise TypeError(f"{type(obj).__name__} objects are read-only in the sandbox")
        if name[:1] != "_" or (isinstance(obj, BaseException) and name in _EXCEPTION_DUNDERS):
            return  # public attributes of other objects: getcontext().prec = 6
        raise AttributeError(f'"{name}" is private to {type(obj).__name__} objects')

    def write_attr(self, obj: Any, name: str) -> Any:
        """`obj.name = value` compiles to `_write_attr_(obj, "name").name = value`."""
        self.check_write(obj, name)
        return obj

    def setattr(self, obj: Any, name: str, value: Any) -> None:
        self.check_write(obj, name)
        setattr(obj, name, value)

    def delattr(self, obj: Any, name: str) -> None:
        self.check_write(obj, name)
        delattr(obj, name)

    def hasattr(self, obj: Any, name: str) -> bool:
        try:
            self.getattr(obj, name)
        except Exception:
            return False
        return True
