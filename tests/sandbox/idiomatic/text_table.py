rows = [("Name", "Qty", "Price"), ("apple", 3, 1.2), ("watermelon", 1, 3.75), ("fig", 12, 0.5)]
widths = [max(len(str(r[i])) for r in rows) for i in range(3)]
for i, row in enumerate(rows):
    cells = [str(c).ljust(w) if j == 0 else str(c).rjust(w) for j, (c, w) in enumerate(zip(row, widths))]
    print(" | ".join(cells))
    if i == 0:
        print("-+-".join("-" * w for w in widths))
total = sum(q * p for _, q, p in rows[1:])
print(f"{'total':>{sum(widths) + 6}} {total:.2f}")
for name, qty, price in rows[1:]:
    print("{:<12}{:>4d}{:>8.2f}".format(name, qty, price))
