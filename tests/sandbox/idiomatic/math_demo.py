import math

print(math.sqrt(16), math.isqrt(17), math.pow(2, 10), 2**0.5, math.floor(-2.5), math.ceil(2.1))
print(math.gcd(48, 18), math.lcm(4, 6), math.factorial(10), math.comb(10, 3), math.perm(5, 2))
print(round(math.pi, 6), round(math.e, 6), math.inf > 10**100, math.isnan(math.nan))
print(math.log(math.e), math.log2(1024), math.log10(1000), round(math.log(8, 2), 10))
print(round(math.sin(math.pi / 2), 6), round(math.degrees(math.pi), 1), round(math.hypot(3, 4), 1))
print(math.fsum([0.1] * 10), sum([0.1] * 10), math.prod([1, 2, 3, 4]), math.dist((0, 0), (3, 4)))
print(math.isclose(0.1 + 0.2, 0.3), math.copysign(3, -0.0), math.trunc(-3.7), math.modf(3.25))
print(divmod(-7, 2), -7 // 2, -7 % 2, int(-7 / 2), round(0.5), round(1.5), round(-0.5))


def is_prime(n):
    if n < 2:
        return False
    return all(n % d for d in range(2, math.isqrt(n) + 1))


def sieve(limit):
    flags = [True] * (limit + 1)
    flags[0:2] = [False, False]
    for i in range(2, math.isqrt(limit) + 1):
        if flags[i]:
            flags[i * i :: i] = [False] * len(flags[i * i :: i])
    return [i for i, f in enumerate(flags) if f]


print([n for n in range(30) if is_prime(n)] == sieve(29), sieve(50))
