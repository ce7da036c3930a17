class Tree:
    def __init__(self, value, *children):
        self.value = value
        self.children = list(children)

    def __iter__(self):
        yield self.value
        for child in self.children:
            yield from child

    def depth(self):
        return 1 + max((c.depth() for c in self.children), default=0)

    def paths(self, prefix=()):
        path = prefix + (self.value,)
        if not self.children:
            yield path
        for child in self.children:
            yield from child.paths(path)


tree = Tree(1, Tree(2, Tree(4), Tree(5)), Tree(3, Tree(6, Tree(7))))
print(list(tree), tree.depth())
for p in tree.paths():
    print("->".join(map(str, p)))


def flatten(items):
    for x in items:
        if isinstance(x, (list, tuple)):
            yield from flatten(x)
        else:
            yield x


print(list(flatten([1, [2, [3, (4, 5)]], [], 6])))
