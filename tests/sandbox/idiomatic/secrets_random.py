import random
import secrets

random.seed(1234)
print(random.randint(1, 100), random.random(), random.choice("abcdef"), random.uniform(1, 2))
items = list(range(10))
random.shuffle(items)
print(items, random.sample(range(100), 5), random.choices("ab", weights=[9, 1], k=5))
rng = random.Random(42)
print(rng.randrange(0, 100, 5), round(rng.gauss(0, 1), 6), rng.getrandbits(8))
token = secrets.token_hex(16)
print(len(token), all(c in "0123456789abcdef" for c in token), len(secrets.token_bytes(8)))
print(secrets.randbelow(10) < 10, secrets.choice(["x"]), len(secrets.token_urlsafe(12)) >= 12)
print(secrets.compare_digest("abc", "abc"))


def password(n=12):
    import string

    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(n))


print(len(password()), password(5).isalnum())
