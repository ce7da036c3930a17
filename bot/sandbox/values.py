"""Turning values into comparable JSON trees, and comparing them.

A member's return value is encoded *in the child* into plain JSON (lists, numbers, strings and
tagged objects for dicts, sets, bytes...). The bot encodes a test's expected value the same way and
compares the trees itself, so hidden expected values never enter the child, and a member object
with a lying `__eq__` cannot pass a test. Subclasses of builtin containers (Counter, defaultdict,
namedtuple) are read through their base type's C methods, which member code cannot override.
"""

from __future__ import annotations

import json
import math
from typing import Any

MAX_ITEMS = 100_000  # total encoded items per value; beyond, the value counts as "too large"
MAX_DEPTH = 60


class _TooLarge(Exception):
    pass


def encode(value: Any) -> Any:
    """A JSON-able tree for `value`; tuples become lists (the "exact" normalisation)."""
    budget = [MAX_ITEMS]
    try:
        return _encode(value, budget, 0)
    except (_TooLarge, RecursionError, ValueError):
        return {"o": "too-large"}


def _encode(v: Any, budget: list[int], depth: int) -> Any:
    budget[0] -= 1
    if budget[0] < 0 or depth > MAX_DEPTH:
        raise _TooLarge
    if v is None or v is True or v is False:
        return v
    if isinstance(v, int):
        return int.__index__(v)
    if isinstance(v, float):
        f = float.__float__(v)
        return f if math.isfinite(f) else {"f": repr(f)}
    if isinstance(v, str):
        return str.__str__(v)
    if isinstance(v, list | tuple):
        items = list.__iter__(v) if isinstance(v, list) else tuple.__iter__(v)
        return [_encode(x, budget, depth + 1) for x in items]
    if isinstance(v, dict):
        pairs = [
            [_encode(k, budget, depth + 1), _encode(x, budget, depth + 1)] for k, x in dict.items(v)
        ]
        return {"d": sorted(pairs, key=lambda p: canonical(p[0]))}
    if isinstance(v, set | frozenset):
        items = set.__iter__(v) if isinstance(v, set) else frozenset.__iter__(v)
        return {"s": sorted((_encode(x, budget, depth + 1) for x in items), key=canonical)}
    if isinstance(v, bytes | bytearray):
        return {"b": bytes(v).hex()}
    if isinstance(v, complex):
        return {"c": [v.real, v.imag]}
    return {"o": type(v).__qualname__, "r": repr(v)[:200]}


def canonical(tree: Any) -> str:
    return json.dumps(tree, sort_keys=True, separators=(",", ":"))


def _items(tree: Any) -> list[Any] | None:
    if isinstance(tree, list):
        return tree
    if isinstance(tree, dict) and set(tree) == {"s"} and isinstance(tree["s"], list):
        return tree["s"]
    return None


def matches(expected: Any, got: Any, compare: str) -> bool:
    """Compare two encoded trees: "exact", "sorted" (order-insensitive) or "set"."""
    if compare == "exact":
        return expected == got
    want, have = _items(expected), _items(got)
    if want is None or have is None:
        return expected == got
    if compare == "sorted":
        return sorted(map(canonical, want)) == sorted(map(canonical, have))
    if compare == "set":
        return set(map(canonical, want)) == set(map(canonical, have))
    raise ValueError(f"unknown compare mode {compare!r}")
