import datetime
from decimal import Decimal

value = 1234567.891
print(f"{value:,.2f} {value:>15.1f} {value:e} {value:g} {int(value):_d}")
width, prec = 12, 3
print(f"[{value:{width}.{prec}f}] [{'left':<{width}}] [{'right':>{width}}]")
n = 42
print(f"{n:b} {n:o} {n:x} {n:X} {n:#x} {n:08b} {n:c}")
print(f"{0.125:.1%} {-0.5:+.2f} {3:03} {7.0:.0f} {2.5:.0f} {3.5:.0f}")
name = "Ada"
print(f"{name!r} {name.upper()=} {len(name) * 2 = }")
d = datetime.date(2024, 3, 9)
print(f"{d:%Y/%m/%d} {d:%a %b %d} {d.isoformat()}")
items = {"apple": 1.5, "banana": 0.25}
for k, v in items.items():
    print(f"{k:.<10}{v:.>8.2f}")
print(f"{Decimal('1.005'):.2f} {Decimal('10') / Decimal('3'):.4f}")
print(f"{'nested ' + f'{n * 2}'}", f"{{literal}}", f"{[x**2 for x in range(4)]}")
print(f"{True!s:>6}|{None}|{3+4j}|{1e-7}|{1e22}|{float('inf')}")
