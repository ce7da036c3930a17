from abc import ABC, abstractmethod


class Employee(ABC):
    raise_rate = 1.05
    _next_id = 1

    def __init__(self, name, base):
        self.name = name
        self.base = base
        self.id = Employee._next_id
        Employee._next_id += 1

    @property
    @abstractmethod
    def pay(self) -> float: ...

    def apply_raise(self):
        self.base = round(self.base * self.raise_rate, 2)

    def __str__(self):
        return f"#{self.id} {self.name:<6} {type(self).__name__:<9} {self.pay:>9.2f}"


class Salaried(Employee):
    @property
    def pay(self):
        return self.base / 12


class Hourly(Employee):
    raise_rate = 1.10

    def __init__(self, name, rate, hours):
        super().__init__(name, rate)
        self.hours = hours

    @property
    def pay(self):
        return self.base * self.hours


staff = [Salaried("ann", 120000), Hourly("bob", 30, 160), Salaried("cid", 90000)]
for e in staff:
    e.apply_raise()
    print(e)
print(f"total {sum(e.pay for e in staff):,.2f}", Employee._next_id)
