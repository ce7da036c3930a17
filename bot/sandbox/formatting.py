"""`str.format` and `format_map` for member code: the same formatting, with every field lookup
("{0.name}", "{0[key]}") going through the guards ("{0.__globals__}" is refused)."""

from __future__ import annotations

import string
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.sandbox.guards import Guards


class GuardedFormatter(string.Formatter):
    """`str.format`: fields like "{0.name[1]}" are looked up through the guards."""

    def __init__(self, guards: Guards) -> None:
        self._guards = guards

    def get_field(self, field_name: str, args: Any, kwargs: Any) -> tuple[Any, Any]:
        import _string

        first, rest = _string.formatter_field_name_split(field_name)
        obj = self.get_value(first, args, kwargs)
        for is_attr, key in rest:
            obj = self._guards.getattr(obj, key) if is_attr else self._guards.getitem(obj, key)
        return obj, first

    def bound(self, text: str) -> Callable[..., str]:
        def format(*args: Any, **kwargs: Any) -> str:
            return self.vformat(text, args, kwargs)

        return format

    def bound_map(self, text: str) -> Callable[[Any], str]:
        def format_map(mapping: Any) -> str:
            return self.vformat(text, (), mapping)

        return format_map

    def unbound_format(self, text: str, *args: Any, **kwargs: Any) -> str:
        return self.vformat(str(text), args, kwargs)

    def unbound_format_map(self, text: str, mapping: Any) -> str:
        return self.vformat(str(text), (), mapping)
