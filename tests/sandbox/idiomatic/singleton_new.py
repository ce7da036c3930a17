class Singleton:
    _instance = None

    def __new__(cls, *args, **kwargs):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
            cls._instance._initialized = False
        return cls._instance

    def __init__(self, value=None):
        if self._initialized:
            return
        self.value = value
        self._initialized = True


a = Singleton(1)
b = Singleton(2)
print(a is b, a.value, b.value, id(a) == id(b))


class Registry:
    _instances = {}

    def __new__(cls, name):
        if name not in cls._instances:
            obj = super().__new__(cls)
            obj.name = name
            cls._instances[name] = obj
        return cls._instances[name]


print(Registry("x") is Registry("x"), Registry("x") is Registry("y"), sorted(Registry._instances))


class Borg:
    _shared = {}

    def __init__(self):
        self.__dict__ = self._shared


b1, b2 = Borg(), Borg()
b1.state = "on"
print(b2.state, b1 is b2)
