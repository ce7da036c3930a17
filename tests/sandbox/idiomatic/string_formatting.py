name, score, ratio = "Ada", 1234.5678, 0.4567
print("{} scored {:.2f}".format(name, score))
print("{0} {1} {0}".format("a", "b"))
print("{name:>10}|{score:<12,.1f}|{ratio:.1%}".format(name=name, score=score, ratio=ratio))
print("{:^20}".format("centered"), "{:*^11}".format("mid"))
print("{:08.3f} {:+d} {: d} {:x} {:#o} {:#b} {:e}".format(3.14159, 5, 5, 255, 8, 5, 12345.678))
point = {"x": 1, "y": 2}
print("x={x}, y={y}".format(**point), "x={0[x]}".format(point))
print("{p[0]}-{p[1]}".format(p=(7, 8)), "{:,}".format(10**9), "{:_}".format(10**6))


class Person:
    def __init__(self, first, last):
        self.first, self.last = first, last

    def __format__(self, spec):
        if spec == "short":
            return f"{self.first[0]}. {self.last}"
        return f"{self.first} {self.last}"


p = Person("Grace", "Hopper")
print("{0.first} {0.last}".format(p), "{:short}".format(p), format(p), f"{p:short}")
print("Hello, {name}!".format_map({"name": "world"}))


class Default(dict):
    def __missing__(self, key):
        return f"<{key}>"


print("{a} and {b}".format_map(Default(a=1)))
print("%s is %d years and %.1f%%" % ("Bob", 42, 99.5), "%(k)s=%(v)05d" % {"k": "n", "v": 42})
print(str.format("{}+{}", 1, 2), "{!r} {!s} {!a}".format("x", "y", "é"))
template = "{:<8}{:>6}"
for row in [("apple", 3), ("kiwi", 12)]:
    print(template.format(*row))
