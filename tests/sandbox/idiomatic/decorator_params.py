import functools


def repeat(times=2):
    def decorate(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            return [func(*args, **kwargs) for _ in range(times)]

        return wrapper

    return decorate


def retry(exceptions, attempts=3):
    def decorate(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            for attempt in range(1, attempts + 1):
                try:
                    return func(*args, **kwargs)
                except exceptions as e:
                    print(f"attempt {attempt} failed: {e}")
            raise RuntimeError(f"{func.__name__} failed after {attempts} attempts")

        return wrapper

    return decorate


@repeat(times=3)
def greet(name):
    return f"hi {name}"


state = {"n": 0}


@retry(ValueError, attempts=4)
def flaky():
    state["n"] += 1
    if state["n"] < 3:
        raise ValueError(f"try {state['n']}")
    return "ok"


print(greet("ann"), greet.__name__)
print(flaky())
try:
    retry(KeyError, attempts=2)(lambda: {}["x"])()
except RuntimeError as e:
    print(e)
