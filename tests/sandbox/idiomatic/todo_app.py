from dataclasses import dataclass, field
from datetime import date
from enum import Enum
import itertools


class Priority(Enum):
    LOW = 1
    HIGH = 2


@dataclass
class Task:
    title: str
    due: date
    priority: Priority = Priority.LOW
    done: bool = False
    id: int = field(default_factory=itertools.count(1).__next__)


class TodoList:
    def __init__(self):
        self.tasks: list[Task] = []

    def add(self, *args, **kwargs) -> Task:
        task = Task(*args, **kwargs)
        self.tasks.append(task)
        return task

    def complete(self, task_id: int) -> None:
        next(t for t in self.tasks if t.id == task_id).done = True

    def pending(self, today: date):
        return sorted((t for t in self.tasks if not t.done),
                      key=lambda t: (t.due < today, -t.priority.value, t.due), reverse=True)

    def __str__(self):
        lines = [f"[{'x' if t.done else ' '}] #{t.id} {t.title} (due {t.due:%b %d}, {t.priority.name})"
                 for t in self.tasks]
        return "\n".join(lines)


todo = TodoList()
todo.add("write tests", date(2024, 5, 3), Priority.HIGH)
todo.add("refactor", date(2024, 5, 10))
todo.add("deploy", date(2024, 4, 30), Priority.HIGH)
todo.complete(2)
print(todo)
print([t.title for t in todo.pending(date(2024, 5, 1))])
