from collections import defaultdict
from typing import Callable


class EventBus:
    def __init__(self):
        self._handlers: dict[str, list[Callable]] = defaultdict(list)

    def on(self, event):
        def register(handler):
            self._handlers[event].append(handler)
            return handler

        return register

    def emit(self, event, *args, **kwargs):
        return [h(*args, **kwargs) for h in self._handlers.get(event, [])]

    def off(self, event, handler):
        self._handlers[event].remove(handler)


bus = EventBus()


@bus.on("signup")
def welcome(user):
    return f"welcome {user}"


@bus.on("signup")
def audit(user):
    return f"audit: {user} signed up"


print(bus.emit("signup", "ann"), bus.emit("unknown"))
bus.off("signup", audit)
print(bus.emit("signup", "bob"))


class Observable:
    def __init__(self):
        self._observers = []

    def subscribe(self, fn):
        self._observers.append(fn)
        return lambda: self._observers.remove(fn)

    def notify(self, value):
        for fn in list(self._observers):
            fn(value)


obs = Observable()
seen = []
unsubscribe = obs.subscribe(seen.append)
obs.subscribe(lambda v: print("got", v))
obs.notify(1)
unsubscribe()
obs.notify(2)
print(seen)
