from functools import cached_property


class Dataset:
    def __init__(self, values):
        self.values = values
        self.computations = 0

    @cached_property
    def stats(self):
        self.computations += 1
        n = len(self.values)
        mean = sum(self.values) / n
        var = sum((x - mean) ** 2 for x in self.values) / n
        return {"n": n, "mean": mean, "var": var}


d = Dataset([2, 4, 4, 4, 5, 5, 7, 9])
print(d.stats, d.stats["var"], d.computations)
print("stats" in vars(d))
del d.stats
print(d.stats["mean"], d.computations)
