from typing import NamedTuple, TypedDict, Literal, Final
from collections import namedtuple


class Point(NamedTuple):
    x: float
    y: float = 0.0

    def norm(self) -> float:
        return (self.x**2 + self.y**2) ** 0.5


class Movie(TypedDict, total=False):
    title: str
    year: int


Color = namedtuple("Color", ["r", "g", "b"], defaults=[0])
MAX: Final = 10
Mode = Literal["r", "w"]

p = Point(3, 4)
print(p, p.norm(), p._asdict(), p._replace(y=0), Point._fields, Point(1))
x, y = p
print(x + y, p[0], len(p), p == (3, 4), Point._make([5, 6]))
m: Movie = {"title": "Alien", "year": 1979}
print(m, Movie.__required_keys__ == frozenset(), sorted(Movie.__annotations__))
c = Color(255, 128)
print(c, c.b, c._fields, Color._field_defaults, MAX)
print(sorted([Point(2, 1), Point(1, 5), Point(1, 2)]))
