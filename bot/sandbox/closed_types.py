"""Types whose constructors member code may not call: `type(lambda: 0)` is a view of the
function type that works with isinstance and prints as the type, but refuses to be called (it
would build a function from any code object and globals)."""

from __future__ import annotations

import types
from collections.abc import Callable
from typing import Any


class ClosedType:
    """A type member code may test against (`isinstance`) and print, but not call."""

    __slots__ = ("_type",)

    def __init__(self, t: type) -> None:
        object.__setattr__(self, "_type", t)

    def __instancecheck__(self, obj: Any) -> bool:
        return isinstance(obj, self._type)

    def __subclasscheck__(self, cls: Any) -> bool:
        return isinstance(cls, type) and issubclass(cls, self._type)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        raise TypeError(f"{self._type.__name__} objects cannot be created here")

    def __setattr__(self, name: str, value: Any) -> None:
        raise TypeError("read-only")

    def __eq__(self, other: Any) -> bool:
        return other is self or other is self._type

    def __hash__(self) -> int:
        return hash(self._type)

    def __repr__(self) -> str:
        return repr(self._type)

    @property
    def __name__(self) -> str:  # type: ignore[override]
        return self._type.__name__


CLOSED_TYPES: dict[type, ClosedType] = {
    t: ClosedType(t)
    for t in (
        types.FunctionType, types.CodeType, types.FrameType, types.CellType,
        types.TracebackType, types.ModuleType, types.MethodType, types.BuiltinFunctionType,
        types.GeneratorType, types.CoroutineType, types.AsyncGeneratorType,
        types.MappingProxyType, types.WrapperDescriptorType, types.MethodWrapperType,
        types.MethodDescriptorType, types.GetSetDescriptorType, types.MemberDescriptorType,
        types.SimpleNamespace, super,
    )
}  # fmt: skip
CLOSED_TYPE_IDS = frozenset(map(id, CLOSED_TYPES))


class TypeStandIn:
    """The `type` member code sees. `type(x)` of a value is its class (through the guards);
    `type(SomeClass)` is this stand-in (or a closed view of a metaclass); `type(name, bases,
    namespace)` builds a class of the member's own, with no restricted dunder in `namespace`;
    `isinstance(x, type)` works. It cannot be subclassed into a metaclass."""

    __slots__ = ("_no_define", "_value")

    def __init__(self, value: Callable[[Any], Any], no_define: frozenset[str]) -> None:
        object.__setattr__(self, "_value", value)
        object.__setattr__(self, "_no_define", no_define)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if len(args) == 1 and not kwargs:
            kind = type(args[0])
            if kind is type or args[0] is self:
                return self
            if issubclass(kind, type):
                return CLOSED_TYPES.setdefault(kind, ClosedType(kind))
            return self._value(kind)
        if len(args) != 3:
            raise TypeError("type() takes 1 or 3 arguments")
        name, bases, namespace = args
        if type(name) is not str or type(bases) is not tuple or not isinstance(namespace, dict):
            raise TypeError("type(name, bases, dict): a str, a tuple and a dict")
        for key in namespace:
            if type(key) is not str or key in self._no_define:
                raise TypeError(f"type(): {key!r} cannot be defined in the sandbox")
        return type(name, bases, {"__module__": "__main__", **namespace}, **kwargs)

    def __instancecheck__(self, obj: Any) -> bool:
        return isinstance(obj, type)

    def __subclasscheck__(self, cls: Any) -> bool:
        return isinstance(cls, type) and issubclass(cls, type)

    def __setattr__(self, name: str, value: Any) -> None:
        raise TypeError("read-only")

    def __eq__(self, other: Any) -> bool:
        return other is self or other is type

    def __hash__(self) -> int:
        return hash(type)

    def __repr__(self) -> str:
        return "<class 'type'>"

    @property
    def __name__(self) -> str:  # type: ignore[override]
        return "type"
