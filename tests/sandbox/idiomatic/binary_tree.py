from collections import deque


class TreeNode:
    def __init__(self, val, left=None, right=None):
        self.val, self.left, self.right = val, left, right

    def __repr__(self):
        return f"TreeNode({self.val})"


def build(values):
    if not values:
        return None
    nodes = [TreeNode(v) if v is not None else None for v in values]
    kids = nodes[::-1]
    root = kids.pop()
    for node in nodes:
        if node:
            if kids:
                node.left = kids.pop()
            if kids:
                node.right = kids.pop()
    return root


def inorder(node):
    return inorder(node.left) + [node.val] + inorder(node.right) if node else []


def level_order(root):
    out, queue = [], deque([root] if root else [])
    while queue:
        out.append([n.val for n in queue])
        queue = deque(c for n in queue for c in (n.left, n.right) if c)
    return out


def max_depth(node):
    return 1 + max(max_depth(node.left), max_depth(node.right)) if node else 0


def is_valid_bst(node, lo=float("-inf"), hi=float("inf")):
    if not node:
        return True
    return lo < node.val < hi and is_valid_bst(node.left, lo, node.val) and is_valid_bst(node.right, node.val, hi)


def invert(node):
    if node:
        node.left, node.right = invert(node.right), invert(node.left)
    return node


root = build([4, 2, 7, 1, 3, 6, 9])
print(inorder(root), level_order(root), max_depth(root), is_valid_bst(root))
print(inorder(invert(root)), is_valid_bst(root), root.left)
print(level_order(build([3, 9, 20, None, None, 15, 7])))
