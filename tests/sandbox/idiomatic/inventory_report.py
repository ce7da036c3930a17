from collections import defaultdict
from decimal import Decimal

SALES = [
    {"sku": "A1", "region": "north", "qty": 3, "price": "9.99"},
    {"sku": "B2", "region": "south", "qty": 1, "price": "24.50"},
    {"sku": "A1", "region": "south", "qty": 5, "price": "9.99"},
    {"sku": "C3", "region": "north", "qty": 2, "price": "4.25"},
]

by_region = defaultdict(Decimal)
by_sku = defaultdict(int)
for row in SALES:
    amount = Decimal(row["price"]) * row["qty"]
    by_region[row["region"]] += amount
    by_sku[row["sku"]] += row["qty"]

print(f"{'region':<8}{'total':>10}")
for region, total in sorted(by_region.items()):
    print(f"{region:<8}{total:>10.2f}")
print(f"{'TOTAL':<8}{sum(by_region.values()):>10.2f}")
best = max(by_sku, key=by_sku.get)
print(best, by_sku[best], dict(sorted(by_sku.items())))
