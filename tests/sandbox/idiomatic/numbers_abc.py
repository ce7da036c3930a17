import numbers
from fractions import Fraction
from decimal import Decimal
from collections.abc import Callable, Hashable, Sequence, Mapping, Set, Generator, Iterator


def classify(x):
    for kind in (numbers.Integral, numbers.Rational, numbers.Real, numbers.Complex, numbers.Number):
        if isinstance(x, kind):
            return kind.__name__
    return "not a number"


for v in (3, True, Fraction(1, 2), 2.5, 1j, Decimal("1.1"), "7"):
    print(repr(v), classify(v))


def gen():
    yield 1


print(isinstance(len, Callable), isinstance([], Hashable), isinstance((), Sequence), isinstance({}, Mapping))
print(isinstance(frozenset(), Set), isinstance(gen(), Generator), isinstance(iter([]), Iterator))
print(issubclass(dict, Mapping), issubclass(str, Sequence), issubclass(list, Hashable))
