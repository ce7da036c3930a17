from collections import defaultdict, deque


class Graph:
    def __init__(self, directed=False):
        self._adj = defaultdict(set)
        self.directed = directed

    def add_edge(self, u, v):
        self._adj[u].add(v)
        if not self.directed:
            self._adj[v].add(u)
        else:
            self._adj[v]

    def bfs(self, start):
        seen, order, queue = {start}, [], deque([start])
        while queue:
            node = queue.popleft()
            order.append(node)
            for nxt in sorted(self._adj[node]):
                if nxt not in seen:
                    seen.add(nxt)
                    queue.append(nxt)
        return order

    def dfs(self, start, seen=None):
        seen = seen if seen is not None else []
        seen.append(start)
        for nxt in sorted(self._adj[start]):
            if nxt not in seen:
                self.dfs(nxt, seen)
        return seen

    def has_cycle(self):
        color = {}

        def visit(u):
            color[u] = 1
            for v in self._adj[u]:
                if color.get(v) == 1 or (color.get(v) is None and visit(v)):
                    return True
            color[u] = 2
            return False

        return any(color.get(u) is None and visit(u) for u in list(self._adj))

    def components(self):
        seen, count = set(), 0
        for node in sorted(self._adj):
            if node not in seen:
                count += 1
                seen.update(self.bfs(node))
        return count


g = Graph()
for u, v in [(1, 2), (1, 3), (2, 4), (3, 4), (5, 6)]:
    g.add_edge(u, v)
print(g.bfs(1), g.dfs(1), g.components())
dg = Graph(directed=True)
for u, v in [("a", "b"), ("b", "c")]:
    dg.add_edge(u, v)
print(dg.has_cycle())
dg.add_edge("c", "a")
print(dg.has_cycle())
