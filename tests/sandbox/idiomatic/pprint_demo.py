import pprint

data = {
    "users": [{"name": "ann", "roles": ["admin", "dev"], "id": i} for i in range(3)],
    "settings": {"theme": "dark", "features": list(range(15)), "nested": {"a": {"b": {"c": 1}}}},
    "tuple": (1, 2, 3),
}
pprint.pprint(data)
pprint.pprint(data, width=60, depth=2)
print(pprint.pformat(list(range(40)), width=50, compact=True))
pprint.pprint({"b": 1, "a": 2}, sort_dicts=False)
printer = pprint.PrettyPrinter(indent=4, width=30)
printer.pprint({"key": ["a" * 10, "b" * 10, "c" * 10]})
print(pprint.isreadable({"a": 1}), pprint.saferepr([1, {"x": "y"}]))
