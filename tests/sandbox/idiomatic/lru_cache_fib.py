from functools import lru_cache, cache, partial, reduce
import operator


@lru_cache(maxsize=None)
def fib(n: int) -> int:
    return n if n < 2 else fib(n - 1) + fib(n - 2)


@cache
def grid_paths(r, c):
    if r == 0 or c == 0:
        return 1
    return grid_paths(r - 1, c) + grid_paths(r, c - 1)


print(fib(100), fib.cache_info().hits > 0)
fib.cache_clear()
print(fib.cache_info())
print(grid_paths(10, 10))
pow2 = partial(pow, 2)
print(pow2(10), partial(int, base=2)("1011"))
print(reduce(operator.mul, range(1, 11)), reduce(lambda a, b: a + b, [], 0))


@lru_cache(maxsize=2)
def square(x):
    print("computing", x)
    return x * x


for x in [1, 2, 1, 3, 1, 2]:
    square(x)
print(square.cache_info())
