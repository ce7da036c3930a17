"""Types whose constructors member code may not call: `type(lambda: 0)` is a view of the
function type that works with isinstance and prints as the type, but refuses to be called (it
would build a function from any code object and globals)."""

from __future__ import annotations

import types
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
