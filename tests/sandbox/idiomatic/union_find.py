class DSU:
    def __init__(self, n):
        self.parent = list(range(n))
        self.rank = [0] * n
        self.count = n

    def find(self, x):
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        if self.rank[ra] < self.rank[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        if self.rank[ra] == self.rank[rb]:
            self.rank[ra] += 1
        self.count -= 1
        return True


d = DSU(8)
edges = [(0, 1), (2, 3), (1, 3), (4, 5), (6, 7), (5, 7), (0, 2)]
print([d.union(a, b) for a, b in edges])
print(d.count, d.find(3) == d.find(0), d.find(4) == d.find(0))


def kruskal(n, weighted):
    dsu, total, used = DSU(n), 0, []
    for w, a, b in sorted(weighted):
        if dsu.union(a, b):
            total += w
            used.append((a, b))
    return total, used


print(kruskal(4, [(1, 0, 1), (4, 1, 2), (3, 0, 2), (2, 2, 3), (5, 1, 3)]))
