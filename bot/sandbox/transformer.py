"""RestrictedPython's transformer, relaxed for ordinary interview code (the guards do the rest).

Stock RestrictedPython refuses every name and attribute starting with "_", `counts[c] += 1`,
`nonlocal`, annotated assignments, `match`, `async def` and `except*`. Here:

* underscore names and attributes are allowed, and so are dunder method definitions, except the
  names that only serve an escape (`guards.RESTRICTED`: frames, code, globals, builtins, the class
  graph, the pickle protocol), the guards' own names (`_getattr_`...), `__builtins__`,
  `__import__`, `__metaclass__` and `__build_class__`; `__class__` may be read, never assigned;
* every attribute read becomes `_getattr_(obj, "name")` and every attribute write
  `_write_attr_(obj, "name").name = ...`, so the runtime guards see the name (private names are
  mangled here, as CPython would: `self.__balance` inside `class Account` is `_Account__balance`);
* augmented assignment of an item or attribute becomes a call of `_augitem_` / `_augattr_`;
* `nonlocal`, annotated assignments, `match` (its attribute names checked), `async def` /
  `await` / `async for` / `async with`, and `try ... except*` are allowed;
* class keywords other than `metaclass` (`class Plugin(Base, name="x")`) are kept.
"""

from __future__ import annotations

import ast
from typing import Any

from RestrictedPython.transformer import IOPERATOR_TO_STR, RestrictingNodeTransformer

from bot.sandbox.names import NO_WRITE, RESTRICTED

HELPERS = frozenset(
    {
        "_getattr_", "_getitem_", "_getiter_", "_write_", "_write_attr_", "_print_", "_print",
        "_apply_", "_inplacevar_", "_augattr_", "_augitem_", "_unpack_sequence_",
        "_iter_unpack_sequence_",
    }
)  # fmt: skip
DENIED_NAMES = (
    HELPERS | RESTRICTED | {"__builtins__", "__import__", "__metaclass__", "__build_class__"}
)


def mangle(class_name: str | None, name: str) -> str:
    """CPython's private name mangling (`__x` inside `class _A` is `_A__x`)."""
    if class_name is None or not name.startswith("__") or name.endswith("__") or "." in name:
        return name
    stripped = class_name.lstrip("_")
    return f"_{stripped}{name}" if stripped else name


