def make_counter(start=0):
    count = start

    def increment(step=1):
        nonlocal count
        count += step
        return count

    def reset():
        nonlocal count
        count = start

    increment.reset = reset
    return increment


c = make_counter(10)
print(c(), c(), c(5))
c.reset()
print(c())


def make_multipliers():
    return [lambda x, i=i: x * i for i in range(4)]


print([m(2) for m in make_multipliers()])
total = 0


def add_to_total(n):
    global total
    total += n
    return total


print(add_to_total(5), add_to_total(7), total)


def memo(fn):
    cache = {}

    def inner(n):
        if n not in cache:
            cache[n] = fn(n)
        return cache[n]

    inner.cache = cache
    return inner


@memo
def stairs(n):
    return 1 if n <= 1 else stairs(n - 1) + stairs(n - 2)


print(stairs(50), len(stairs.cache))
