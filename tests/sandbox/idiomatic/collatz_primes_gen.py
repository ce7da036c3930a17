from itertools import count, islice


def collatz(n):
    while n != 1:
        yield n
        n = n // 2 if n % 2 == 0 else 3 * n + 1
    yield 1


def primes():
    found = []
    for n in count(2):
        if all(n % p for p in found if p * p <= n):
            found.append(n)
            yield n


print(list(collatz(6)), max(range(1, 30), key=lambda n: len(list(collatz(n)))))
print(list(islice(primes(), 15)))


def perfect_numbers(limit):
    return [n for n in range(2, limit) if sum(d for d in range(1, n // 2 + 1) if n % d == 0) == n]


print(perfect_numbers(1000))


def digits_sum(n):
    return sum(map(int, str(n)))


print(digits_sum(2**100), sum(1 for n in range(1, 1000) if n % 3 == 0 or n % 5 == 0))
