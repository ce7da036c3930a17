class MyQueue:
    def __init__(self):
        self._in, self._out = [], []

    def enqueue(self, x):
        self._in.append(x)

    def dequeue(self):
        if not self._out:
            while self._in:
                self._out.append(self._in.pop())
        return self._out.pop()

    def __len__(self):
        return len(self._in) + len(self._out)


q = MyQueue()
for x in "abc":
    q.enqueue(x)
print(q.dequeue(), len(q))
q.enqueue("d")
print([q.dequeue() for _ in range(len(q))])
