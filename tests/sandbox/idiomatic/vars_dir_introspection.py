class Config:
    debug = False
    level = 3

    def __init__(self, name):
        self.name = name
        self.tags = ["a"]

    def method(self):
        return self.name


c = Config("svc")
print(vars(c), c.__dict__ == vars(c))
public = [n for n in dir(c) if not n.startswith("_")]
print(public)
print({k: v for k, v in vars(Config).items() if not k.startswith("_") and not callable(v)})
print(getattr(c, "name"), getattr(c, "missing", "default"), hasattr(c, "method"), callable(c.method))
setattr(c, "level", 5)
print(c.level, Config.level, type(c).__name__, c.__class__.__name__, Config.__doc__)
delattr(c, "level")
print(c.level, isinstance(c, Config), id(c) == id(c), hash(c) == hash(c))
print(type(c.method).__name__, c.method.__name__, Config.method.__qualname__, c.method.__self__ is c)
print(sorted(vars(c)), [type(x).__name__ for x in (1, "a", [], {}, None, 1.0, (), set())])
