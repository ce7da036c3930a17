class Shape:
    def __init__(self, name):
        self.name = name

    def area(self):
        raise NotImplementedError

    def describe(self):
        return f"{self.name} with area {self.area():.2f}"

    def __repr__(self):
        return f"<{self.__class__.__name__} {self.name}>"


class Rectangle(Shape):
    def __init__(self, w, h):
        super().__init__("rectangle")
        self.w, self.h = w, h

    def area(self):
        return self.w * self.h


class Square(Rectangle):
    def __init__(self, side):
        super().__init__(side, side)
        self.name = "square"


class Circle(Shape):
    def __init__(self, r):
        super().__init__("circle")
        self.r = r

    def area(self):
        return 3.14159 * self.r**2


shapes = [Rectangle(2, 3), Square(4), Circle(1)]
for s in shapes:
    print(s, s.describe())
print(isinstance(shapes[1], Rectangle), issubclass(Square, Shape), type(shapes[1]).__name__)
print([c.__name__ for c in (Square, Rectangle, Shape)])
try:
    Shape("blob").area()
except NotImplementedError:
    print("abstract")
