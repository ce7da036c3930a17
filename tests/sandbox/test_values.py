"""Encoding and comparing values, and cutting output for display (no processes involved)."""

from __future__ import annotations

import collections

import pytest

from bot.sandbox import RunStatus, SandboxSettings
from bot.sandbox.results import run_result, trim_head, trim_tail
from bot.sandbox.values import TOO_LARGE, encode, matches, same


@pytest.mark.parametrize(
    ("expected", "got", "compare", "equal"),
    [
        ([1, 2], (1, 2), "exact", True),
        ([1, 2], [2, 1], "exact", False),
        ([1, 2], [2, 1], "sorted", True),
        ([1, 1, 2], [1, 2, 2], "sorted", False),
        ([1, 1, 2], [2, 1], "set", True),
        ([1, 2], {2, 1}, "set", True),
        ({"a": 1, "b": 2}, collections.Counter({"b": 2, "a": 1}), "exact", True),
        ({"a": 1}, {"a": 1.0}, "exact", True),
        ({1: "x"}, {"1": "x"}, "exact", False),  # keys keep their type
        ("1", 1, "exact", False),
        (None, 0, "exact", False),
        ([[1, 2]], [(1, 2)], "exact", True),
        (3, True, "exact", False),
        # type-strict: bool is not int, None is not 0 or [], but 35 == 35.0 (as in Python)
        (1, True, "exact", False),
        (0, False, "exact", False),
        ([1, 0], [True, False], "exact", False),
        ({"a": 1}, {"a": True}, "exact", False),
        ([1, 2], [True, 2], "sorted", False),
        ([1, 2], [True, 2], "set", False),
        ([], None, "exact", False),
        (35, 35.0, "exact", True),
        ([2.5, 1], [1.0, 2.5], "sorted", True),
        ({1: "x"}, {1.0: "x"}, "exact", True),
        (2**53 + 1, float(2**53), "exact", False),  # exact, not through floats
        (0.0, -0.0, "exact", True),
        (0.1 + 0.2, 0.3, "exact", False),  # no tolerance: round in the function or use a check
        (float("nan"), float("nan"), "exact", True),
        ({"k": (1, 2)}, {"k": [1, 2]}, "exact", True),  # TOML has no tuples: lists stand for them
    ],
)
def test_matches(expected: object, got: object, compare: str, equal: bool) -> None:
    assert matches(encode(expected), encode(got), compare) is equal


def test_member_objects_never_equal_plain_values() -> None:
    class Liar:
        def __eq__(self, other: object) -> bool:
            return True

    assert encode(Liar())["o"] == "test_member_objects_never_equal_plain_values.<locals>.Liar"
    assert not matches(encode(5), encode(Liar()), "exact")


def test_subclasses_count_as_the_value_they_hold() -> None:
    class LyingInt(int):
        def __eq__(self, other: object) -> bool:
            return True

        def __ne__(self, other: object) -> bool:
            return False

        __hash__ = int.__hash__

    class LyingList(list):  # type: ignore[type-arg]
        def __eq__(self, other: object) -> bool:
            return True

        def __iter__(self):  # type: ignore[no-untyped-def]
            return iter([1, 2])

    assert not matches(encode(5), encode(LyingInt(7)), "exact")
    assert matches(encode(5), encode(LyingInt(5)), "exact")
    assert encode(LyingList([9])) == [9]  # read through list's own iterator
    assert not matches(encode([1, 2]), encode(LyingList([9])), "exact")
    assert encode(collections.Counter("aab")) == encode({"a": 2, "b": 1})


def test_values_too_large_or_opaque_equal_nothing() -> None:
    big = list(range(200_000))
    assert encode(big) == TOO_LARGE
    assert not matches(encode(big), encode(list(big)), "exact")
    assert not matches(TOO_LARGE, TOO_LARGE, "exact")
    thing = {"o": "Thing", "r": "Thing()"}
    assert not same(thing, thing) and not matches([thing], [thing], "set")


def test_tuples_are_kept_apart_on_request() -> None:
    assert encode((1, [2, (3,)]), tuples=True) == {"t": [1, [2, {"t": [3]}]]}
    assert not same(encode((1, 2), tuples=True), encode([1, 2], tuples=True))
    assert same(encode((1, 2.0), tuples=True), encode((1.0, 2), tuples=True))


def test_huge_and_deep_values_are_refused_not_crashing() -> None:
    deep: list[object] = []
    for _ in range(200):
        deep = [deep]
    assert encode(deep) == {"o": "too-large"}
    assert encode(list(range(200_000))) == {"o": "too-large"}


def test_display_cut() -> None:
    assert trim_head("a\nb\nc\n", 100, 2) == ("a\nb\n", True)
    assert trim_head("abcdef", 3, 10) == ("abc", True)
    assert trim_head("ok\n", 100, 10) == ("ok\n", False)
    assert trim_tail("1\n2\n3\n4\n", 100, 3) == "...\n3\n4\n"
    assert trim_tail("x" * 50, 10, 5) == "..." + "x" * 7


def test_run_result_explains_stops() -> None:
    settings = SandboxSettings()
    result = run_result({"status": "memory", "output": "", "duration": 0.1}, settings, 2.0)
    assert result.status is RunStatus.MEMORY and "256 MB" in result.traceback
    result = run_result({"status": "bogus"}, settings, 2.0)
    assert result.status is RunStatus.ERROR
