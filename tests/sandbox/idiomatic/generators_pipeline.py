def read_lines():
    data = """\
2024-01-01,login,alice
2024-01-01,logout,alice
2024-01-02,login,bob
bad line
2024-01-03,login,alice
"""
    yield from data.splitlines()


def parse(lines):
    for line in lines:
        parts = line.split(",")
        if len(parts) == 3:
            yield dict(zip(("date", "event", "user"), parts))


def only(events, kind):
    return (e for e in events if e["event"] == kind)


logins = list(only(parse(read_lines()), "login"))
print(len(logins), [e["user"] for e in logins])


def countdown(n):
    while n > 0:
        received = yield n
        n = n - 1 if received is None else received


gen = countdown(5)
print(next(gen), next(gen), gen.send(2), next(gen))
try:
    next(gen)
except StopIteration:
    print("done")


def accumulate():
    total = 0
    while True:
        value = yield total
        if value is None:
            return total
        total += value


acc = accumulate()
next(acc)
for v in (5, 10, 20):
    print(acc.send(v))
try:
    acc.send(None)
except StopIteration as stop:
    print("final", stop.value)
