def count_bits(n):
    count = 0
    while n:
        n &= n - 1
        count += 1
    return count


def single_number(nums):
    result = 0
    for n in nums:
        result ^= n
    return result


def is_power_of_two(n):
    return n > 0 and n & (n - 1) == 0


def subsets(items):
    return [[items[i] for i in range(len(items)) if mask >> i & 1] for mask in range(1 << len(items))]


print([count_bits(n) for n in range(9)], bin(255).count("1"), (255).bit_length())
print(single_number([4, 1, 2, 1, 2]), [n for n in range(20) if is_power_of_two(n)])
print(subsets(["a", "b", "c"]))
print(5 & 3, 5 | 3, 5 ^ 3, ~5, 5 << 2, -20 >> 2, int("1010", 2), f"{10:04b}", hex(0xFF ^ 0x0F))
