class Timer:
    """Counts the steps run inside it (deterministic stand-in for timing)."""

    def __init__(self, name):
        self.name = name
        self.steps = 0

    def __enter__(self):
        print(f"enter {self.name}")
        return self

    def __exit__(self, exc_type, exc, tb):
        status = "ok" if exc_type is None else f"failed with {exc_type.__name__}: {exc}"
        print(f"exit {self.name}: {self.steps} steps, {status}")
        return exc_type is ValueError  # swallow ValueError only


with Timer("a") as t:
    for _ in range(3):
        t.steps += 1
with Timer("b") as t:
    t.steps += 1
    raise ValueError("bad value")
print("after b")
try:
    with Timer("c"):
        raise KeyError("k")
except KeyError as e:
    print("propagated", repr(e))


class Resource:
    opened = []

    def __init__(self, name):
        self.name = name

    def __enter__(self):
        Resource.opened.append(self.name)
        return self

    def __exit__(self, *exc_info):
        Resource.opened.remove(self.name)
        return False


with Resource("db") as db, Resource("cache") as cache:
    print(db.name, cache.name, Resource.opened)
print(Resource.opened)
