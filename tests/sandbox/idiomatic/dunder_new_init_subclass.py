class PositiveInt(int):
    def __new__(cls, value):
        if value < 0:
            raise ValueError("must be positive")
        return super().__new__(cls, value)

    def __repr__(self):
        return f"PositiveInt({int(self)})"


class UpperStr(str):
    def __new__(cls, value):
        return super().__new__(cls, value.upper())


n = PositiveInt(5)
print(n, n + 3, repr(n), isinstance(n, int), UpperStr("hello"), UpperStr("ab") + "c")
try:
    PositiveInt(-1)
except ValueError as e:
    print(e)


class Base:
    subclasses = []

    def __init_subclass__(cls, prefix="", **kw):
        super().__init_subclass__(**kw)
        cls.prefix = prefix
        Base.subclasses.append(cls.__name__)


class A(Base, prefix="a-"):
    pass


class B(A):
    pass


print(Base.subclasses, A.prefix, repr(B.prefix), B.__name__, B.__qualname__)


class Meta:
    def __class_getitem__(cls, item):
        return f"{cls.__name__}[{item.__name__}]"


print(Meta[int], Meta[str])
