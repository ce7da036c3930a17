from collections import Counter, deque


def longest_unique(s):
    last, start, best = {}, 0, ""
    for i, ch in enumerate(s):
        if last.get(ch, -1) >= start:
            start = last[ch] + 1
        last[ch] = i
        if i - start + 1 > len(best):
            best = s[start : i + 1]
    return best


def max_window(nums, k):
    dq, out = deque(), []
    for i, n in enumerate(nums):
        while dq and nums[dq[-1]] <= n:
            dq.pop()
        dq.append(i)
        if dq[0] <= i - k:
            dq.popleft()
        if i >= k - 1:
            out.append(nums[dq[0]])
    return out


def min_window(s, t):
    need, missing = Counter(t), len(t)
    best, left = (0, float("inf")), 0
    for right, ch in enumerate(s, 1):
        if need[ch] > 0:
            missing -= 1
        need[ch] -= 1
        if not missing:
            while need[s[left]] < 0:
                need[s[left]] += 1
                left += 1
            if right - left < best[1] - best[0]:
                best = (left, right)
            need[s[left]] += 1
            missing += 1
            left += 1
    return "" if best[1] == float("inf") else s[best[0] : best[1]]


print(longest_unique("abcabcbb"), longest_unique("pwwkew"))
print(max_window([1, 3, -1, -3, 5, 3, 6, 7], 3))
print(min_window("ADOBECODEBANC", "ABC"))
