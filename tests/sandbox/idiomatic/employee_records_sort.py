from dataclasses import dataclass
from operator import attrgetter, itemgetter
from itertools import groupby


@dataclass(frozen=True)
class Employee:
    name: str
    dept: str
    salary: int
    age: int


STAFF = [
    Employee("ann", "eng", 130, 31),
    Employee("bob", "ops", 90, 45),
    Employee("cid", "eng", 110, 28),
    Employee("dee", "ops", 95, 39),
    Employee("eve", "hr", 70, 50),
]
print([e.name for e in sorted(STAFF, key=attrgetter("dept", "salary"))])
print([e.name for e in sorted(STAFF, key=lambda e: (-e.salary, e.name))][:3])
for dept, group in groupby(sorted(STAFF, key=attrgetter("dept")), key=attrgetter("dept")):
    members = list(group)
    avg = sum(e.salary for e in members) / len(members)
    print(f"{dept:<4} n={len(members)} avg={avg:.1f} oldest={max(members, key=attrgetter('age')).name}")
pairs = [(e.name, e.age) for e in STAFF]
print(sorted(pairs, key=itemgetter(1), reverse=True)[:2], min(STAFF, key=attrgetter("age")).name)
