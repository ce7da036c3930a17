from typing import Generic, TypeVar, Optional, Iterator, Callable, Union, Any

T = TypeVar("T")
K = TypeVar("K")


class Box(Generic[T]):
    def __init__(self, item: T) -> None:
        self.item = item

    def map(self, fn: Callable[[T], K]) -> "Box[K]":
        return Box(fn(self.item))

    def __repr__(self) -> str:
        return f"Box({self.item!r})"


class TypedStack(Generic[T]):
    def __init__(self) -> None:
        self._items: list[T] = []

    def push(self, item: T) -> None:
        self._items.append(item)

    def pop(self) -> Optional[T]:
        return self._items.pop() if self._items else None

    def __iter__(self) -> Iterator[T]:
        return iter(self._items)


def first(items: list[T], default: Union[T, None] = None) -> Optional[T]:
    return items[0] if items else default


print(Box(3).map(lambda x: x * 2).map(str), Box[int](5))
s: TypedStack[str] = TypedStack()
s.push("a")
s.push("b")
print(list(s), s.pop(), s.pop(), s.pop())
print(first([1, 2]), first([], "empty"), TypedStack[int].__name__)
print(Box.__orig_bases__ if False else "generic", isinstance(Box(1), Box))
alias: dict[str, list[int]] = {"a": [1]}
print(alias, list[int], dict[str, Any])
