from dataclasses import dataclass, field, FrozenInstanceError
from typing import ClassVar


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    instances: ClassVar[int] = 0

    def __post_init__(self):
        if self.x < 0:
            object.__setattr__(self, "x", 0.0)

    def dist(self, other: "Point") -> float:
        return ((self.x - other.x) ** 2 + (self.y - other.y) ** 2) ** 0.5


p = Point(3, 4)
print(p, p.dist(Point(0, 0)), Point(-5, 1))
try:
    p.x = 10
except FrozenInstanceError as e:
    print("frozen:", e)
print({p, Point(3, 4)}, hash(p) == hash(Point(3, 4)))


@dataclass
class Inventory:
    items: dict[str, int] = field(default_factory=dict)
    owner: str = field(default="shop", repr=False)
    count: int = field(init=False, default=0)

    def add(self, name, n=1):
        self.items[name] = self.items.get(name, 0) + n
        self.count += n


inv = Inventory()
inv.add("apple", 3)
inv.add("pear")
print(inv, inv.owner)
