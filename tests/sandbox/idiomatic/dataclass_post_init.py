from dataclasses import dataclass, field
import datetime


@dataclass
class Employee:
    name: str
    salary: float
    department: str = "general"
    email: str = field(init=False)
    skills: set = field(default_factory=set, compare=False)

    def __post_init__(self):
        if self.salary < 0:
            raise ValueError("salary must be non-negative")
        self.email = f"{self.name.lower().replace(' ', '.')}@example.com"

    def raise_salary(self, pct):
        self.salary = round(self.salary * (1 + pct / 100), 2)


e = Employee("Ada Lovelace", 5000)
e.raise_salary(10)
print(e)
print(e == Employee("Ada Lovelace", 5500.0), Employee.__dataclass_fields__["email"].init)
try:
    Employee("Bob", -1)
except ValueError as err:
    print(f"{type(err).__name__}: {err}")


@dataclass
class Event:
    title: str
    when: datetime.date

    def days_until(self, today):
        return (self.when - today).days


ev = Event("launch", datetime.date(2024, 12, 25))
print(ev.days_until(datetime.date(2024, 12, 1)), ev.when.strftime("%A %d %B %Y"))
