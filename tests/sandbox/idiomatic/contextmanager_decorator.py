from contextlib import contextmanager, suppress, ExitStack, nullcontext, closing


@contextmanager
def tag(name):
    print(f"<{name}>")
    try:
        yield name.upper()
    finally:
        print(f"</{name}>")


with tag("div") as t:
    with tag("p"):
        print("hello", t)

with suppress(ZeroDivisionError, KeyError):
    1 / 0
print("suppressed")


@contextmanager
def transaction(log):
    log.append("begin")
    try:
        yield log
        log.append("commit")
    except Exception as e:
        log.append(f"rollback: {e}")
        raise


log = []
with transaction(log):
    log.append("work")
try:
    with transaction(log):
        raise RuntimeError("oops")
except RuntimeError:
    pass
print(log)

with ExitStack() as stack:
    names = [stack.enter_context(tag(n)) for n in ("a", "b")]
    print(names)
with nullcontext(5) as five:
    print(five)


class Conn:
    def close(self):
        print("closed")


with closing(Conn()):
    print("using")
