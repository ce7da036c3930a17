import json
from dataclasses import dataclass, asdict

data = {"name": "Ada", "langs": ["python", "c"], "age": 36, "active": True, "score": None,
        "ratio": 0.5, "nested": {"b": 2, "a": 1}}
text = json.dumps(data)
print(text)
print(json.dumps(data, indent=2, sort_keys=True))
back = json.loads(text)
print(back == data, type(back["langs"]).__name__, json.loads("[1, 2.0, \"x\", null, false]"))
print(json.dumps("héllo"), json.dumps("héllo", ensure_ascii=False), json.dumps((1, 2)))


@dataclass
class User:
    name: str
    tags: list


class Encoder(json.JSONEncoder):
    def default(self, o):
        if isinstance(o, set):
            return sorted(o)
        if hasattr(o, "__dataclass_fields__"):
            return asdict(o)
        return super().default(o)


print(json.dumps({"user": User("bob", ["x"]), "ids": {3, 1, 2}}, cls=Encoder))
print(json.loads('{"a": 1}', object_hook=lambda d: {k.upper(): v for k, v in d.items()}))
try:
    json.loads("{bad json}")
except json.JSONDecodeError as e:
    print("JSONDecodeError:", e.msg, e.pos)
try:
    json.dumps({"x": object()})
except TypeError as e:
    print("TypeError:", str(e)[:40])
print(json.dumps({"a": 1, "b": [1, 2]}, separators=(",", ":")), json.dumps(1e100), json.dumps(float("inf")))
