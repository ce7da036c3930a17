"""Turning values into comparable JSON trees, and comparing them type-strictly.

A member's return value is encoded *in the child* into plain JSON (lists, numbers, strings and
tagged objects for dicts, sets, bytes...). The bot encodes a test's expected value the same way and
compares the trees itself, so hidden expected values never enter the child, and a member object
with a lying `__eq__` cannot pass a test. Subclasses of builtin types (Counter, defaultdict,
namedtuple, IntEnum) are read through their base type's C methods, which member code cannot
override: they count as the plain value they hold.

Trees are compared as data, not with Python's `==` on them: `True` is not `1` and `None` is not
`0`; an int and a float are equal when their values are (`35 == 35.0`: the bank writes `35` for a
float median, and Python agrees); a member object ({"o": ...}) or a value too large to encode
equals nothing. Tuples become lists by default (TOML has no tuples, so an expected-value test
cannot ask for one); `encode(v, tuples=True)` keeps them apart, as checks need.
"""

from __future__ import annotations

import json
import math
from typing import Any

MAX_ITEMS = 100_000  # total encoded items per value; beyond, the value counts as "too large"
MAX_DEPTH = 60
TOO_LARGE = {"o": "too-large"}


class _TooLarge(Exception):
    pass


def encode(value: Any, *, tuples: bool = False) -> Any:
    """A JSON-able tree for `value`; tuples become lists unless `tuples` ({"t": [...]})."""
    budget = [MAX_ITEMS]
    try:
        return _encode(value, budget, 0, tuples)
    except (_TooLarge, RecursionError, ValueError):
        return dict(TOO_LARGE)


def _encode(v: Any, budget: list[int], depth: int, tuples: bool) -> Any:
    budget[0] -= 1
    if budget[0] < 0 or depth > MAX_DEPTH:
        raise _TooLarge

    def enc(x: Any) -> Any:
        return _encode(x, budget, depth + 1, tuples)

    if v is None or v is True or v is False:
        return v
    if isinstance(v, int):
        return int.__index__(v)
    if isinstance(v, float):
        f = float.__float__(v)
        if not math.isfinite(f):
            return {"f": repr(f)}
        return 0.0 if f == 0 else f  # -0.0 is 0.0
    if isinstance(v, str):
        return str.__str__(v)
    if isinstance(v, list):
        return [enc(x) for x in list.__iter__(v)]
    if isinstance(v, tuple):
        items = [enc(x) for x in tuple.__iter__(v)]
        return {"t": items} if tuples else items
    if isinstance(v, dict):
        pairs = [[enc(k), enc(x)] for k, x in dict.items(v)]
        return {"d": sorted(pairs, key=lambda p: canonical(p[0]))}
    if isinstance(v, set | frozenset):
        items = set.__iter__(v) if isinstance(v, set) else frozenset.__iter__(v)
        return {"s": sorted((enc(x) for x in items), key=canonical)}
    if isinstance(v, bytes | bytearray):
        return {"b": bytes(v).hex()}
    if isinstance(v, complex):
        return {"c": [_number(v.real), _number(v.imag)]}
    return {"o": type(v).__qualname__, "r": repr(v)[:200]}


def _number(x: float) -> Any:
    return x if math.isfinite(x) else {"f": repr(x)}


def _normal(tree: Any) -> Any:
    """Integral floats as ints, so that 35 and 35.0 read the same; bools stay bools."""
    if isinstance(tree, float) and tree.is_integer():
        return int(tree)
    if isinstance(tree, list):
        return [_normal(x) for x in tree]
    if isinstance(tree, dict):
        return {k: _normal(x) for k, x in tree.items()}
    return tree


def canonical(tree: Any) -> str:
    """One string per value: equal values (by the rules above) give equal strings."""
    return json.dumps(_normal(tree), sort_keys=True, separators=(",", ":"))


def opaque(tree: Any) -> bool:
    """Whether `tree` holds a member object or a too-large value: such a tree equals nothing."""
    if isinstance(tree, list):
        return any(opaque(x) for x in tree)
    if isinstance(tree, dict):
        return "o" in tree or any(opaque(x) for x in tree.values())
    return False


def same(a: Any, b: Any) -> bool:
    """Type-strict equality of two encoded trees."""
    return not opaque(a) and not opaque(b) and canonical(a) == canonical(b)


def _items(tree: Any) -> list[Any] | None:
    if isinstance(tree, list):
        return tree
    if isinstance(tree, dict) and len(tree) == 1:
        ((tag, items),) = tree.items()
        if tag in ("s", "t") and isinstance(items, list):
            return items
    return None


def matches(expected: Any, got: Any, compare: str) -> bool:
    """Compare two encoded trees: "exact", "sorted" (order-insensitive) or "set"."""
    if compare not in ("exact", "sorted", "set"):
        raise ValueError(f"unknown compare mode {compare!r}")
    if opaque(expected) or opaque(got):
        return False
    if compare == "exact":
        return canonical(expected) == canonical(got)
    want, have = _items(expected), _items(got)
    if want is None or have is None:
        return canonical(expected) == canonical(got)
    if compare == "sorted":
        return sorted(map(canonical, want)) == sorted(map(canonical, have))
    return set(map(canonical, want)) == set(map(canonical, have))
