from enum import Enum, auto


class State(Enum):
    IDLE = auto()
    RUNNING = auto()
    PAUSED = auto()
    STOPPED = auto()


TRANSITIONS = {
    (State.IDLE, "start"): State.RUNNING,
    (State.RUNNING, "pause"): State.PAUSED,
    (State.PAUSED, "resume"): State.RUNNING,
    (State.RUNNING, "stop"): State.STOPPED,
    (State.PAUSED, "stop"): State.STOPPED,
}


class Machine:
    def __init__(self):
        self.state = State.IDLE
        self.history = [self.state.name]

    def fire(self, event):
        key = (self.state, event)
        if key not in TRANSITIONS:
            raise ValueError(f"cannot {event} while {self.state.name.lower()}")
        self.state = TRANSITIONS[key]
        self.history.append(self.state.name)
        return self


m = Machine()
m.fire("start").fire("pause").fire("resume").fire("stop")
print(m.state, " -> ".join(m.history))
try:
    m.fire("start")
except ValueError as e:
    print(e)
