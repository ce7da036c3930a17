"""Wrong and alternative solutions of the bundled code questions, kept out of the bank: near misses
(each off by one somewhere), correct variants that must pass, and a correct but slow solution."""

OFF_BY_ONE: dict[str, str] = {
    "algorithms.quicksort.code": """
def quicksort(items):
    if len(items) <= 2:
        return list(items)
    pivot = items[0]
    smaller = [x for x in items if x < pivot]
    equal = [x for x in items if x == pivot]
    larger = [x for x in items if x > pivot]
    return quicksort(smaller) + equal + quicksort(larger)
""",
    "algorithms.heapsort.code": """
def sift_down(a, start, end):
    root = start
    while 2 * root + 1 < end:
        child = 2 * root + 1
        if child + 1 < end and a[child + 1] > a[child]:
            child = child + 1
        if a[root] >= a[child]:
            return
        a[root], a[child] = a[child], a[root]
        root = child

def heapsort(items):
    a = list(items)
    n = len(a)
    for start in range(n // 2 - 1, -1, -1):
        sift_down(a, start, n)
    for end in range(n - 1, 1, -1):
        a[0], a[end] = a[end], a[0]
        sift_down(a, 0, end)
    return a
""",
    "algorithms.pairs-with-difference.code": """
def pairs_with_difference(nums, d):
    values = set(nums)
    return [(a, a + d) for a in sorted(values)[1:] if a + d in values]
""",
    "algorithms.combinations.code": """
from itertools import combinations

def all_combinations(items):
    result = []
    for k in range(1, len(items)):
        result.extend(list(c) for c in combinations(items, k))
    return result
""",
    "algorithms.sum-one-line.code": """
def sum_to(n):
    return n * (n - 1) // 2
""",
    "algorithms.palindrome.code": """
def is_palindrome(text):
    chars = [c.lower() for c in text if c.isalnum()]
    def check(i, j):
        if i >= j:
            return True
        if chars[i] != chars[j]:
            return False
        return check(i + 1, j - 1)
    return check(0, len(chars) - 2)
""",
    "algorithms.linked-list-cycle.code": """
def has_cycle(head):
    count = 0
    node = head
    while node is not None:
        count += 1
        if count > 999:
            return True
        node = node.next
    return False
""",
    "algorithms.linked-list-quicksort.code": """
def quicksort_list(head):
    if head is None or head.next is None:
        return head
    pivot = head.value
    heads = [None, None, None]
    tails = [None, None, None]
    node = head
    while node is not None and node.next is not None:
        following = node.next
        node.next = None
        k = 0 if node.value < pivot else (1 if node.value == pivot else 2)
        if heads[k] is None:
            heads[k] = node
        else:
            tails[k].next = node
        tails[k] = node
        node = following
    less = quicksort_list(heads[0])
    greater = quicksort_list(heads[2])
    tails[1].next = greater
    if less is None:
        return heads[1]
    tail = less
    while tail.next is not None:
        tail = tail.next
    tail.next = heads[1]
    return less
""",
    "algorithms.median.code": """
def median(nums):
    s = sorted(nums)
    n = len(s)
    if n % 2 == 1:
        return s[n // 2]
    return (s[n // 2] + s[n // 2 + 1]) / 2 if n > 2 else (s[0] + s[1]) / 2
""",
    "algorithms.tree-dfs.code": """
def walk_dfs(tree, prefix=""):
    paths = []
    for name in sorted(tree)[1:]:
        path = prefix + name
        paths.append(path)
        if isinstance(tree[name], dict):
            paths.extend(walk_dfs(tree[name], path + "/"))
    return paths
""",
    "algorithms.tree-bfs.code": """
from collections import deque

def walk_bfs(tree):
    paths = []
    queue = deque([("", tree)])
    while queue:
        prefix, directory = queue.popleft()
        names = sorted(directory)
        for name in names[: len(names) - 1]:
            path = prefix + name
            paths.append(path)
            if isinstance(directory[name], dict):
                queue.append((path + "/", directory[name]))
    return paths
""",
    "python.deepcopy.code": """
def deep_copy(obj, memo=None):
    if memo is None:
        memo = {}
    if id(obj) in memo:
        return memo[id(obj)]
    if isinstance(obj, list):
        result = []
        memo[id(obj)] = result
        for item in obj[: len(obj) - 1]:
            result.append(deep_copy(item, memo))
        return result
    if isinstance(obj, dict):
        result = {}
        memo[id(obj)] = result
        for k, v in obj.items():
            result[k] = deep_copy(v, memo)
        return result
    if isinstance(obj, set):
        return set(obj)
    if isinstance(obj, tuple):
        return tuple(deep_copy(x, memo) for x in obj)
    return obj
""",
    "python.singleton.code": """
def singleton(cls):
    state = {"calls": 0, "instance": None}
    def get_instance(*args, **kwargs):
        state["calls"] = state["calls"] + 1
        if state["calls"] <= 2:
            state["instance"] = cls(*args, **kwargs)
        return state["instance"]
    return get_instance
""",
    "python.email-regex.code": """
import re

EMAIL = re.compile(
    r"(?!\\.)(?!.*\\.\\.)[A-Za-z0-9._%+-]+(?<!\\.)"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\\.)+[A-Za-z]{1,}"
)

def is_valid_email(address):
    return EMAIL.fullmatch(address) is not None
""",
    "python.ip-to-int.code": """
def ip_to_int(ip):
    parts = ip.split(".")
    if len(parts) != 4:
        raise ValueError("expected four octets")
    value = 0
    for part in parts:
        if not part.isdigit() or not 0 <= int(part) <= 256:
            raise ValueError("bad octet")
        value = (value << 8) | int(part)
    return value
""",
}


