import collections


async def fetch(name, steps):
    total = 0
    for i in range(steps):
        total += i
    return f"{name}:{total}"


async def gather_all():
    results = []
    for name, steps in [("a", 3), ("b", 5)]:
        results.append(await fetch(name, steps))
    return results


def run(coro):
    try:
        coro.send(None)
    except StopIteration as stop:
        return stop.value
    raise RuntimeError("coroutine did not finish")


print(run(gather_all()))


async def ticker(n):
    for i in range(n):
        yield i * i


async def collect():
    return [x async for x in ticker(5)]


print(run(collect()))


class AsyncCounter:
    def __init__(self, n):
        self.n = n

    def __aiter__(self):
        return self

    async def __anext__(self):
        if self.n == 0:
            raise StopAsyncIteration
        self.n -= 1
        return self.n


class AsyncResource:
    async def __aenter__(self):
        print("open")
        return self

    async def __aexit__(self, *exc):
        print("close")


async def main():
    async with AsyncResource():
        out = []
        async for v in AsyncCounter(3):
            out.append(v)
        return out


print(run(main()), collections.Counter("aab")["a"])
