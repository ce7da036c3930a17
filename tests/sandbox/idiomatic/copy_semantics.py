import copy


class Node:
    def __init__(self, value, children=None):
        self.value = value
        self.children = children or []

    def __repr__(self):
        return f"Node({self.value}, {self.children})"


tree = Node(1, [Node(2), Node(3, [Node(4)])])
shallow = copy.copy(tree)
deep = copy.deepcopy(tree)
tree.children[0].value = 99
print(shallow.children[0].value, deep.children[0].value, shallow.children is tree.children)
a = [[1, 2], [3]]
b = a[:]
c = copy.deepcopy(a)
a[0].append(9)
print(b, c, a is b, a[0] is b[0])
shared = [1]
d = copy.deepcopy({"x": shared, "y": shared})
print(d["x"] is d["y"], d)


class Config:
    def __init__(self):
        self.values = {"a": 1}

    def __copy__(self):
        new = Config()
        new.values = self.values
        return new

    def __deepcopy__(self, memo):
        new = Config()
        new.values = copy.deepcopy(self.values, memo)
        return new


cfg = Config()
print(copy.copy(cfg).values is cfg.values, copy.deepcopy(cfg).values is cfg.values)
