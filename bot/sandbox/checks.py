"""Running a code question's `check` snippets (trusted, written by the bank's authors).

A check runs with the member's definitions but real builtins (a member cannot make a check pass
by redefining `len` or `sorted`), and every comparison in it (`a == b`, `a < b <= c`, `a in b`...)
is rewritten into `study_compare`. When either side is plain data (None, bool, int, float, str,
bytes and list, tuple, dict, set of plain data, recursively, by exact type), both sides are
compared as encoded values (`bot.sandbox.values`), type-strictly: an object whose `__eq__` always
answers True, a list of such objects, or a subclass of int/str/list/dict with a lying
`__eq__`/`__ne__`/`__lt__`/`__hash__` passes only if the value it holds is the expected one;
`True` is not `1`, a tuple is not a list (as in Python), a member object equals no plain value.
Ints and floats of equal value are equal, as in Python. Only when neither side is plain data (two
member objects) does the comparison keep its own semantics: a question may test a member's
`__eq__`. `x in container` compares items the same way when the container is a plain
list/tuple/set/dict/str; a member's own container keeps its `__contains__`.

Hidden checks arrive rewritten by the bot (`bot.sandbox.hidden`): a comparison with a literal
expected value became `__study_expect__(k, other operand, assumed result)` (with a 4th argument,
True, for `is` None/True/False). `Records` is that function in the child: it records the operand,
encoded (for `is`: only whether it is None, True or False), and answers the assumed result; the bot
then compares the records with the literals it kept (`compare_trees`, the same rules as
`study_compare`), so hidden expected values never enter the child.
"""

from __future__ import annotations

import ast
import builtins
import json
import operator
from collections.abc import Callable
from typing import Any

from bot.sandbox import values

_SCALARS = frozenset({type(None), bool, int, float, complex, str, bytes, bytearray})
_NUMBERS = frozenset({int, float})
_CONTAINERS = frozenset({list, tuple, set, frozenset})
_OPS: dict[str, Any] = {
    "==": operator.eq, "!=": operator.ne, "<": operator.lt,
    "<=": operator.le, ">": operator.gt, ">=": operator.ge,
    "in": lambda a, b: a in b, "not in": lambda a, b: a not in b,
}  # fmt: skip
_AST_OPS = {
    ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=",
    ast.In: "in", ast.NotIn: "not in",
}  # fmt: skip
COMPARE = "__study_compare__"
EXPECT = "__study_expect__"
RECORD_CHARS = 512 * 1024  # encoded values a hidden check may record; beyond, the check fails
_TEMP = "__study_t{}"


def plain(value: Any, depth: int = 0) -> bool:
    """Whether `value` is plain data, recursively, by exact type (no subclass, no member object)."""
    kind = type(value)
    if kind in _SCALARS:
        return True
    if depth > values.MAX_DEPTH:
        return False
    if kind in _CONTAINERS:
        return all(plain(x, depth + 1) for x in value)
    if kind is dict:
        return all(plain(k, depth + 1) and plain(x, depth + 1) for k, x in value.items())
    return False


def _order(a: Any, b: Any) -> int:
    """-1, 0 or 1 for two encoded trees; TypeError when they have no order (as in Python)."""
    if isinstance(a, bool) or isinstance(b, bool) or a is None or b is None:
        raise TypeError("no order")
    if isinstance(a, int | float) and isinstance(b, int | float):
        return (a > b) - (a < b)
    if isinstance(a, str) and isinstance(b, str):
        return (a > b) - (a < b)
    seq_a, seq_b = _sequence(a), _sequence(b)
    if seq_a is None or seq_b is None or seq_a[0] != seq_b[0]:
        raise TypeError("no order")
    for x, y in zip(seq_a[1], seq_b[1], strict=False):
        if not values.same(x, y):
            return _order(x, y)
    return (len(seq_a[1]) > len(seq_b[1])) - (len(seq_a[1]) < len(seq_b[1]))


