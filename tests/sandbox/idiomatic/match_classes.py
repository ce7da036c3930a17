from dataclasses import dataclass
from enum import Enum


class Op(Enum):
    ADD = "+"
    MUL = "*"


@dataclass
class Num:
    value: int


@dataclass
class BinOp:
    op: Op
    left: object
    right: object


def evaluate(node):
    match node:
        case Num(value=v):
            return v
        case BinOp(Op.ADD, left, right):
            return evaluate(left) + evaluate(right)
        case BinOp(op=Op.MUL, left=l, right=r):
            return evaluate(l) * evaluate(r)
        case _:
            raise ValueError(f"bad node {node!r}")


expr = BinOp(Op.ADD, Num(2), BinOp(Op.MUL, Num(3), Num(4)))
print(evaluate(expr))


def command(text):
    match text.split():
        case ["go", ("north" | "south") as direction]:
            return f"going {direction}"
        case ["take", *items] if items:
            return "taking " + ", ".join(items)
        case ["quit" | "exit"]:
            return "bye"
        case []:
            return "say something"
        case _:
            return f"unknown: {text}"


for t in ["go north", "go west", "take lamp key", "take", "exit", ""]:
    print(repr(t), "->", command(t))


class Point:
    __match_args__ = ("x", "y")

    def __init__(self, x, y):
        self.x, self.y = x, y


for p in [Point(0, 0), Point(0, 5), Point(3, 3), Point(1, 2)]:
    match p:
        case Point(0, 0):
            print("origin")
        case Point(0, y):
            print("on y axis at", y)
        case Point(x, y) if x == y:
            print("diagonal", x)
        case Point():
            print("somewhere")
