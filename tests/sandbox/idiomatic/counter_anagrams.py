from collections import Counter, defaultdict


def group_anagrams(words):
    groups = defaultdict(list)
    for w in words:
        groups["".join(sorted(w))].append(w)
    return sorted(groups.values(), key=lambda g: (-len(g), g))


def is_anagram(a, b):
    return Counter(a) == Counter(b)


print(group_anagrams(["eat", "tea", "tan", "ate", "nat", "bat"]))
print(is_anagram("listen", "silent"), is_anagram("rat", "car"))
c = Counter("abracadabra")
print(c.most_common(3), c["z"], sum(c.values()))
c.update("aaz")
c.subtract({"a": 2})
print(sorted(c.items()))
print(Counter(a=3, b=1) + Counter(a=1, b=2), Counter(a=3) - Counter(a=5))
