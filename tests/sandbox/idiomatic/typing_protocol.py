from typing import Protocol, runtime_checkable, Iterable


@runtime_checkable
class Drawable(Protocol):
    def draw(self) -> str: ...


class SupportsArea(Protocol):
    def area(self) -> float: ...


class Square:
    def __init__(self, side: float) -> None:
        self.side = side

    def draw(self) -> str:
        return f"square {self.side}"

    def area(self) -> float:
        return self.side**2


class Text:
    def draw(self) -> str:
        return "text"


def render(items: Iterable[Drawable]) -> list[str]:
    return [item.draw() for item in items]


def total_area(shapes: Iterable[SupportsArea]) -> float:
    return sum(s.area() for s in shapes)


print(render([Square(2), Text()]), total_area([Square(2), Square(3)]))
print(isinstance(Square(1), Drawable), isinstance(42, Drawable), isinstance(Text(), Drawable))
