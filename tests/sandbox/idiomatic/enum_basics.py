from enum import Enum, IntEnum, auto, unique


@unique
class Color(Enum):
    RED = 1
    GREEN = 2
    BLUE = 3

    def describe(self):
        return f"{self.name.lower()} ({self.value})"

    @classmethod
    def from_name(cls, name):
        return cls[name.upper()]


class Priority(IntEnum):
    LOW = auto()
    MEDIUM = auto()
    HIGH = auto()


print(Color.RED, repr(Color.GREEN), Color(3), Color["BLUE"].describe())
print(list(Color), len(Color), Color.from_name("green") is Color.GREEN)
print(Priority.HIGH > Priority.LOW, Priority.MEDIUM + 1, sorted([Priority.HIGH, Priority.LOW]))
print({c.name: c.value for c in Color}, Color.RED in Color)
try:
    Color(7)
except ValueError as e:
    print("ValueError:", e)
print(Color.RED.__class__.__name__, type(Color.BLUE).__name__, isinstance(Color.RED, Color))
