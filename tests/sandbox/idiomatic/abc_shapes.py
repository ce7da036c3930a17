from abc import ABC, abstractmethod
import math


class Shape(ABC):
    @abstractmethod
    def area(self) -> float: ...

    @abstractmethod
    def perimeter(self) -> float: ...

    def __str__(self):
        return f"{type(self).__name__}(area={self.area():.2f}, perimeter={self.perimeter():.2f})"


class Circle(Shape):
    def __init__(self, r):
        self.r = r

    def area(self):
        return math.pi * self.r**2

    def perimeter(self):
        return 2 * math.pi * self.r


class Rect(Shape):
    def __init__(self, w, h):
        self.w, self.h = w, h

    def area(self):
        return self.w * self.h

    def perimeter(self):
        return 2 * (self.w + self.h)


class Broken(Shape):
    def area(self):
        return 0


for s in (Circle(1), Rect(2, 5)):
    print(s)
try:
    Broken()
except TypeError as e:
    print("TypeError:", e)
try:
    Shape()
except TypeError:
    print("cannot instantiate Shape")
print(isinstance(Circle(2), Shape), sorted(Shape.__abstractmethods__))
