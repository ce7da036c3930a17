matrix = [[1, 2, 3], [4, 5, 6]]
print([x for row in matrix for x in row], [[r[i] for r in matrix] for i in range(3)])
print({x: x**2 for x in range(5)}, {c for c in "mississippi"} == set("misp"))
print([x if x % 2 else -x for x in range(6)], [(i, j) for i in range(3) for j in range(i)])
words = ["apple", "bob", "kayak", "level", "python"]
print([w for w in words if w == w[::-1]], {len(w): w for w in words})
print(sum(x for x in range(101) if x % 3 == 0), max((len(w), w) for w in words))
print(dict(sorted({"b": 2, "a": 1, "c": 0}.items(), key=lambda kv: kv[1])))
nested = {"a": {"x": 1}, "b": {"y": 2}}
print({(k, ik): v for k, d in nested.items() for ik, v in d.items()})
gen = (n * n for n in range(10) if n % 2)
print(next(gen), list(gen))
print([(y := x * 2, y + 1) for x in range(3)], [c.upper() for c in "abc" if c != "b"])
