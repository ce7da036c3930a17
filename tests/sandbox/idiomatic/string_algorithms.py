from collections import Counter


def is_palindrome(s):
    cleaned = [c.lower() for c in s if c.isalnum()]
    return cleaned == cleaned[::-1]


def longest_palindrome(s):
    best = ""
    for center in range(2 * len(s) - 1):
        lo, hi = center // 2, center // 2 + center % 2
        while lo >= 0 and hi < len(s) and s[lo] == s[hi]:
            lo, hi = lo - 1, hi + 1
        if hi - lo - 1 > len(best):
            best = s[lo + 1 : hi]
    return best


def compress(s):
    out, i = [], 0
    while i < len(s):
        j = i
        while j < len(s) and s[j] == s[i]:
            j += 1
        out.append(f"{s[i]}{j - i}")
        i = j
    result = "".join(out)
    return result if len(result) < len(s) else s


def first_unique(s):
    counts = Counter(s)
    return next((i for i, c in enumerate(s) if counts[c] == 1), -1)


def reverse_words(s):
    return " ".join(reversed(s.split()))


print(is_palindrome("A man, a plan, a canal: Panama"), is_palindrome("race a car"))
print(longest_palindrome("babad"), longest_palindrome("cbbd"), compress("aabcccccaaa"), compress("abc"))
print(first_unique("leetcode"), first_unique("aabb"), reverse_words("  the sky  is blue "))
print("".join(sorted("python")), "hello world".count("o"), "Mississippi".replace("ss", "SS", 1))
