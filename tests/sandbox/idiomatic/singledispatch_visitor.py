import sys
from dataclasses import dataclass
from functools import singledispatch, singledispatchmethod


@dataclass
class Num:
    value: float


@dataclass
class Add:
    left: object
    right: object


@dataclass
class Mul:
    left: object
    right: object


@singledispatch
def evaluate(node):
    raise TypeError(f"cannot evaluate {type(node).__name__}")


@evaluate.register
def _(node: Num):
    return node.value


@evaluate.register
def _(node: Add):
    return evaluate(node.left) + evaluate(node.right)


@evaluate.register(Mul)
def _(node):
    return evaluate(node.left) * evaluate(node.right)


class Printer:
    @singledispatchmethod
    def show(self, node):
        return "?"

    @show.register
    def _(self, node: Num):
        return f"{node.value:g}"

    @show.register
    def _(self, node: Add):
        return f"({self.show(node.left)} + {self.show(node.right)})"

    @show.register
    def _(self, node: Mul):
        return f"{self.show(node.left)} * {self.show(node.right)}"


tree = Add(Num(2), Mul(Num(3), Add(Num(1), Num(4))))
print(Printer().show(tree), "=", evaluate(tree))
try:
    evaluate("x")
except TypeError as e:
    print(e)
sys.stdout.flush()
sys.stdout.buffer.write("bytes too: ü\n".encode("utf-8"))
sys.stdout.flush()
print(sorted(evaluate.registry, key=lambda t: t.__name__)[:3])
