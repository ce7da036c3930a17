from collections import namedtuple
from operator import itemgetter

Employee = namedtuple("Employee", "name dept salary")
staff = [Employee("ann", "eng", 120), Employee("bob", "ops", 90), Employee("cid", "eng", 100)]
print(staff[0], staff[0].salary, staff[0]._asdict())
print(sorted(staff, key=lambda e: e.salary), max(staff, key=lambda e: e.salary).name)
by_dept = {}
for e in staff:
    by_dept.setdefault(e.dept, []).append(e.name)
print(by_dept, Employee._fields, staff[1]._replace(salary=95))
name, dept, salary = staff[2]
print(name, dept, salary, sum(e.salary for e in staff) / len(staff))
