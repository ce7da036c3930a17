"""Placeholder rewriting: the `?` and `:name` of portable SQL into PostgreSQL's `$n`."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from typing import Any

# Quoted strings and identifiers and comments are copied as they are; `::` is a cast, not a name.
_TOKEN = re.compile(
    r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|--[^\n]*|::|\?|(?<![:\w]):([A-Za-z_]\w*)", re.S
)


@functools.lru_cache(maxsize=2048)
def to_dollar(sql: str) -> tuple[str, tuple[str, ...] | None]:
    """(SQL with $n placeholders, names in order for `:name` SQL or None for `?` SQL).

    A name used twice becomes one `$n` used twice. Mixing `?` and `:name` is refused."""
    names: list[str] = []
    positional = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal positional
        text = match.group(0)
        if text == "?":
            positional += 1
            return f"${positional}"
        name = match.group(1)
        if name is None:
            return text
        if name not in names:
            names.append(name)
        return f"${names.index(name) + 1}"

    rewritten = _TOKEN.sub(replace, sql)
    if positional and names:
        raise ValueError(f"SQL mixes ? and :name placeholders: {sql[:80]!r}")
    return rewritten, (tuple(names) if names else None)


def bind(sql: str, params: Sequence[Any] | Mapping[str, Any]) -> tuple[str, Sequence[Any]]:
    """The PostgreSQL statement and its argument list for portable `sql` and `params`."""
    rewritten, names = to_dollar(sql)
    if names is None:
        if isinstance(params, Mapping):
            raise ValueError("named parameters given to SQL with ? placeholders")
        return rewritten, params
    if not isinstance(params, Mapping):
        raise ValueError("SQL with :name placeholders needs a mapping of parameters")
    return rewritten, [params[name] for name in names]
