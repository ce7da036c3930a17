"""Hidden checks without their expected values: "assume in the child, verify in the bot".

Sent whole, a hidden check would carry its expected values into the child (request, compiled
constants, frames), where a program that escaped the language layer could read them. `hide`
rewrites, in the bot, each comparison that must have a given result for an `assert` to pass and
has a constant operand (a literal, or bounded arithmetic on literals: `"d/" * 60 + "f"`):
`assert f(x) == [(1, 4)]` becomes `assert __study_expect__(k, f(x), True)`, and expectation `k`
(operator, literal, assumed result) stays in the bot. The child records `f(x)` encoded
(`checks.Records`) and returns the assumed result; the bot passes the test only if the check
finished and every record satisfies its comparison (`checks.compare_trees`, the rules of
`checks.study_compare`). If every assumption held, the child ran the original check exactly; if
one did not, the original assert would have failed: the test fails either way.

Rewritten positions: the assert's test; every operand of `and` (of `or` under `not`); the last
operand of `or` (of `and` under `not`), reached only when the others did not decide; the operand
of `not`; both branches of `a if c else b`; each link of a chain `a < b < c` (split with a
temporary: each operand evaluated once). Operators: `==`, `!=`, `<`, `<=`, `>`, `>=`, `in`,
`not in`, and `is` / `is not` against None, True, False. Left to the child, as before: other
operands of `or`, comparisons used as values (calls, comprehensions, `if`/`while`), asserts in a
`try` body that catches (an AssertionError may be expected) and, when the check catches anything,
in its functions. Messages of rewritten asserts are dropped (hidden failures are never shown). A
literal looked up in a member's own container is compared with its items as data, never with its
`__contains__`: such a test fails, as does a lookup in a container too large to encode.

Expectations of asserts at the check's top level are reached whenever the check completes: the
bot requires a record of each, so a child cannot pass one by leaving it out.
"""

from __future__ import annotations

import ast
import functools
import warnings
from dataclasses import dataclass
from typing import Any

from bot.sandbox import checks
from bot.sandbox.folding import folded, literal_operand

_OPS = {**checks._AST_OPS, ast.Is: "is", ast.IsNot: "is not"}
_TEMP = "__study_h{}"
_CATCHING = (ast.Try, ast.TryStar)


@dataclass(frozen=True)
class Expectation:
    op: str  # as in checks.study_compare, or "is" / "is not"
    literal: Any  # the encoded literal (tuples=True)
    literal_left: bool  # `literal op value` rather than `value op literal`
    assumed: bool  # the result the child assumed

    def holds(self, tree: Any) -> bool:
        a, b = (self.literal, tree) if self.literal_left else (tree, self.literal)
        try:
            return checks.compare_trees(self.op, a, b) is self.assumed
        except Exception:  # a value that cannot be compared (or a malformed record)
            return False


@dataclass(frozen=True)
class HiddenCheck:
    source: str  # what the child gets
    expectations: tuple[Expectation, ...] = ()
    required: frozenset[int] = frozenset()  # recorded whenever the check completes

    def holds(self, records: Any) -> bool:
        """Whether the child's records (flat `[k, tree, ...]`) satisfy every expectation."""
        records = [] if records is None else records
        if not isinstance(records, list) or len(records) % 2:
            return False
        seen = set()
        for k, tree in zip(records[::2], records[1::2], strict=True):
            if type(k) is not int or not 0 <= k < len(self.expectations):
                return False
            if not self.expectations[k].holds(tree):
                return False
            seen.add(k)
        return self.required <= seen


