from abc import ABC, abstractmethod


class Discount(ABC):
    @abstractmethod
    def apply(self, amount: float) -> float: ...

    def __repr__(self):
        return f"{type(self).__name__}()"


class NoDiscount(Discount):
    def apply(self, amount):
        return amount


class Percent(Discount):
    def __init__(self, pct):
        self.pct = pct

    def apply(self, amount):
        return round(amount * (1 - self.pct / 100), 2)

    def __repr__(self):
        return f"Percent({self.pct})"


class Order:
    def __init__(self, total, discount: Discount = NoDiscount()):
        self.total = total
        self.discount = discount

    def due(self):
        return self.discount.apply(self.total)


for d in (NoDiscount(), Percent(10), Percent(25)):
    print(d, Order(200, d).due())
STRATEGIES = {"upper": str.upper, "lower": str.lower, "title": str.title}
print({name: fn("hello WORLD") for name, fn in STRATEGIES.items()})
