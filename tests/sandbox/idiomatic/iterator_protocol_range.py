class MyRange:
    def __init__(self, start, stop=None, step=1):
        if stop is None:
            start, stop = 0, start
        if step == 0:
            raise ValueError("step must not be zero")
        self.start, self.stop, self.step = start, stop, step

    def __iter__(self):
        i = self.start
        while (self.step > 0 and i < self.stop) or (self.step < 0 and i > self.stop):
            yield i
            i += self.step

    def __len__(self):
        return max(0, -(-(self.stop - self.start) // self.step))

    def __getitem__(self, index):
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("MyRange index out of range")
        return self.start + index * self.step

    def __repr__(self):
        return f"MyRange({self.start}, {self.stop}, {self.step})"


for r in (MyRange(5), MyRange(2, 10, 3), MyRange(10, 0, -4)):
    print(r, list(r), len(r), list(r) == list(range(r.start, r.stop, r.step)), r[-1])
try:
    MyRange(1, 2, 0)
except ValueError as e:
    print(e)
