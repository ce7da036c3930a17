from __future__ import annotations
from dataclasses import dataclass, field
from typing import ClassVar


@dataclass
class Interval:
    start: int
    end: int
    registry: ClassVar[list[Interval]] = []
    tags: list[str] = field(default_factory=list)

    def merge(self, other: Interval) -> Interval:
        return Interval(min(self.start, other.start), max(self.end, other.end))


def total(xs: list[int], *args: tuple[int, ...], **kw: dict[str, int]) -> int | None:
    return sum(xs)


print(Interval(1, 3).merge(Interval(2, 5)), Interval.merge.__annotations__)
print(total.__annotations__, total([1, 2]), Interval.__annotations__, len(Interval.registry))
x: dict[str, int] = {"a": 1}
print(__annotations__, x)
