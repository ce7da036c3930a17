class Polynomial:
    def __init__(self, *coeffs):
        self.coeffs = coeffs

    def __call__(self, x):
        return sum(c * x**i for i, c in enumerate(self.coeffs))

    def __repr__(self):
        terms = [f"{c}x^{i}" if i else str(c) for i, c in enumerate(self.coeffs) if c]
        return " + ".join(reversed(terms)) or "0"

    def __eq__(self, other):
        return isinstance(other, Polynomial) and self.coeffs == other.coeffs

    def __hash__(self):
        return hash(self.coeffs)

    def __len__(self):
        return len(self.coeffs)

    def __add__(self, other):
        n = max(len(self), len(other))
        a = self.coeffs + (0,) * (n - len(self))
        b = other.coeffs + (0,) * (n - len(other))
        return Polynomial(*(x + y for x, y in zip(a, b)))


p = Polynomial(1, 0, 2)
q = Polynomial(0, 3)
print(p, q, p(2), (p + q)(1), callable(p), len({p, Polynomial(1, 0, 2), q}))
print(list(map(p, range(4))), p == q, p + q)
