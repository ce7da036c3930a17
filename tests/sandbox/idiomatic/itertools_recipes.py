import itertools as it
import operator

print(list(it.islice(it.count(10, 5), 4)))
print(list(it.chain.from_iterable([[1, 2], [3], []])))
print(["".join(p) for p in it.permutations("abc", 2)])
print(list(it.combinations(range(4), 2)), len(list(it.combinations_with_replacement("ab", 3))))
print(list(it.product("ab", repeat=2)))
print([(k, len(list(g))) for k, g in it.groupby("aaabccdd")])
print(list(it.accumulate([1, 2, 3, 4], operator.mul)), list(it.accumulate([3, 1, 4, 1, 5], max)))
print(list(it.takewhile(lambda x: x < 5, [1, 4, 6, 2])), list(it.dropwhile(lambda x: x < 5, [1, 4, 6, 2])))
print(list(it.zip_longest("ab", "xyz", fillvalue="-")), list(it.starmap(pow, [(2, 3), (3, 2)])))
print(list(it.compress("abcdef", [1, 0, 1, 0, 1, 1])), list(it.pairwise([1, 2, 4, 7])))
a, b = it.tee(range(3))
print(list(a), list(b), list(it.repeat("x", 3)), list(it.islice(it.cycle("ab"), 5)))
print(list(it.filterfalse(lambda x: x % 2, range(6))))


def chunked(iterable, n):
    iterator = iter(iterable)
    while batch := list(it.islice(iterator, n)):
        yield batch


print(list(chunked(range(7), 3)))
