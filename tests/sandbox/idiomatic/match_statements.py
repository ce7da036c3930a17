def describe(value):
    match value:
        case None:
            return "nothing"
        case bool(b):
            return f"bool {b}"
        case int() | float() as n if n < 0:
            return f"negative {n}"
        case int(n):
            return f"int {n}"
        case str() as s if not s:
            return "empty string"
        case str(s):
            return f"string {s!r}"
        case [x]:
            return f"one item {x}"
        case [x, y, *rest]:
            return f"list starting {x}, {y} (+{len(rest)})"
        case {"type": "point", "x": x, "y": y}:
            return f"point at {x},{y}"
        case {"type": t, **others}:
            return f"{t} with {sorted(others)}"
        case _:
            return f"other {type(value).__name__}"


for v in [None, True, -3, 7, "", "hi", [1], [1, 2, 3, 4], {"type": "point", "x": 1, "y": 2},
          {"type": "circle", "r": 3, "c": 0}, 2.5, (9, 8)]:
    print(describe(v))
