class BST:
    class _Node:
        __slots__ = ("key", "left", "right")

        def __init__(self, key):
            self.key, self.left, self.right = key, None, None

    def __init__(self, keys=()):
        self._root = None
        self._size = 0
        for k in keys:
            self.add(k)

    def add(self, key):
        if self._root is None:
            self._root = self._Node(key)
        else:
            node = self._root
            while True:
                if key == node.key:
                    return
                side = "left" if key < node.key else "right"
                child = getattr(node, side)
                if child is None:
                    setattr(node, side, self._Node(key))
                    break
                node = child
        self._size += 1

    def __contains__(self, key):
        node = self._root
        while node and node.key != key:
            node = node.left if key < node.key else node.right
        return node is not None

    def __iter__(self):
        stack, node = [], self._root
        while stack or node:
            while node:
                stack.append(node)
                node = node.left
            node = stack.pop()
            yield node.key
            node = node.right

    def __len__(self):
        return self._size


t = BST([50, 30, 70, 20, 40, 60, 80, 30])
print(list(t), len(t), 60 in t, 65 in t, min(t), max(t))