class StudyTransformer(RestrictingNodeTransformer):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.classes: list[str] = []
        self.lazy_annotations = False  # `from __future__ import annotations`

    def visit_Module(self, node: ast.Module) -> Any:
        self.lazy_annotations = any(
            isinstance(stmt, ast.ImportFrom)
            and stmt.module == "__future__"
            and any(alias.name == "annotations" for alias in stmt.names)
            for stmt in node.body
        )
        return super().visit_Module(node)

    # -- annotations: guarded when evaluated; kept as written when they stay strings ---------
    def visit_arg(self, node: ast.arg) -> Any:
        return node if self.lazy_annotations else self.node_contents_visit(node)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> Any:
        if not self.lazy_annotations:
            return self.node_contents_visit(node)
        node.target = self.visit(node.target)
        if node.value is not None:
            node.value = self.visit(node.value)
        return node

    def visit_function(self, node: Any, visit: Any) -> Any:
        """Visit a def, leaving a lazy return annotation as written (`-> list[int]`)."""
        returns = node.returns if self.lazy_annotations else None
        if returns is not None:
            node.returns = None
        node = visit(node)
        if returns is not None:
            node.returns = returns
        return node

    # -- names -----------------------------------------------------------------------------
    def check_name(self, node: Any, name: str | None, allow_magic_methods: bool = False) -> None:
        if name is None:
            return
        if name in DENIED_NAMES:
            self.error(node, f'"{name}" is a restricted name, not available in the sandbox')
        elif name.endswith("__roles__"):
            self.error(node, f'"{name}" is an invalid variable name')
        elif name in ("print", "printed", "builtins", "breakpoint"):
            method = isinstance(node, ast.FunctionDef) and node.name == name and self.classes
            if not method:  # a method may be called `print` (`logger.print(...)`)
                self.error(node, f'"{name}" is a reserved name.')

    def visit_Name(self, node: ast.Name) -> Any:
        if isinstance(node.ctx, ast.Store | ast.Del) and node.id in NO_WRITE:
            self.error(node, f'"{node.id}" cannot be assigned in the sandbox')
        return super().visit_Name(node)

    def check_attr(self, node: ast.AST, attr: str, store: bool = False) -> None:
        if attr in RESTRICTED or attr.endswith("__roles__"):
            self.error(node, f'"{attr}" is a restricted name, not available in the sandbox')
        elif store and attr in NO_WRITE:
            self.error(node, f'"{attr}" cannot be assigned in the sandbox')

    def visit_FunctionDef(self, node: ast.FunctionDef) -> Any:
        if node.name in NO_WRITE:
            self.error(node, f'"{node.name}" cannot be defined in the sandbox')
        return self.visit_function(node, super().visit_FunctionDef)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> Any:
        if node.name in NO_WRITE:
            self.error(node, f'"{node.name}" cannot be defined in the sandbox')
        self.check_name(node, node.name)
        self.check_function_argument_names(node)
        return self.visit_function(node, self.visit_async_body)

    def visit_async_body(self, node: ast.AsyncFunctionDef) -> Any:
        with self.print_info.new_print_scope():
            node = self.node_contents_visit(node)
            self.inject_print_collector(node)  # type: ignore[arg-type]
        return node

    def visit_ClassDef(self, node: ast.ClassDef) -> Any:
        keywords = [k for k in node.keywords if k.arg != "metaclass"]
        self.classes.append(node.name)
        try:
            new = super().visit_ClassDef(node)
        finally:
            self.classes.pop()
        new.keywords.extend(keywords)
        ast.copy_location(new, node)
        return ast.fix_missing_locations(new)

    # -- attributes ------------------------------------------------------------------------
    def visit_Attribute(self, node: ast.Attribute) -> Any:
        attr = mangle(self.classes[-1] if self.classes else None, node.attr)
        load = isinstance(node.ctx, ast.Load)
        self.check_attr(node, node.attr, store=not load)
        value = self.visit(node.value)
        name = ast.copy_location(ast.Constant(attr), node)
        if load:
            getter = ast.Name("_getattr_", ast.Load())
            return ast.copy_location(
                ast.Call(ast.copy_location(getter, node), [value, name], []), node
            )
        writer = ast.copy_location(ast.Name("_write_attr_", ast.Load()), node)
        guard = ast.copy_location(ast.Call(writer, [value, name], []), node.value)
        return ast.copy_location(ast.Attribute(guard, attr, node.ctx), node)

    def visit_AugAssign(self, node: ast.AugAssign) -> Any:
        target = node.target
        if isinstance(target, ast.Name):
            return super().visit_AugAssign(node)
        op = ast.Constant(IOPERATOR_TO_STR[type(node.op)])
        value = self.visit(node.value)
        if isinstance(target, ast.Attribute):
            self.check_attr(node, target.attr, store=True)
            attr = mangle(self.classes[-1] if self.classes else None, target.attr)
            args = [self.visit(target.value), ast.Constant(attr), op, value]
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

    # -- statements stock RestrictedPython refuses ----------------------------------------
    def visit_Nonlocal(self, node: ast.Nonlocal) -> Any:
        for name in node.names:
            self.check_name(node, name)
        return node

    def visit_TryStar(self, node: ast.AST) -> Any:
        return self.node_contents_visit(node)

    def visit_Await(self, node: ast.Await) -> Any:
        return self.node_contents_visit(node)

    def visit_AsyncFor(self, node: ast.AsyncFor) -> Any:
        return self.node_contents_visit(node)

    def visit_AsyncWith(self, node: ast.AsyncWith) -> Any:
        return self.visit_With(node)  # type: ignore[arg-type]

    def visit_comprehension(self, node: ast.comprehension) -> Any:
        if node.is_async:
            return self.node_contents_visit(node)
        return super().visit_comprehension(node)

    # -- match -----------------------------------------------------------------------------
    def visit_Match(self, node: ast.Match) -> Any:
        return self.node_contents_visit(node)

    def visit_match_case(self, node: ast.match_case) -> Any:
        return self.node_contents_visit(node)

    def check_pattern_names(self, node: ast.AST, expr: ast.expr) -> None:
        """Value and class patterns read dotted names unguarded (`case Color.RED:`)."""
        while isinstance(expr, ast.Attribute):
            self.check_attr(node, expr.attr)
            expr = expr.value
        if isinstance(expr, ast.Name):
            self.check_name(node, expr.id)

    def visit_MatchValue(self, node: ast.MatchValue) -> Any:
        if isinstance(node.value, ast.Attribute | ast.Name):
            self.check_pattern_names(node, node.value)
            return node
        return self.node_contents_visit(node)

    def visit_MatchSingleton(self, node: ast.MatchSingleton) -> Any:
        return node

    def visit_MatchSequence(self, node: ast.MatchSequence) -> Any:
        return self.node_contents_visit(node)

    def visit_MatchStar(self, node: ast.MatchStar) -> Any:
        self.check_name(node, node.name)
        return node

    def visit_MatchMapping(self, node: ast.MatchMapping) -> Any:
        self.check_name(node, node.rest)
        for key in node.keys:
            if isinstance(key, ast.Attribute | ast.Name):
                self.check_pattern_names(node, key)
        node.patterns = [self.visit(p) for p in node.patterns]
        return node

    def visit_MatchClass(self, node: ast.MatchClass) -> Any:
        self.check_pattern_names(node, node.cls)
        for attr in node.kwd_attrs:
            self.check_attr(node, attr)
            if attr.startswith("_") and not attr.endswith("__"):
                self.error(node, f'"{attr}": private attributes cannot be matched')
        node.patterns = [self.visit(p) for p in node.patterns]
        node.kwd_patterns = [self.visit(p) for p in node.kwd_patterns]
        return node

    def visit_MatchAs(self, node: ast.MatchAs) -> Any:
        self.check_name(node, node.name)
        if node.pattern is not None:
            node.pattern = self.visit(node.pattern)
        return node

    def visit_MatchOr(self, node: ast.MatchOr) -> Any:
        return self.node_contents_visit(node)
