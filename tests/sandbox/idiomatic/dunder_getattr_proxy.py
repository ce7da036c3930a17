class LoggingProxy:
    def __init__(self, target):
        self._target = target
        self._log = []

    def __getattr__(self, name):
        attr = getattr(self._target, name)
        if callable(attr):
            def wrapped(*args, **kwargs):
                self._log.append(f"{name}{args}")
                return attr(*args, **kwargs)

            return wrapped
        return attr


p = LoggingProxy([3, 1, 2])
p.append(0)
p.sort()
print(p._target, p._log, p.count(1))


class AttrDict(dict):
    def __getattr__(self, key):
        try:
            return self[key]
        except KeyError:
            raise AttributeError(key) from None

    def __setattr__(self, key, value):
        self[key] = value


cfg = AttrDict(host="localhost")
cfg.port = 8080
print(cfg.host, cfg.port, cfg, hasattr(cfg, "missing"))


class Immutable:
    def __init__(self, **kwargs):
        for k, v in kwargs.items():
            object.__setattr__(self, k, v)

    def __setattr__(self, name, value):
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __repr__(self):
        return f"Immutable({vars(self)})"


im = Immutable(a=1, b=2)
try:
    im.a = 5
except AttributeError as e:
    print(e, im)
