from fractions import Fraction
from decimal import Decimal, getcontext, localcontext, ROUND_HALF_UP, InvalidOperation

a, b = Fraction(1, 3), Fraction(2, 7)
print(a + b, a * b, a / b, a - b, a**2, float(a), Fraction("0.75"), Fraction(1.5))
print(Fraction(3.14159).limit_denominator(100), Fraction(10, 4).numerator, sum(Fraction(1, n) for n in range(1, 5)))
print(0.1 + 0.2, Decimal("0.1") + Decimal("0.2"), Decimal(1) / Decimal(3))
getcontext().prec = 6
print(Decimal(1) / Decimal(7), Decimal("2").sqrt())
with localcontext() as ctx:
    ctx.prec = 30
    print(Decimal(1) / Decimal(7))
price = Decimal("19.995")
print(price.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP), round(Decimal("2.675"), 2))
print(Decimal("1.30") == Decimal("1.3"), Decimal("10").as_tuple(), Decimal("-0").is_signed())
try:
    Decimal("abc")
except InvalidOperation:
    print("InvalidOperation")
total = sum([Decimal("0.10")] * 10)
print(total, total == Decimal("1"), f"{Decimal('1234.5'):,.2f}")
