import re

data = [1, 5, 12, 3, 20]
if (n := len(data)) > 3:
    print(f"{n} items")
print([y for x in data if (y := x * 2) > 10])
lines = iter(["a", "b", "", "c"])
while (line := next(lines)) != "":
    print("line", line)
if m := re.match(r"(\w+)@(\w+)\.com", "ann@example.com"):
    print(m.group(1), m.group(2), m.groups(), m.span())
first, *middle, last = range(6)
print(first, middle, last)
(a, b), c = (1, 2), 3
print(a, b, c)
head, *tail = "hello"
print(head, tail)
for i, (name, score) in enumerate([("x", 1), ("y", 2)]):
    print(i, name, score)
a, b = b, a
print(a, b, *range(3), *"ab", sep=",")
print({**{"a": 1}, **{"b": 2}}, [*"ab", *[1, 2]], dict(a=1) | {"b": 2})
