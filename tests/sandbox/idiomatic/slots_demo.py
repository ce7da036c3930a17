class Point:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __repr__(self):
        return f"Point({self.x}, {self.y})"


class Point3D(Point):
    __slots__ = ("z",)

    def __init__(self, x, y, z):
        super().__init__(x, y)
        self.z = z


p = Point(1, 2)
try:
    p.z = 3
except AttributeError as e:
    print("AttributeError:", e)
q = Point3D(1, 2, 3)
print(p, q.z, Point.__slots__, Point3D.__slots__, hasattr(p, "__dict__"))
print(getattr(q, "x"), [getattr(q, s) for s in ("x", "y", "z")])
setattr(q, "x", 10)
print(q)
