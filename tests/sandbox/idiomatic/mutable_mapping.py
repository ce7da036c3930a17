from collections.abc import MutableMapping, Sequence


class CaseInsensitiveDict(MutableMapping):
    def __init__(self, data=None, **kwargs):
        self._store = {}
        self.update(data or {}, **kwargs)

    def __setitem__(self, key, value):
        self._store[key.lower()] = (key, value)

    def __getitem__(self, key):
        return self._store[key.lower()][1]

    def __delitem__(self, key):
        del self._store[key.lower()]

    def __iter__(self):
        return (original for original, _ in self._store.values())

    def __len__(self):
        return len(self._store)

    def __repr__(self):
        return f"{type(self).__name__}({dict(self.items())})"


headers = CaseInsensitiveDict({"Content-Type": "text/html"}, Accept="*/*")
headers["content-type"] = "application/json"
print(headers, headers["CONTENT-TYPE"], "accept" in headers, len(headers))
del headers["ACCEPT"]
print(list(headers), headers.get("missing", "n/a"), headers.pop("content-type"), headers)


class Ring(Sequence):
    def __init__(self, items):
        self._items = list(items)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if not -2 * len(self) <= i < 2 * len(self):
            raise IndexError("ring index out of range")
        return self._items[i % len(self._items)]

    def __len__(self):
        return len(self._items)


r = Ring("abcd")
print(r[5], r[-1], r[1:3], list(reversed(r)), r.index("c"), r.count("a"), "d" in r)
