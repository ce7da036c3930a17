from contextlib import ContextDecorator, contextmanager
import functools


class trace(ContextDecorator):
    depth = 0

    def __init__(self, label):
        self.label = label

    def __enter__(self):
        print("  " * trace.depth + f"-> {self.label}")
        trace.depth += 1
        return self

    def __exit__(self, *exc):
        trace.depth -= 1
        print("  " * trace.depth + f"<- {self.label}")
        return False


@trace("outer")
def outer():
    with trace("inner"):
        print("    working")


outer()


@contextmanager
def temp_attr(obj, name, value):
    old = getattr(obj, name)
    setattr(obj, name, value)
    try:
        yield obj
    finally:
        setattr(obj, name, old)


class Settings:
    debug = False


with temp_attr(Settings, "debug", True):
    print("inside", Settings.debug)
print("after", Settings.debug)


def log_calls(func=None, *, prefix="call"):
    if func is None:
        return functools.partial(log_calls, prefix=prefix)

    @functools.wraps(func)
    def wrapper(*args):
        print(f"{prefix}: {func.__name__}{args}")
        return func(*args)

    return wrapper


@log_calls
def add(a, b):
    return a + b


@log_calls(prefix="debug")
def neg(x):
    return -x


print(add(1, 2), neg(5))
