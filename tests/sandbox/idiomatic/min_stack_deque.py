from collections import deque


class MinStack:
    def __init__(self):
        self._stack = []

    def push(self, x):
        current_min = min(x, self._stack[-1][1]) if self._stack else x
        self._stack.append((x, current_min))

    def pop(self):
        return self._stack.pop()[0]

    def top(self):
        return self._stack[-1][0]

    def get_min(self):
        return self._stack[-1][1]


s = MinStack()
for x in (5, 3, 7, 2, 8):
    s.push(x)
print(s.get_min(), s.pop(), s.pop(), s.get_min(), s.top())


class RecentCounter:
    def __init__(self):
        self.q = deque()

    def ping(self, t):
        self.q.append(t)
        while self.q[0] < t - 3000:
            self.q.popleft()
        return len(self.q)


rc = RecentCounter()
print([rc.ping(t) for t in (1, 100, 3001, 3002)])


def moving_average(values, k):
    window, total, out = deque(), 0, []
    for v in values:
        window.append(v)
        total += v
        if len(window) > k:
            total -= window.popleft()
        out.append(round(total / len(window), 2))
    return out


print(moving_average([1, 10, 3, 5, 7], 3))
