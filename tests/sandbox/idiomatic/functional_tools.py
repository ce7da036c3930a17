from functools import reduce, partial
from operator import add, mul, itemgetter
from itertools import accumulate

nums = [1, 2, 3, 4, 5]
print(list(map(lambda x: x * x, nums)), list(filter(lambda x: x % 2, nums)), reduce(add, nums))
print(reduce(mul, nums, 1), list(accumulate(nums, mul)), sum(map(itemgetter(0), [(1, 2), (3, 4)])))


def compose(*fns):
    return reduce(lambda f, g: lambda x: g(f(x)), fns)


pipeline = compose(str.strip, str.lower, lambda s: s.replace(" ", "-"))
print(pipeline("  Hello Big World "))
double = partial(mul, 2)
print(list(map(double, nums)), double.func is mul, double.args)


def curry(fn):
    def curried(*args):
        if len(args) >= 3:
            return fn(*args)
        return lambda *more: curried(*args, *more)

    return curried


@curry
def volume(a, b, c):
    return a * b * c


print(volume(2)(3)(4), volume(2, 3)(4), volume(2, 3, 4))
print(sorted(["banana", "Apple", "cherry"], key=str.lower), any(n > 4 for n in nums), all(nums))
print(list(zip(*[(1, "a"), (2, "b")])), dict(zip("abc", range(3))), list(enumerate("xy", start=1)))