class _Hider(ast.NodeTransformer):
    def __init__(self, catches: bool) -> None:
        self.catches = catches  # the check catches exceptions somewhere
        self.expectations: list[Expectation] = []
        self.required: set[int] = set()
        self.temps = 0
        self.guarded = 0  # inside a try body that catches
        self.functions = 0
        self.top: set[int] = set()

    def visit_Module(self, node: ast.Module) -> ast.AST:
        self.top = {id(s) for s in node.body if isinstance(s, ast.Assert)}
        return self.generic_visit(node)

    def visit_Try(self, node: ast.Try | ast.TryStar) -> ast.AST:
        if node.handlers:
            self.guarded += 1
            node.body = [self.visit(s) for s in node.body]
            self.guarded -= 1
            for field in ("handlers", "orelse", "finalbody"):
                setattr(node, field, [self.visit(s) for s in getattr(node, field)])
            return node
        return self.generic_visit(node)

    visit_TryStar = visit_Try

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> ast.AST:
        self.functions += 1
        try:
            return self.generic_visit(node)
        finally:
            self.functions -= 1

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Assert(self, node: ast.Assert) -> ast.AST:
        if self.guarded or (self.functions and self.catches):
            return node  # an AssertionError may be caught: the assert may be meant to fail
        node.msg = None
        node.test = self._position(node.test, True, id(node) in self.top)
        return node

    def _position(self, node: ast.expr, assumed: bool, always: bool) -> ast.expr:
        """Rewrite `node`, whose truth must be `assumed` for the assert to pass; `always`: it is
        evaluated whenever the assert passes."""
        if isinstance(node, ast.BoolOp):
            if isinstance(node.op, ast.And) == assumed:  # every operand must be `assumed`
                node.values = [self._position(v, assumed, always) for v in node.values]
            else:  # only the last operand, reached when the others were not `assumed`
                node.values[-1] = self._position(node.values[-1], assumed, False)
            return node
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            node.operand = self._position(node.operand, not assumed, always)
            return node
        if isinstance(node, ast.IfExp):
            node.body = self._position(node.body, assumed, False)
            node.orelse = self._position(node.orelse, assumed, False)
            return node
        if isinstance(node, ast.Compare):
            return self._compare(node, assumed, always)
        return node

    def _compare(self, node: ast.Compare, assumed: bool, always: bool) -> ast.expr:
        if len(node.ops) == 1:
            return self._link(node, assumed, always)
        operands = [node.left, *node.comparators]
        pairs = zip(node.ops, operands, operands[1:], strict=False)
        if not any(
            literal_operand(a, _OPS[type(op)]) or literal_operand(b, _OPS[type(op)])
            for op, a, b in pairs
        ):
            return node
        links: list[ast.expr] = []
        left = node.left
        for i, (op, right) in enumerate(zip(node.ops, node.comparators, strict=True)):
            if i < len(node.ops) - 1 and not folded(right):  # evaluated once, as in a chain
                temp = _TEMP.format(self.temps)
                self.temps += 1
                link = ast.Compare(left, [op], [ast.NamedExpr(ast.Name(temp, ast.Store()), right)])
                left = ast.Name(temp, ast.Load())
            else:
                link, left = ast.Compare(left, [op], [right]), right
            links.append(link)
        chain = ast.BoolOp(ast.And(), links)
        return ast.copy_location(self._position(chain, assumed, always), node)

    def _link(self, node: ast.Compare, assumed: bool, always: bool) -> ast.expr:
        op = _OPS[type(node.ops[0])]
        left, right = node.left, node.comparators[0]
        lit_left, lit_right = literal_operand(left, op), literal_operand(right, op)
        if lit_left is not None and lit_right is not None:  # decided here, once
            try:
                result = checks.compare_trees(op, lit_left[0], lit_right[0])
            except Exception:
                return node  # the child raises, as before
            return ast.copy_location(ast.Constant(result), node)
        literal = lit_left or lit_right
        if literal is None:
            return node
        k = len(self.expectations)
        self.expectations.append(Expectation(op, literal[0], lit_left is not None, assumed))
        if always:
            self.required.add(k)
        other = right if lit_left is not None else left
        args = [ast.Constant(k), other, ast.Constant(assumed)]
        args += [ast.Constant(True)] if op in ("is", "is not") else []
        return ast.copy_location(ast.Call(ast.Name(checks.EXPECT, ast.Load()), args, []), node)


def _catches(tree: ast.AST) -> bool:
    return any(isinstance(n, _CATCHING) and n.handlers for n in ast.walk(tree))


@functools.lru_cache(maxsize=1024)
def hide(check: str) -> HiddenCheck:
    """The check as the child gets it, and the expectations the bot keeps."""
    try:
        tree = ast.parse(check, "<check>", "exec")
    except (SyntaxError, ValueError):
        return HiddenCheck("raise SyntaxError('the check does not compile')")
    try:
        hider = _Hider(_catches(tree))
        source = ast.unparse(ast.fix_missing_locations(hider.visit(tree)))
        with warnings.catch_warnings():  # e.g. `x is 5`: the child warns, if anything
            warnings.simplefilter("ignore")
            compile(source, "<check>", "exec")
    except (RecursionError, SyntaxError, ValueError):  # the child runs it as a public check
        return HiddenCheck(check)
    return HiddenCheck(source, tuple(hider.expectations), frozenset(hider.required))
