class HashMap:
    def __init__(self, capacity=8):
        self._buckets = [[] for _ in range(capacity)]
        self._size = 0

    def _bucket(self, key):
        return self._buckets[hash(key) % len(self._buckets)]

    def __setitem__(self, key, value):
        bucket = self._bucket(key)
        for i, (k, _) in enumerate(bucket):
            if k == key:
                bucket[i] = (key, value)
                return
        bucket.append((key, value))
        self._size += 1
        if self._size > len(self._buckets) * 0.75:
            self._resize()

    def __getitem__(self, key):
        for k, v in self._bucket(key):
            if k == key:
                return v
        raise KeyError(key)

    def __delitem__(self, key):
        bucket = self._bucket(key)
        for i, (k, _) in enumerate(bucket):
            if k == key:
                del bucket[i]
                self._size -= 1
                return
        raise KeyError(key)

    def _resize(self):
        items = [kv for b in self._buckets for kv in b]
        self._buckets = [[] for _ in range(len(self._buckets) * 2)]
        self._size = 0
        for k, v in items:
            self[k] = v

    def __len__(self):
        return self._size

    def __contains__(self, key):
        try:
            self[key]
            return True
        except KeyError:
            return False

    def items(self):
        return sorted(kv for b in self._buckets for kv in b)


m = HashMap()
for i in range(20):
    m[i] = i * i
m[5] = "five"
del m[0]
print(len(m), m[5], 7 in m, 0 in m, len(m._buckets), m.items()[:3])
try:
    m[99]
except KeyError as e:
    print("KeyError", e)
