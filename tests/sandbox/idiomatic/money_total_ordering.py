from functools import total_ordering


@total_ordering
class Money:
    def __init__(self, cents: int, currency: str = "USD"):
        self._cents = cents
        self.currency = currency

    @property
    def cents(self):
        return self._cents

    def _check(self, other):
        if self.currency != other.currency:
            raise ValueError(f"currency mismatch: {self.currency} vs {other.currency}")

    def __eq__(self, other):
        return isinstance(other, Money) and (self._cents, self.currency) == (other._cents, other.currency)

    def __lt__(self, other):
        self._check(other)
        return self._cents < other._cents

    def __add__(self, other):
        self._check(other)
        return Money(self._cents + other._cents, self.currency)

    def __radd__(self, other):
        return self if other == 0 else NotImplemented

    def __str__(self):
        return f"{self._cents // 100}.{self._cents % 100:02d} {self.currency}"

    __repr__ = __str__


prices = [Money(1999), Money(550), Money(12000)]
print(sorted(prices), max(prices), min(prices))
print(sum(prices), Money(100) <= Money(100), Money(5) >= Money(7))
try:
    Money(1) < Money(1, "EUR")
except ValueError as e:
    print(e)
