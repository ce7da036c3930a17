"""Constant folding for hidden checks: the value of a literal operand (containers of literals,
bounded arithmetic such as `"d/" * 60 + "f"`), encoded as `checks.compare_trees` compares it.
Anything else, or anything too large, is not a constant (`None`): it stays in the child's source.
"""

from __future__ import annotations

import ast
import functools
import math
import operator
from typing import Any

from bot.sandbox import checks, values

MAX_BITS = 13_000  # folded integers stay printable (Python limits int->str to 4300 digits)
MAX_LEN = 100_000  # folded strings, bytes and sequences


class _NotConstant(Exception):
    """Not a constant expression, or too large to fold."""


def _fold(node: ast.expr, depth: int = 0) -> Any:
    """The value of a constant expression (literals, containers of them, bounded arithmetic)."""
    if depth > values.MAX_DEPTH:
        raise _NotConstant
    sub = functools.partial(_fold, depth=depth + 1)
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Tuple | ast.List | ast.Set):  # `*x` and `**x` are not constants
        items = [sub(e) for e in node.elts]
        kind = {ast.Tuple: tuple, ast.List: list, ast.Set: set}[type(node)]
        return kind(items)
    if isinstance(node, ast.Dict):
        return {sub(k): sub(v) for k, v in zip(node.keys, node.values, strict=True)}  # type: ignore[arg-type]
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        value = sub(node.operand)
        if type(value) not in (int, float, complex):
            raise _NotConstant
        return -value if isinstance(node.op, ast.USub) else +value
    if isinstance(node, ast.BinOp):
        return _binop(node.op, sub(node.left), sub(node.right))
    raise _NotConstant


_ARITHMETIC = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod, ast.Pow: operator.pow,
}  # fmt: skip
_NUMBERS = (bool, int, float, complex)
_SEQUENCES = (str, bytes, tuple, list)


def _binop(op: ast.operator, a: Any, b: Any) -> Any:
    """Numbers with numbers, sequence + sequence, sequence * int; bounded sizes, no %-format."""
    operation, ta, tb = _ARITHMETIC.get(type(op)), type(a), type(b)
    if operation is None:
        raise _NotConstant
    if ta in _NUMBERS and tb in _NUMBERS:
        big = isinstance(op, ast.Pow) and ta is tb is int and b > 0
        if big and abs(a).bit_length() * b > MAX_BITS:
            raise _NotConstant
    elif isinstance(op, ast.Add) and ta is tb and ta in _SEQUENCES:
        pass
    elif isinstance(op, ast.Mult) and {ta, tb} & set(_SEQUENCES) and {ta, tb} & {bool, int}:
        seq, n = (a, b) if ta in _SEQUENCES else (b, a)
        if len(seq) * n > MAX_LEN:
            raise _NotConstant
    else:
        raise _NotConstant
    try:
        result = operation(a, b)
    except (ArithmeticError, TypeError, ValueError) as exc:
        raise _NotConstant from exc
    if type(result) is int and result.bit_length() > MAX_BITS:
        raise _NotConstant
    if type(result) in _SEQUENCES and len(result) > MAX_LEN:
        raise _NotConstant
    return result


def folded(node: ast.expr) -> tuple[Any] | None:
    """(value,) of a constant expression, or None (a tuple, so a folded None is told apart)."""
    try:
        return (_fold(node),)
    except (_NotConstant, RecursionError, TypeError, ValueError):
        return None


def literal_operand(node: ast.expr, op: str) -> tuple[Any] | None:
    """(encoded value,) when `node` is a constant this rewrite may take out of the source."""
    if (constant := folded(node)) is None:
        return None
    value = constant[0]
    if op in ("is", "is not"):
        return (value,) if value is None or value is True or value is False else None
    if not checks.plain(value):
        return None
    tree = values.encode(value, tuples=True)
    if values.opaque(tree) or _has_nan(tree):
        return None
    return (tree,)


def _has_nan(tree: Any) -> bool:
    if isinstance(tree, float):
        return math.isnan(tree)
    if isinstance(tree, dict):
        return tree == {"f": "nan"} or any(_has_nan(x) for x in tree.values())
    return isinstance(tree, list) and any(_has_nan(x) for x in tree)
