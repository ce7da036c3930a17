"""Typed field access for validating TOML tables, collecting problems instead of stopping."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

_MISSING = object()


def _describe(value: Any) -> str:
    return repr(value) if not isinstance(value, dict) else "a table"


class Fields:
    """Reads fields of one table; each problem becomes "<where>: field '<path>': <message>".

    Getters return None when the field is missing or invalid (and record a problem when it was
    required or invalid), so a caller can read every field and report every problem at once.
    """

    def __init__(
        self, data: dict[str, Any], where: str, path: str = "", problems: list[str] | None = None
    ) -> None:
        self.data = data
        self.where = where
        self.path = path
        self.problems: list[str] = [] if problems is None else problems

    def problem(self, key: str, message: str) -> None:
        self.problems.append(f"{self.where}: field '{self.path}{key}': {message}")

    def sub(self, data: dict[str, Any], name: str) -> Fields:
        """Fields of a nested table, sharing this problem list; paths like 'code.tests[0].args'."""
        return Fields(data, self.where, f"{self.path}{name}.", self.problems)

    def reject_unknown(self, allowed: Iterable[str]) -> None:
        for key in sorted(set(self.data) - set(allowed)):
            self.problem(key, "unknown field")

    def value(self, key: str, *, required: bool = True) -> Any:
        value = self.data.get(key, _MISSING)
        if value is _MISSING:
            if required:
                self.problem(key, "missing")
            return None
        return value

    def string(self, key: str, *, required: bool = True) -> str | None:
        value = self.value(key, required=required)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            self.problem(key, f"expected a non-empty string, got {_describe(value)}")
            return None
        return value.strip()

    def boolean(self, key: str, *, required: bool = True) -> bool | None:
        value = self.value(key, required=required)
        if value is None:
            return None
        if not isinstance(value, bool):
            self.problem(key, f"expected true or false, got {_describe(value)}")
            return None
        return value

    def choice(self, key: str, allowed: set[str], *, required: bool = True) -> str | None:
        value = self.value(key, required=required)
        if value is None:
            return None
        if value not in allowed:
            options = ", ".join(sorted(allowed))
            self.problem(key, f"expected one of {options}, got {_describe(value)}")
            return None
        return value

    def integer(self, key: str, low: int, high: int, *, required: bool = True) -> int | None:
        value = self.value(key, required=required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.problem(key, f"expected an integer {low}-{high}, got {_describe(value)}")
            return None
        return value

    def number(
        self,
        key: str,
        *,
        required: bool = True,
        minimum: float = -math.inf,
        maximum: float = math.inf,
    ) -> float | None:
        value = self.value(key, required=required)
        if value is None:
            return None
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        if not ok or not math.isfinite(value) or not minimum <= value <= maximum:
            bounds = f" between {minimum:g} and {maximum:g}" if math.isfinite(maximum) else ""
            if not bounds and math.isfinite(minimum):
                bounds = f" >= {minimum:g}"
            self.problem(key, f"expected a number{bounds}, got {_describe(value)}")
            return None
        return float(value)

    def string_list(self, key: str, *, required: bool = True) -> list[str] | None:
        value = self.value(key, required=required)
        if value is None:
            return None
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.problem(key, f"expected an array of non-empty strings, got {_describe(value)}")
            return None
        return [v.strip() for v in value]

    def table(self, key: str) -> dict[str, Any] | None:
        value = self.value(key)
        if value is None:
            return None
        if not isinstance(value, dict):
            self.problem(key, f"expected a table [question.{key}], got {_describe(value)}")
            return None
        return value

    def compiles(self, key: str, source: str) -> bool:
        """Record a problem when `source` is not valid Python syntax."""
        try:
            compile(source, f"<{self.path}{key}>", "exec")
        except (SyntaxError, ValueError) as exc:
            line = getattr(exc, "lineno", None)
            where = f" (line {line})" if line else ""
            self.problem(key, f"Python syntax error{where}: {getattr(exc, 'msg', exc)}")
            return False
        return True
