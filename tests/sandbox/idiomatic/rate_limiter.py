from collections import deque


class SlidingWindowLimiter:
    def __init__(self, limit, window):
        self.limit, self.window = limit, window
        self._hits = {}

    def allow(self, client, now):
        hits = self._hits.setdefault(client, deque())
        while hits and hits[0] <= now - self.window:
            hits.popleft()
        if len(hits) < self.limit:
            hits.append(now)
            return True
        return False


class TokenBucket:
    def __init__(self, rate, capacity):
        self.rate, self.capacity = rate, capacity
        self.tokens, self.last = capacity, 0.0

    def allow(self, now):
        self.tokens = min(self.capacity, self.tokens + (now - self.last) * self.rate)
        self.last = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


lim = SlidingWindowLimiter(limit=3, window=10)
print([lim.allow("a", t) for t in (0, 1, 2, 3, 11, 12)], lim.allow("b", 3))
bucket = TokenBucket(rate=1, capacity=2)
print([bucket.allow(t) for t in (0, 0, 0, 0.5, 1.5, 3)])
