class SparseVector:
    def __init__(self, size, data=None):
        self.size = size
        self._data = dict(data or {})

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(self.size))]
        if not -self.size <= i < self.size:
            raise IndexError("index out of range")
        return self._data.get(i % self.size, 0)

    def __setitem__(self, i, value):
        if value:
            self._data[i] = value
        else:
            self._data.pop(i, None)

    def __delitem__(self, i):
        self._data.pop(i, None)

    def __len__(self):
        return self.size

    def __contains__(self, value):
        return value in self._data.values() or (value == 0 and len(self._data) < self.size)

    def __iter__(self):
        return (self[i] for i in range(self.size))

    def __eq__(self, other):
        return list(self) == list(other)

    def __repr__(self):
        return f"SparseVector({self.size}, {self._data})"


v = SparseVector(6)
v[1] = 5
v[4] = 2
v[2] = 0
print(v, list(v), v[-2], v[1:5], 5 in v, 7 in v, len(v))
del v[1]
print(v, v == [0, 0, 0, 0, 2, 0])
try:
    v[10]
except IndexError as e:
    print("IndexError:", e)
