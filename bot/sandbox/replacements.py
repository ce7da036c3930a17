"""Safe stand-ins for the few stdlib helpers that act on objects member code names.

`functools.update_wrapper(wrapper, wrapped, assigned=("__globals__",))` would copy any attribute
(a function's globals, builtins included) by name; applied to a class of an allowlisted module it
would also rename that class's `__module__`. `dataclasses.dataclass` and `functools.total_ordering`
rewrite the methods of the class they are given: applied to `fractions.Fraction` or
`json.JSONEncoder` they would change how trusted code in the child compares or reports. So:

* wrappers only take their default attribute lists, and only wrap the member's own functions
  or instances of its classes;
* `cached_property` (which writes straight into an instance's __dict__) only works in the
  member's own classes;
* class decorators only decorate the member's own classes (`__module__ == "__main__"`, which
  member code cannot set on a class it did not define: those are read-only);
* `operator.attrgetter` / `methodcaller` take public names only, `functools.singledispatch`
  registers by type or by annotations that are not strings (they would be eval()ed);
* `make_dataclass` takes no underscore names (its `namespace` could define any dunder) and no
  bases, and its class counts as the member's own.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import operator
import sys
import types
import typing
from collections.abc import Callable, Iterator
from typing import Any

from bot.sandbox.names import public_name

SNIPPET = "<snippet>"  # the member's code (same as policy.SNIPPET)
MEMBER_MODULE = "__main__"


def member_class(obj: Any) -> bool:
    return isinstance(obj, type) and getattr(obj, "__module__", None) == MEMBER_MODULE


def member_function(obj: Any) -> bool:
    return type(obj) is types.FunctionType and obj.__code__.co_filename == SNIPPET


def _update_wrapper(wrapper: Any, wrapped: Any) -> Any:
    """functools.update_wrapper with its default attribute lists, on the member's functions and
    the instances of its classes (class-based decorators)."""
    if not (member_function(wrapper) or member_class(type(wrapper))):
        raise TypeError("update_wrapper: the wrapper must be a function of yours")
    return functools.update_wrapper(wrapper, wrapped)


def _wraps(wrapped: Any) -> Callable[[Any], Any]:
    """functools.wraps with its default attribute lists, on the member's functions."""
    return functools.partial(_update_wrapper, wrapped=wrapped)


def _class_decorator(decorator: Callable[..., Any], name: str) -> Callable[..., Any]:
    """`decorator(cls)` and `decorator(**options)(cls)`, for the member's own classes only."""

    def apply(cls: Any, options: dict[str, Any]) -> Any:
        if not member_class(cls):
            raise TypeError(f"{name} can only decorate classes defined in your code")
        with _member_module(sys._getframe(2)):
            return decorator(cls, **options)

    def safe(cls: Any = None, /, **options: Any) -> Any:
        if cls is None:
            return lambda c: apply(c, options)
        return apply(cls, options)

    return _named_like(safe, decorator)


class _MemberModule:
    """The member's program as `sys.modules["__main__"]`, for the moment a stdlib helper looks
    names up there (dataclasses resolves "ClassVar[int]" under postponed annotations)."""

    def __init__(self, namespace: dict[str, Any]) -> None:
        self.__dict__ = namespace


@contextlib.contextmanager
def _member_module(frame: Any) -> Iterator[None]:
    if frame.f_code.co_filename != SNIPPET:
        yield
        return
    saved = sys.modules.get(MEMBER_MODULE)
    sys.modules[MEMBER_MODULE] = _MemberModule(frame.f_globals)  # type: ignore[assignment]
    try:
        yield
    finally:
        if saved is None:
            sys.modules.pop(MEMBER_MODULE, None)
        else:
            sys.modules[MEMBER_MODULE] = saved


def _named_like(func: Any, original: Any) -> Any:
    """Name and document a stand-in like the original, without `__wrapped__` (it would hand out
    the original)."""
    for attr in ("__name__", "__qualname__", "__doc__", "__module__"):
        setattr(func, attr, getattr(original, attr))
    return func


