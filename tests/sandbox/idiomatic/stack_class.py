class Stack:
    """A LIFO stack backed by a list."""

    def __init__(self):
        self._items = []

    def push(self, item):
        self._items.append(item)

    def pop(self):
        if not self._items:
            raise IndexError("pop from empty stack")
        return self._items.pop()

    def peek(self):
        return self._items[-1]

    def __len__(self):
        return len(self._items)

    def __bool__(self):
        return bool(self._items)

    def __repr__(self):
        return f"Stack({self._items!r})"

    def __iter__(self):
        return reversed(self._items)


def balanced(text):
    pairs = {")": "(", "]": "[", "}": "{"}
    stack = Stack()
    for ch in text:
        if ch in "([{":
            stack.push(ch)
        elif ch in pairs:
            if not stack or stack.pop() != pairs[ch]:
                return False
    return not stack


s = Stack()
for i in range(3):
    s.push(i * i)
print(s, len(s), list(s), s.peek())
print(s.pop(), s)
for text in ["([]{})", "([)]", "((", ""]:
    print(repr(text), balanced(text))
try:
    Stack().pop()
except IndexError as e:
    print("error:", e)
