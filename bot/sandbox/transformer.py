"""RestrictedPython's transformer, relaxed for ordinary interview code (and no less safe).

Stock RestrictedPython refuses `counts[c] += 1`, `self.total += x`, `nonlocal` and annotated
assignments (`name: str = "x"`, which every dataclass uses). Here:

* augmented assignment of an item or attribute becomes a call of `_augitem_` / `_augattr_`, which
  read and write through the same guards as plain access (the attribute name is still checked for a
  leading underscore at compile time);
* `nonlocal` is allowed (it only rebinds a name of an enclosing function; names are checked);
* annotated assignments are allowed, their target, annotation and value transformed like any
  other expression.
"""

from __future__ import annotations

import ast
from typing import Any

from RestrictedPython.transformer import IOPERATOR_TO_STR, RestrictingNodeTransformer


class StudyTransformer(RestrictingNodeTransformer):
    def visit_AugAssign(self, node: ast.AugAssign) -> Any:
        target = node.target
        if isinstance(target, ast.Name):
            return super().visit_AugAssign(node)
        op = ast.Constant(IOPERATOR_TO_STR[type(node.op)])
        value = self.visit(node.value)
        if isinstance(target, ast.Attribute):
            if target.attr.startswith("_"):
                self.error(node, f'"{target.attr}" is an invalid attribute name because it '
                           'starts with "_".')  # fmt: skip
                return node
            args = [self.visit(target.value), ast.Constant(target.attr), op, value]
            helper = "_augattr_"
        elif isinstance(target, ast.Subscript):
            if isinstance(target.slice, ast.Slice):
                self.error(node, "Augmented assignment of slices is not allowed.")
                return node
            sub = ast.copy_location(ast.Subscript(target.value, target.slice, ast.Load()), target)
            load = self.visit(sub)
            # visit_Subscript turned `a[k]` into `_getitem_(a, k)`: reuse its two arguments.
            args = [load.args[0], load.args[1], op, value]
            helper = "_augitem_"
        else:  # pragma: no cover - the grammar allows nothing else
            self.error(node, "unsupported augmented assignment")
            return node
        call = ast.Expr(ast.Call(ast.Name(helper, ast.Load()), args, []))
        ast.copy_location(call, node)
        return ast.fix_missing_locations(call)

    def visit_Nonlocal(self, node: ast.Nonlocal) -> Any:
        for name in node.names:
            self.check_name(node, name)
        return node

    def visit_AnnAssign(self, node: ast.AnnAssign) -> Any:
        return self.node_contents_visit(node)