def _sequence(tree: Any) -> tuple[str, list[Any]] | None:
    if isinstance(tree, list):
        return "list", tree
    if isinstance(tree, dict) and set(tree) == {"t"}:
        return "tuple", tree["t"]
    return None


def _same(a: Any, b: Any) -> bool:
    """Type-strict equality of two values, quick for scalars, by encoding otherwise."""
    ta, tb = type(a), type(b)
    if (ta in _NUMBERS and tb in _NUMBERS) or (ta is tb and ta in _SCALARS):
        return bool(a == b)
    return values.same(values.encode(a, tuples=True), values.encode(b, tuples=True))


class _Probe:
    """Looked up in a set or dict, it collects the stored items that hash like `item`: those
    a strict comparison must look at. Builtin items answer NotImplemented to it, so their
    comparison reaches the probe; an item that answers True itself is a liar."""

    __slots__ = ("hash", "seen")

    def __init__(self, item: Any) -> None:
        self.hash = hash(item)
        self.seen: list[Any] = []

    def __hash__(self) -> int:
        return self.hash

    def __eq__(self, other: object) -> bool:
        self.seen.append(other)
        return False


def _contains(item: Any, container: Any) -> bool:
    if isinstance(container, str | bytes | bytearray):
        needle = values.encode(item, tuples=True)
        hay = values.encode(container, tuples=True)
        if isinstance(container, str):
            return isinstance(needle, str) and needle in hay
        if isinstance(needle, dict) and set(needle) == {"b"}:
            return bytes.fromhex(needle["b"]) in bytes.fromhex(hay["b"])
        return False
    for kind in (list, tuple, set, frozenset, dict):
        if isinstance(container, kind):
            break
    else:  # a member's own container: only its __contains__ can tell
        return bool(item in container)
    if kind in (set, frozenset, dict):  # O(1): only the items that hash alike are compared
        try:
            probe = _Probe(item)
        except TypeError:
            return False  # unhashable: not in a set or dict
        if not kind.__contains__(container, probe):
            return any(_same(item, x) for x in probe.seen)
    items = dict.keys(container) if kind is dict else kind.__iter__(container)
    return any(_same(item, x) for x in items)


def study_compare(op: str, a: Any, b: Any) -> bool:
    if not plain(a) and not plain(b):
        return bool(_OPS[op](a, b))  # two member objects: their own semantics
    if op in ("in", "not in"):
        return _contains(a, b) == (op == "in")
    return compare_trees(op, values.encode(a, tuples=True), values.encode(b, tuples=True))


def compare_trees(op: str, a: Any, b: Any) -> bool:
    """`a op b` on two trees encoded with `tuples=True`, as `study_compare` decides for plain data.
    Raises ValueError when Python would raise or ask a member object (`x in member_container`),
    or when it needs a value too large to encode."""
    if op in ("is", "is not"):  # only against None, True or False: identity is the value
        return (a is b) == (op == "is")
    if op in ("in", "not in") and b != values.TOO_LARGE:  # a too-large item is in nothing
        return _contains_tree(a, b) == (op == "in")
    if values.TOO_LARGE in (a, b):
        raise ValueError("a value too large to compare")
    if op in ("==", "!="):
        return values.same(a, b) == (op == "==")
    return _ordered(op, a, b)


def _contains_tree(item: Any, container: Any) -> bool:
    """`_contains` on encoded trees."""
    if isinstance(container, str):
        return isinstance(item, str) and item in container
    items: Any = container
    if isinstance(container, dict) and len(container) == 1:
        ((tag, items),) = container.items()
        if tag == "b":
            needle = item.get("b") if isinstance(item, dict) and len(item) == 1 else None
            return isinstance(needle, str) and bytes.fromhex(needle) in bytes.fromhex(items)
        if tag == "d":
            items = [pair[0] for pair in items]
        elif tag not in ("t", "s"):
            raise ValueError("not a container of plain data")
    if not isinstance(items, list):
        raise ValueError("not a container of plain data")
    if values.opaque(item):
        return False
    wanted = values.canonical(item)
    return any(not values.opaque(x) and values.canonical(x) == wanted for x in items)


