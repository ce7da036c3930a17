from collections import ChainMap, UserDict, UserList, deque

defaults = {"color": "red", "user": "guest"}
env = {"user": "admin"}
cli = {}
config = ChainMap(cli, env, defaults)
print(config["user"], config["color"], len(config), sorted(config))
cli["color"] = "blue"
print(config["color"], config.maps[0], dict(config.new_child({"x": 1})))


class LowerDict(UserDict):
    def __setitem__(self, key, value):
        super().__setitem__(key.lower(), value)

    def __getitem__(self, key):
        return super().__getitem__(key.lower())


d = LowerDict()
d["Name"] = "Ann"
print(d["NAME"], d, "name" in d)


class Stack(UserList):
    def push(self, x):
        self.append(x)


s = Stack([1])
s.push(2)
print(s, s.pop(), len(s))
dq = deque(range(5), maxlen=5)
dq.append(5)
dq.appendleft(-1)
dq.rotate(2)
print(dq, dq.maxlen, list(reversed(dq))[:2])