def _make_dataclass(cls_name: str, fields: Any, **kwargs: Any) -> Any:
    names = [f if isinstance(f, str) else f[0] for f in fields]
    namespace = dict(kwargs.get("namespace") or {})
    if any(type(n) is not str or n.startswith("_") for n in [*names, *namespace]):
        raise TypeError("names starting with '_' are not allowed")
    if kwargs.get("bases"):
        raise TypeError("bases are not allowed here; subclass the result instead")
    kwargs["namespace"] = {**namespace, "__module__": MEMBER_MODULE}
    return dataclasses.make_dataclass(cls_name, fields, **kwargs)


class _CachedProperty(functools.cached_property):  # type: ignore[type-arg]
    """functools.cached_property on the member's own classes only: it writes the value straight
    into the instance's __dict__ under the name it was given, past every guard."""

    def __set_name__(self, owner: type, name: str) -> None:
        if not member_class(owner):
            raise TypeError("cached_property can only be used in classes defined in your code")
        super().__set_name__(owner, name)

    def __get__(self, instance: Any, owner: Any = None) -> Any:
        if instance is not None and not member_class(type(instance)):
            raise TypeError("cached_property can only be used in classes defined in your code")
        return super().__get__(instance, owner)


_CachedProperty.__name__ = _CachedProperty.__qualname__ = "cached_property"
_CachedProperty.__module__ = "functools"  # a class member code may call and subclass


def _attrgetter(*names: Any) -> Any:
    """operator.attrgetter for public dotted names only ("salary", "address.city")."""
    if not all(type(n) is str and all(map(public_name, n.split("."))) for n in names):
        raise AttributeError("attrgetter takes public attribute names only in the sandbox")
    return operator.attrgetter(*names)


def _methodcaller(name: Any, /, *args: Any, **kwargs: Any) -> Any:
    """operator.methodcaller for public method names only."""
    if not public_name(name):
        raise AttributeError("methodcaller takes public method names only in the sandbox")
    return operator.methodcaller(name, *args, **kwargs)


def _no_strings(annotation: Any, depth: int = 0) -> bool:
    """No string anywhere in an annotation (`list["..."]`): get_type_hints would eval() it."""
    if isinstance(annotation, str | typing.ForwardRef) or depth > 20:
        return False
    return all(_no_strings(a, depth + 1) for a in getattr(annotation, "__args__", ()) or ())


def _singledispatch(func: Any) -> Any:
    """functools.singledispatch whose `register` refuses string annotations (get_type_hints would
    evaluate them with eval(), unguarded)."""
    wrapper = functools.singledispatch(func)
    register = wrapper.register

    def safe_register(cls: Any, func: Any = None) -> Any:
        target = cls if func is None and not isinstance(cls, type) else func
        hints = getattr(target, "__annotations__", None) or {}
        if not all(_no_strings(a) for a in hints.values()):
            raise TypeError("register: annotations must be types, not strings, in the sandbox")
        return register(cls, func)

    wrapper.register = safe_register  # type: ignore[attr-defined]
    return wrapper


class _SingleDispatchMethod(functools.singledispatchmethod):  # type: ignore[type-arg]
    """functools.singledispatchmethod on the safe singledispatch."""

    def __init__(self, func: Any) -> None:
        super().__init__(func)
        self.dispatcher = _singledispatch(func)


_SingleDispatchMethod.__name__ = _SingleDispatchMethod.__qualname__ = "singledispatchmethod"
_SingleDispatchMethod.__module__ = "functools"


REPLACEMENTS: dict[tuple[str, str], Any] = {
    ("functools", "update_wrapper"): _update_wrapper,
    ("functools", "wraps"): _wraps,
    ("functools", "total_ordering"): _class_decorator(functools.total_ordering, "total_ordering"),
    ("dataclasses", "dataclass"): _class_decorator(dataclasses.dataclass, "dataclass"),
    ("dataclasses", "make_dataclass"): _make_dataclass,
    ("functools", "cached_property"): _CachedProperty,
    ("functools", "singledispatch"): _named_like(_singledispatch, functools.singledispatch),
    ("functools", "singledispatchmethod"): _SingleDispatchMethod,
    ("operator", "attrgetter"): _attrgetter,
    ("operator", "methodcaller"): _methodcaller,
}