def _ordered(op: str, a: Any, b: Any) -> bool:
    """`<`, `<=`, `>`, `>=` on two encoded trees: numbers, strings, lists and tuples as Python
    orders them, sets by inclusion; anything else (bool, None, objects) is not ordered: False."""
    if values.opaque(a) or values.opaque(b):
        return False
    sets = [_set(a), _set(b)]
    if sets[0] is not None and sets[1] is not None:
        return bool(_OPS[op](sets[0], sets[1]))
    try:
        order = _order(a, b)
    except TypeError:
        return False
    return {"<": order < 0, "<=": order <= 0, ">": order > 0, ">=": order >= 0}[op]


def _set(tree: Any) -> frozenset[str] | None:
    if isinstance(tree, dict) and set(tree) == {"s"}:
        return frozenset(map(values.canonical, tree["s"]))
    return None


class _Comparisons(ast.NodeTransformer):
    """`a < b <= c` -> `cmp("<", a, (t := b)) and cmp("<=", t, c)`: each operand evaluated once,
    short-circuiting as Python does. `is` / `is not` (identity cannot lie) are kept."""

    def __init__(self) -> None:
        self.temps = 0

    def _one(self, op: ast.cmpop, left: ast.expr, right: ast.expr) -> ast.expr:
        if type(op) not in _AST_OPS:
            return ast.Compare(left, [op], [right])
        name = ast.Name(COMPARE, ast.Load())
        return ast.Call(name, [ast.Constant(_AST_OPS[type(op)]), left, right], [])

    def visit_Compare(self, node: ast.Compare) -> ast.AST:
        self.generic_visit(node)
        parts: list[ast.expr] = []
        left = node.left
        last = len(node.ops) - 1
        for i, (op, right) in enumerate(zip(node.ops, node.comparators, strict=True)):
            if i == last:
                parts.append(self._one(op, left, right))
                break
            temp = _TEMP.format(self.temps)
            self.temps += 1
            parts.append(self._one(op, left, ast.NamedExpr(ast.Name(temp, ast.Store()), right)))
            left = ast.Name(temp, ast.Load())
        result = parts[0] if len(parts) == 1 else ast.BoolOp(ast.And(), parts)
        return ast.copy_location(result, node)


def compile_check(check: str) -> Any:
    tree = _Comparisons().visit(ast.parse(check, "<check>", "exec"))
    return compile(ast.fix_missing_locations(tree), "<check>", "exec")


class Records:
    """`__study_expect__` in the child: records `(k, encoded value)` (flat, each distinct pair
    once, within RECORD_CHARS) and answers the result the bot assumed; the bot checks it."""

    def __init__(self, dumps: Callable[[Any], str] = json.dumps) -> None:
        self.items: list[Any] = []
        self._dumps = dumps
        self._seen: set[tuple[int, str]] = set()
        self._room = RECORD_CHARS

    def __call__(self, k: int, value: Any, assumed: bool, identity: bool = False) -> bool:
        if identity:  # `is` None/True/False: nothing else to know, no member code to run
            tree = value if value is None or value is True or value is False else {"o": "object"}
        else:  # too large: the bot decides what that means
            tree = values.encode(value, tuples=True)
        key = (k, self._dumps(tree))
        if key not in self._seen:
            self._room -= len(key[1]) + 8
            if self._room < 0:
                raise ValueError("too many values to compare")
            self._seen.add(key)
            self.items += (k, tree)
        return assumed


def run_check(
    check: str, namespace: dict[str, Any], entry: str, records: Records | None = None
) -> None:
    """Raises (AssertionError or whatever the check raises) when the check fails. A hidden
    check's placeholders record into `records`."""
    scope = dict(namespace)
    for name in dir(builtins):
        if name != entry and not name.startswith("_"):
            scope.pop(name, None)
    scope["__builtins__"] = builtins
    scope[COMPARE] = study_compare
    scope[EXPECT] = Records() if records is None else records
    exec(compile_check(check), scope)
