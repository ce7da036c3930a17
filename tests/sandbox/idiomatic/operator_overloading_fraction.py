from math import gcd


class Frac:
    __slots__ = ("num", "den")

    def __init__(self, num, den=1):
        if den == 0:
            raise ZeroDivisionError("denominator is zero")
        if den < 0:
            num, den = -num, -den
        g = gcd(num, den)
        self.num, self.den = num // g, den // g

    def __add__(self, other):
        other = other if isinstance(other, Frac) else Frac(other)
        return Frac(self.num * other.den + other.num * self.den, self.den * other.den)

    __radd__ = __add__

    def __sub__(self, other):
        return self + (-other)

    def __neg__(self):
        return Frac(-self.num, self.den)

    def __mul__(self, other):
        other = other if isinstance(other, Frac) else Frac(other)
        return Frac(self.num * other.num, self.den * other.den)

    __rmul__ = __mul__

    def __truediv__(self, other):
        other = other if isinstance(other, Frac) else Frac(other)
        return self * Frac(other.den, other.num)

    def __eq__(self, other):
        other = other if isinstance(other, Frac) else Frac(other)
        return (self.num, self.den) == (other.num, other.den)

    def __lt__(self, other):
        return self.num * other.den < other.num * self.den

    def __hash__(self):
        return hash((self.num, self.den))

    def __float__(self):
        return self.num / self.den

    def __repr__(self):
        return f"Frac({self.num}, {self.den})"

    def __str__(self):
        return f"{self.num}/{self.den}" if self.den != 1 else str(self.num)


a, b = Frac(1, 2), Frac(3, 4)
print(a + b, a - b, a * b, a / b, 1 + a, 2 * b, float(b), a == Frac(2, 4), sorted([b, a]))
print(sum([Frac(1, n) for n in range(1, 4)]), repr(Frac(6, -8)), {Frac(1, 2), Frac(2, 4)})
try:
    Frac(1, 0)
except ZeroDivisionError as e:
    print(e)
