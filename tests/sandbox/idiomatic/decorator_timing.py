import functools
import time


def timed(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        result = func(*args, **kwargs)
        elapsed = time.perf_counter() - start
        wrapper.calls += 1
        wrapper.total += elapsed
        print(f"{func.__name__} took {'<1s' if elapsed < 1 else '>=1s'}")
        return result

    wrapper.calls = 0
    wrapper.total = 0.0
    return wrapper


@timed
def slow_sum(n):
    """Sum of squares."""
    return sum(i * i for i in range(n))


print(slow_sum(1000), slow_sum(10))
print(slow_sum.__name__, slow_sum.__doc__, slow_sum.calls, slow_sum.total >= 0)
print(slow_sum.__wrapped__(3))
time.sleep(0.001)
t0 = time.monotonic()
print(time.monotonic() >= t0, isinstance(time.time(), float))
