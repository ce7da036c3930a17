"""Check snippets compare as data: lying objects, subclasses, bools and tuples pass nothing
(in-process: the comparison rules themselves; test_grading drives them through the sandbox)."""

from __future__ import annotations

from typing import Any

import pytest

from bot.sandbox.checks import plain, run_check, study_compare


class Liar:
    def __eq__(self, other: object) -> bool:
        return True

    def __ne__(self, other: object) -> bool:
        return False

    def __lt__(self, other: object) -> bool:
        return True

    def __le__(self, other: object) -> bool:
        return True

    def __gt__(self, other: object) -> bool:
        return True

    def __ge__(self, other: object) -> bool:
        return True

    def __hash__(self) -> int:
        return 2


class LyingInt(int):
    def __eq__(self, other: object) -> bool:
        return True

    def __ne__(self, other: object) -> bool:
        return False

    def __lt__(self, other: object) -> bool:
        return True

    def __hash__(self) -> int:
        return 1


class LyingStr(str):
    def __eq__(self, other: object) -> bool:
        return True

    def __hash__(self) -> int:
        return hash("expected")


class LyingList(list):  # type: ignore[type-arg]
    def __eq__(self, other: object) -> bool:
        return True

    def __ne__(self, other: object) -> bool:
        return False


class LyingDict(dict):  # type: ignore[type-arg]
    def __eq__(self, other: object) -> bool:
        return True


class Point:
    def __init__(self, x: int, y: int) -> None:
        self.x, self.y = x, y

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Point) and (self.x, self.y) == (other.x, other.y)

    __hash__ = None  # type: ignore[assignment]


def check(source: str, **names: Any) -> bool:
    """Whether the check passes with `names` as the member's definitions."""
    try:
        run_check(source, dict(names), "f")
    except AssertionError:
        return False
    return True


@pytest.mark.parametrize(
    ("got", "expected"),
    [
        ([Liar(), Liar()], [1, 2]),
        (Liar(), 2),
        (LyingInt(7), 5),
        (LyingStr("x"), "expected"),
        (LyingList([9]), [1, 2]),
        (LyingDict(a=9), {"a": 1}),
        ((1, 2), [1, 2]),  # a tuple is not a list, as in Python
        ([1, 2], (1, 2)),
        (True, 1),  # bool is not int
        (1, True),
        ([True, 0], [1, False]),
        (None, 0),
        ("1", 1),
    ],
)
def test_wrong_values_fail_whatever_their_eq_says(got: object, expected: object) -> None:
    assert study_compare("==", got, expected) is False
    assert study_compare("==", expected, got) is False
    assert study_compare("!=", got, expected) is True
    assert not check(f"assert f() == {expected!r}", f=lambda: got)


@pytest.mark.parametrize(
    ("got", "expected"),
    [
        (LyingInt(5), 5),  # a subclass holding the expected value is that value
        (LyingList([1, 2]), [1, 2]),
        (LyingDict(a=1), {"a": 1}),
        (35.0, 35),  # numbers by value, as in Python
        ((1, [2]), (1, [2])),
        ({"k": {1, 2}}, {"k": {2, 1}}),
    ],
)
def test_right_values_pass(got: object, expected: object) -> None:
    assert study_compare("==", got, expected) is True
    assert check(f"assert f() == {expected!r}", f=lambda: got)


def test_ordering_compares_values_not_lies() -> None:
    assert not check("assert f() < 5", f=lambda: LyingInt(10))
    assert not check("assert f() >= 5", f=lambda: Liar())
    assert not check("assert 0 <= f() < 10", f=lambda: Liar())
    assert check("assert 0 <= f() < 10", f=lambda: LyingInt(3))
    assert check("assert [1, 2] < [1, 3] and (1, 'a') <= (1, 'a') and 'b' > 'a'")
    assert check("assert {1} < {1, 2} and not {3} <= {1, 2}")
    assert not check("assert f() < (1, 2)", f=lambda: [0])  # list and tuple have no order


def test_membership_compares_values() -> None:
    assert not check("assert f() in [1, 2]", f=lambda: Liar())
    assert not check("assert f() in (1, 2)", f=lambda: LyingInt(7))
    assert not check("assert 2 in f()", f=lambda: {Liar()})  # hashes like 2, claims equality
    assert not check("assert 2 in f()", f=lambda: [Liar()])
    assert not check("assert True in f()", f=lambda: {1, 2})
    assert not check("assert 'x' in f()", f=lambda: {LyingStr("y"): 1})
    assert check("assert 2 in f() and 3 not in f()", f=lambda: {1, 2})
    assert check("assert (1, 2) in f()", f=lambda: {(1, 2): "a"})
    assert check("assert 'ell' in f() and 'z' not in f()", f=lambda: "hello")
    assert check("assert 1 in f()", f=lambda: [LyingInt(1)])


def test_membership_in_a_big_set_stays_fast() -> None:
    values = set(range(0, 200_000, 3))
    assert check("assert sum(1 for a in range(200_000) if a in f()) == 66_667", f=lambda: values)


def test_two_member_objects_keep_their_own_eq() -> None:
    assert check("assert Point(1, 2) == Point(1, 2) and Point(1, 2) != Point(2, 1)", Point=Point)
    assert check("p = Point(1, 2)\nassert p in [Point(1, 2)]", Point=Point)
    assert not check("assert Point(1, 2) == (1, 2)", Point=Point)


def test_chains_evaluate_each_operand_once() -> None:
    calls: list[int] = []

    def f() -> int:
        calls.append(1)
        return 5

    assert check("assert 1 < f() <= 5 != 4", f=f)
    assert calls == [1]
    assert check("assert not (9 < f() < 10)", f=f) and calls == [1, 1]
    assert check("x = None\nassert x is None and f() is not None", f=f)


def test_values_too_large_to_compare_fail_the_check() -> None:
    big = list(range(200_000))
    with pytest.raises(ValueError, match="too large"):
        run_check("assert f() == list(range(200_000))", {"f": lambda: big}, "f")


def test_plain_means_exact_builtin_types_all_the_way_down() -> None:
    assert plain([1, "a", (2.0, None), {"k": {3}}, frozenset({b"x"})])
    assert not plain([1, Liar()]) and not plain(LyingInt(1)) and not plain({"k": LyingList()})
