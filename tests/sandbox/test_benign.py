"""Ordinary programs print exactly what plain CPython prints for them."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from bot.sandbox import ProcessSandbox, RunStatus

pytestmark = pytest.mark.asyncio(loop_scope="module")

PROGRAMS: dict[str, str] = {
    "classes": """
        class Animal:
            sound = "..."
            def __init__(self, name):
                self.name = name
            def speak(self):
                return f"{self.name} says {self.sound}"
        class Dog(Animal):
            sound = "woof"
            def speak(self):
                return super().speak() + "!"
        class Point:
            def __init__(self, x, y):
                self.x, self.y = x, y
            def __eq__(self, other):
                return (self.x, self.y) == (other.x, other.y)
            @property
            def norm2(self):
                return self.x ** 2 + self.y ** 2
            @classmethod
            def origin(cls):
                return cls(0, 0)
            @staticmethod
            def dims():
                return 2
        print(Dog("Rex").speak(), Animal("Cat").speak())
        print(Point(3, 4).norm2, Point.origin() == Point(0, 0), Point.dims())
        print(isinstance(Dog("a"), Animal), issubclass(Dog, Animal), type(3) is int)
        p = Point(1, 2)
        p.x += 10
        print(p.x, getattr(p, "y"), hasattr(p, "z"))
    """,
    "generators": """
        def fib():
            a, b = 0, 1
            while True:
                yield a
                a, b = b, a + b
        def take(n, it):
            for i, x in enumerate(it):
                if i >= n:
                    return
                yield x
        print(list(take(10, fib())))
        squares = (x * x for x in range(6))
        print(sum(squares), [y for y in (x for x in "abc")])
        def chain(*its):
            for it in its:
                yield from it
        print(list(chain([1, 2], (3,), "de")))
        g = fib()
        print(next(g), next(g), next(g))
    """,
    "recursion-500": """
        def depth(n):
            return 0 if n == 0 else 1 + depth(n - 1)
        print(depth(500))
        def hanoi(n, a, b, c, moves):
            if n:
                hanoi(n - 1, a, c, b, moves)
                moves.append((a, c))
                hanoi(n - 1, b, a, c, moves)
            return moves
        print(len(hanoi(10, "A", "B", "C", [])))
    """,
    "allowed-imports": """
        import math, itertools, functools, collections, heapq, bisect, re, string, operator
        import statistics, random, copy, json
        from fractions import Fraction
        from decimal import Decimal
        print(math.gcd(12, 18), math.isqrt(99), round(math.pi, 5))
        print(list(itertools.permutations([1, 2, 3], 2))[:4], list(itertools.accumulate([1, 2, 3])))
        print(functools.reduce(operator.mul, range(1, 6)), operator.itemgetter(1)([5, 6]))
        c = collections.Counter("mississippi")
        print(c.most_common(2), collections.deque([1, 2, 3], maxlen=2))
        d = collections.defaultdict(list)
        d["a"].append(1)
        print(dict(d), collections.OrderedDict(b=1, a=2))
        h = [5, 1, 4]
        heapq.heapify(h)
        print(heapq.heappop(h), heapq.nsmallest(2, [9, 3, 7]), bisect.bisect_left([1, 3, 5], 4))
        print(re.findall(r"\\d+", "a1b22c333"), re.sub("o", "0", "foo"), string.ascii_lowercase[:5])
        print(statistics.mean([1, 2, 3, 4]), statistics.median([3, 1, 2]))
        random.seed(42)
        print(random.randint(1, 100), random.choice("abc"))
        x = [[1], [2]]
        y = copy.deepcopy(x)
        y[0].append(9)
        print(x, y, json.dumps({"b": [1, 2.5, None]}, sort_keys=True), json.loads("[1, 2]"))
        print(Fraction(1, 3) + Fraction(1, 6), Decimal("0.1") + Decimal("0.2"))
        Pair = collections.namedtuple("Pair", "left right")
        print(Pair(1, 2), Pair(1, 2).left)
    """,
    "dataclasses-typing-decorators": """
        from dataclasses import dataclass, field
        from typing import Optional
        import functools
        @dataclass(order=True)
        class Item:
            price: float
            name: str = "x"
            tags: list = field(default_factory=list)
        print(Item(2.5, "pen"), sorted([Item(3), Item(1)])[0].price)
        from dataclasses import make_dataclass, asdict
        P = make_dataclass("P", ["x", ("y", int, 0)])
        print(P(1), asdict(P(2, 3)), type(P(1)) is P)
        def shout(func):
            @functools.wraps(func)
            def wrapper(*args, **kwargs):
                return func(*args, **kwargs).upper()
            return wrapper
        @shout
        def greet(name: Optional[str] = None) -> str:
            return f"hello {name or 'world'}"
        print(greet(), greet("ann"))
        @functools.total_ordering
        class Version:
            def __init__(self, n):
                self.n = n
            def __eq__(self, other):
                return self.n == other.n
            def __lt__(self, other):
                return self.n < other.n
        print(Version(1) <= Version(2), Version(3) >= Version(2), Version(2) > Version(5))
        @functools.lru_cache(maxsize=None)
        def fib(n):
            return n if n < 2 else fib(n - 1) + fib(n - 2)
        print(fib(80))
    """,
    "try-except": """
        class AppError(Exception):
            pass
        def risky(x):
            if x < 0:
                raise AppError(f"negative: {x}")
            return 10 // x
        for v in (5, 0, -1):
            try:
                print(risky(v))
            except ZeroDivisionError as e:
                print("zero:", e)
            except AppError as e:
                print("app:", e)
            else:
                print("no error")
            finally:
                print("done", v)
        try:
            {}["missing"]
        except KeyError as e:
            print(repr(e))
        try:
            try:
                int("x")
            except ValueError:
                raise RuntimeError("wrapped")
        except RuntimeError as e:
            print("RuntimeError", e)
    """,
    "f-strings-and-formatting": """
        name, pi, n = "Ada", 3.14159265, 1234567
        print(f"{name!r:>8}|{pi:.3f}|{n:,}|{n:_x}|{0.25:.1%}|{'mid':^9}|")
        width = 6
        print(f"{42:{width}d}|{-3:+d}|{7:08.3f}|{'x' * 3}")
        print("%s has %d items costing %.2f" % ("cart", 3, 9.5), format(255, "b"))
        print("-".join(str(i) for i in range(5)), "a,b,,c".split(","), "  pad ".strip())
        print(str(1e16), repr(0.1 + 0.2), 10 / 4, 10 // 4, -7 % 3, 2 ** 100)
    """,
    "builtins-and-syntax": """
        data = {"b": 2, "a": 1, "c": 3}
        print(sorted(data), sorted(data.items(), key=lambda kv: -kv[1]), max(data, key=data.get))
        print(list(zip("ab", [1, 2])), list(map(abs, [-1, 2])), list(filter(None, [0, 1, "", "x"])))
        print(any([]), all([]), min(3, 1, 2), sum([0.5] * 4), divmod(17, 5), abs(-2.5))
        first, *rest = [1, 2, 3, 4]
        print(first, rest, {*"aab"} == {"a", "b"}, {**{"x": 1}, "y": 2})
        if (k := len(rest)) > 2:
            print("walrus", k)
        total = 0
        i = 0
        while i < 5:
            i += 1
            if i == 2:
                continue
            total += i
        else:
            print("while-else", total)
        counter = 0
        def bump():
            global counter
            counter += 1
        bump(); bump()
        def make_acc():
            acc = 0
            def add(x):
                nonlocal acc
                acc += x
                return acc
            return add
        add = make_acc()
        add(2)
        print(counter, add(3), list(reversed(range(3))), tuple("ab"), [1, 2, 3][::-1])
        m = [[0] * 3 for _ in range(2)]
        m[1][2] = 7
        print(m, chr(65), ord("a"), hex(255), bin(5), round(2.675, 2), int("ff", 16))
        counts = {}
        for ch in "banana":
            counts[ch] = counts.get(ch, 0)
            counts[ch] += 1
        grid = [[1, 2], [3, 4]]
        grid[1][0] *= 10
        label: str = "counts"
        print(label, counts, grid)
        s = {1, 2}
        s |= {3}
        print(s, frozenset([1]) | {2}, bytes([104, 105]).decode(), "é".encode("utf-8"))
        print(b"caf\\xe9".decode("cp1252"), "ok".encode("utf-16-le"), "é".encode("latin-1"))
        print("line one", "two", sep=" / ", end="!\\n")
    """,
}


def cpython_output(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-I", "-c", code], capture_output=True, text=True, timeout=30, check=True
    )
    return result.stdout


@pytest.mark.parametrize("name", sorted(PROGRAMS))
async def test_prints_exactly_what_cpython_prints(sandbox: ProcessSandbox, name: str) -> None:
    code = textwrap.dedent(PROGRAMS[name]).strip() + "\n"
    expected = cpython_output(code)
    result = await sandbox.run(code)
    assert result.status is RunStatus.OK, result.traceback
    assert result.stdout == expected
    assert not result.truncated


async def test_output_is_cut_for_display(sandbox: ProcessSandbox) -> None:
    result = await sandbox.run("for i in range(100):\n    print(i)")
    assert result.ok and result.truncated
    assert result.stdout.splitlines() == [str(i) for i in range(30)]
    result = await sandbox.run("print('x' * 5000)")
    assert result.ok and result.truncated and result.stdout == "x" * 1900


async def test_nothing_carries_over_between_runs(sandbox: ProcessSandbox) -> None:
    first = await sandbox.run("import math\nmath_value = 1\nprint(math.pi > 3)")
    assert first.ok
    second = await sandbox.run("print(math_value)")
    assert second.status is RunStatus.ERROR
    assert "NameError" in second.traceback


async def test_each_run_gets_fresh_random_state(sandbox: ProcessSandbox) -> None:
    code = "import random\nprint(random.random())"
    outputs = {(await sandbox.run(code)).stdout for _ in range(4)}
    assert len(outputs) == 4  # children are forked from one template, but reseeded
