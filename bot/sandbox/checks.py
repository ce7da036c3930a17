"""Running a code question's `check` snippets (trusted, written by the bank's authors).

A check runs with the member's definitions but real builtins (a member cannot make a check pass
by redefining `len` or `sorted`), and its single comparisons (`a == b`, `a < b`...) are rewritten
so that when one side is a plain value (int, str, list, dict...) and the other is not, both are
compared as data (`bot.sandbox.values.encode`): an object whose `__eq__` always answers True does
not pass `assert add_one(1) == 2`. Comparisons between two member objects keep their own
semantics (a question may test a member's `__eq__`).
"""

from __future__ import annotations

import ast
import builtins
import operator
from typing import Any

from bot.sandbox import values

PLAIN = frozenset(
    {
        type(None),
        bool,
        int,
        float,
        complex,
        str,
        bytes,
        bytearray,
        list,
        tuple,
        dict,
        set,
        frozenset,
    }
)
_OPS: dict[str, Any] = {
    "==": operator.eq, "!=": operator.ne, "<": operator.lt,
    "<=": operator.le, ">": operator.gt, ">=": operator.ge,
}  # fmt: skip
_AST_OPS = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}
COMPARE = "__study_compare__"


def study_compare(op: str, a: Any, b: Any) -> bool:
    plain_a, plain_b = type(a) in PLAIN, type(b) in PLAIN
    if plain_a == plain_b:
        return bool(_OPS[op](a, b))
    ea, eb = values.encode(a), values.encode(b)
    if op in ("==", "!="):
        return (ea == eb) == (op == "==")
    try:
        return bool(_OPS[op](ea, eb))
    except TypeError:
        return False


class _Comparisons(ast.NodeTransformer):
    def visit_Compare(self, node: ast.Compare) -> ast.AST:
        self.generic_visit(node)
        if len(node.ops) != 1 or type(node.ops[0]) not in _AST_OPS:
            return node
        call = ast.Call(
            ast.Name(COMPARE, ast.Load()),
            [ast.Constant(_AST_OPS[type(node.ops[0])]), node.left, node.comparators[0]],
            [],
        )
        return ast.copy_location(call, node)


def compile_check(check: str) -> Any:
    tree = _Comparisons().visit(ast.parse(check, "<check>", "exec"))
    return compile(ast.fix_missing_locations(tree), "<check>", "exec")


def run_check(check: str, namespace: dict[str, Any], entry: str) -> None:
    """Raises (AssertionError or whatever the check raises) when the check fails."""
    scope = dict(namespace)
    for name in dir(builtins):
        if name != entry and not name.startswith("_"):
            scope.pop(name, None)
    scope["__builtins__"] = builtins
    scope[COMPARE] = study_compare
    exec(compile_check(check), scope)
