from dataclasses import dataclass, field, asdict, astuple, replace, fields


@dataclass
class Item:
    name: str
    price: float
    quantity: int = 1
    tags: list[str] = field(default_factory=list)

    @property
    def total(self) -> float:
        return self.price * self.quantity


@dataclass(order=True)
class Version:
    major: int
    minor: int = 0
    patch: int = 0

    def __str__(self):
        return f"{self.major}.{self.minor}.{self.patch}"


it = Item("pen", 1.5, 4)
it.tags.append("office")
print(it, it.total)
print(asdict(it), astuple(it))
print(replace(it, quantity=10), [f.name for f in fields(Item)])
print(Item("a", 1) == Item("a", 1), Item("a", 1) == Item("a", 2))
versions = [Version(1, 2), Version(1, 0, 5), Version(0, 9)]
print(sorted(versions), max(versions), str(max(versions)))
