from abc import ABC, abstractmethod
from collections.abc import Iterable, Sized, Mapping, MutableSequence


class Plugin(ABC):
    registry = {}

    def __init_subclass__(cls, name=None, **kwargs):
        super().__init_subclass__(**kwargs)
        if name:
            Plugin.registry[name] = cls

    @abstractmethod
    def run(self, data): ...


class Upper(Plugin, name="upper"):
    def run(self, data):
        return data.upper()


class Reverse(Plugin, name="reverse"):
    def run(self, data):
        return data[::-1]


for key in sorted(Plugin.registry):
    print(key, Plugin.registry[key]().run("hello"))


class Bag:
    def __init__(self, items):
        self._items = list(items)

    def __len__(self):
        return len(self._items)

    def __iter__(self):
        return iter(self._items)


b = Bag([1, 2])
print(isinstance(b, Sized), isinstance(b, Iterable), isinstance(b, Mapping), isinstance([], MutableSequence))
