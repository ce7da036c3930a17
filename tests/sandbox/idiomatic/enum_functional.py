from enum import Enum

Animal = Enum("Animal", "ANT BEE CAT")
print(list(Animal), Animal.BEE.value, Animal(3).name)


class Shape(Enum):
    SQUARE = 2
    DIAMOND = 1
    CIRCLE = 3
    ALIAS_FOR_SQUARE = 2

    @classmethod
    def _missing_(cls, value):
        if isinstance(value, str):
            return cls[value.upper()]
        return None


print(Shape.ALIAS_FOR_SQUARE is Shape.SQUARE, list(Shape), Shape("circle"))
print(Shape.__members__.keys() >= {"ALIAS_FOR_SQUARE"}, Shape.SQUARE._value_)


class Weekday(Enum):
    MONDAY = 1
    TUESDAY = 2

    def __str__(self):
        return self.name.title()


print(str(Weekday.MONDAY), f"{Weekday.TUESDAY}", [str(d) for d in Weekday])
