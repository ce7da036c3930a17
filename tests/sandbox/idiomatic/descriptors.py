class Positive:
    def __set_name__(self, owner, name):
        self.name = name
        self.private = "_" + name

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        return getattr(obj, self.private)

    def __set__(self, obj, value):
        if value <= 0:
            raise ValueError(f"{self.name} must be positive, got {value}")
        setattr(obj, self.private, value)


class Typed:
    def __init__(self, kind):
        self.kind = kind

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, obj, objtype=None):
        return obj.__dict__[self.name]

    def __set__(self, obj, value):
        if not isinstance(value, self.kind):
            raise TypeError(f"{self.name} must be {self.kind.__name__}")
        obj.__dict__[self.name] = value


class Product:
    price = Positive()
    quantity = Positive()
    name = Typed(str)

    def __init__(self, name, price, quantity):
        self.name = name
        self.price = price
        self.quantity = quantity


p = Product("widget", 2.5, 4)
print(p.name, p.price * p.quantity, p._price, type(Product.price).__name__)
for bad in (lambda: Product("x", -1, 1), lambda: Product(5, 1, 1)):
    try:
        bad()
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)