def returns_none(entry_point: str) -> str:
    return f"def {entry_point}(*args, **kwargs):\n    return None\n"


# Shortcuts and rule breakers live in the question files ([[question.code.wrong]]): one per rule a
# prompt states, where the tests can enforce it, and the shortcuts reviewers found.

# Correct solutions written differently from the references (other textbook styles, modules the
# sandbox now allows): every one must pass every test.
ALTERNATIVES: dict[str, dict[str, str]] = {
    "python.singleton.code": {
        "class-based decorator": """
class singleton:
    def __init__(self, cls):
        self._cls = cls
        self._instance = None

    def __call__(self, *args, **kwargs):
        if self._instance is None:
            self._instance = self._cls(*args, **kwargs)
        return self._instance
""",
        "closure with nonlocal": """
import functools

def singleton(cls):
    instance = None

    @functools.wraps(cls)
    def get(*args, **kwargs):
        nonlocal instance
        if instance is None:
            instance = cls(*args, **kwargs)
        return instance

    return get
""",
    },
    "python.ip-to-int.code": {
        "ipaddress": """
import ipaddress

def ip_to_int(ip):
    return int(ipaddress.IPv4Address(ip))
""",
    },
    "algorithms.linked-list-cycle.code": {
        "a set of visited nodes": """
def has_cycle(head):
    seen = set()
    while head is not None:
        if id(head) in seen:
            return True
        seen.add(id(head))
        head = head.next
    return False
""",
    },
    "algorithms.tree-bfs.code": {
        "deque of (prefix, dict) pairs with enum-free loop": """
import collections

def walk_bfs(tree):
    out = []
    queue = collections.deque([("", tree)])
    while queue:
        prefix, node = queue.popleft()
        for name in sorted(node):
            out.append(prefix + name)
            if isinstance(node[name], dict):
                queue.append((prefix + name + "/", node[name]))
    return out
""",
    },
    "algorithms.tree-dfs.code": {
        "explicit stack": """
def walk_dfs(tree):
    out = []
    stack = [("", tree, name) for name in sorted(tree, reverse=True)]
    while stack:
        prefix, node, name = stack.pop()
        out.append(prefix + name)
        child = node[name]
        if isinstance(child, dict):
            for sub in sorted(child, reverse=True):
                stack.append((prefix + name + "/", child, sub))
    return out
""",
    },
    "algorithms.sum-one-line.code": {
        "math.comb": """
import math

def sum_to(n):
    return math.comb(n + 1, 2)
""",
    },
}

# A correct but slow solution: heavy tests run last, so a timeout keeps the light tests' points.
SLOW_SUM = """
def sum_to(n):
    total = 0
    for i in range(n + 1):
        total += i
    return total
"""
