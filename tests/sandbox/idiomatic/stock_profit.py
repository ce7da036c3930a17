def max_profit(prices):
    best, low = 0, float("inf")
    for p in prices:
        low = min(low, p)
        best = max(best, p - low)
    return best


def max_profit_many(prices):
    return sum(max(0, b - a) for a, b in zip(prices, prices[1:]))


def max_subarray(nums):
    best = cur = nums[0]
    for n in nums[1:]:
        cur = max(n, cur + n)
        best = max(best, cur)
    return best


def product_except_self(nums):
    out = [1] * len(nums)
    left = right = 1
    for i in range(len(nums)):
        out[i] *= left
        left *= nums[i]
        out[-1 - i] *= right
        right *= nums[-1 - i]
    return out


print(max_profit([7, 1, 5, 3, 6, 4]), max_profit([7, 6, 4]), max_profit_many([7, 1, 5, 3, 6, 4]))
print(max_subarray([-2, 1, -3, 4, -1, 2, 1, -5, 4]), product_except_self([1, 2, 3, 4]))
