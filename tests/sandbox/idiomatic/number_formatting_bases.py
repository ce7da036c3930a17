def to_base(n, base):
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    if n == 0:
        return "0"
    sign = "-" if n < 0 else ""
    n = abs(n)
    out = []
    while n:
        n, r = divmod(n, base)
        out.append(digits[r])
    return sign + "".join(reversed(out))


for n in (0, 7, 255, -42, 2024):
    print(n, to_base(n, 2), to_base(n, 16), to_base(n, 36), int(to_base(n, 36), 36) == n)
print(int("z", 36), int("0x1f", 16), int("0b101", 0), int(" 42 "), float("1e3"), float("-inf"))
print(round(123.456, -1), round(2.5), round(3.5), f"{1/3:.5}", 7 / 2, 7 // 2, 2**-1, 10**20)
print(1_000_000, 0o17, 0b1100, 1e-5, 123456789.0, 1.0e16, 12345678901234567890.0, 0.1 * 3)
