"""Encoding and comparing values, and cutting output for display (no processes involved)."""

from __future__ import annotations

import collections

import pytest

from bot.sandbox import RunStatus, SandboxSettings
from bot.sandbox.results import run_result, trim_head, trim_tail
from bot.sandbox.values import encode, matches


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
