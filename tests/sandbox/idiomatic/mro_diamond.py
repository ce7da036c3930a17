class Base:
    def greet(self):
        return ["Base"]


class Left(Base):
    def greet(self):
        return ["Left"] + super().greet()


class Right(Base):
    def greet(self):
        return ["Right"] + super().greet()


class Child(Left, Right):
    def greet(self):
        return ["Child"] + super().greet()


print(Child().greet())


class LoggerMixin:
    def log(self, msg):
        return f"[{type(self).__name__}] {msg}"


class JsonMixin:
    def to_json(self):
        import json

        return json.dumps(self.__dict__, sort_keys=True)


class User(LoggerMixin, JsonMixin):
    def __init__(self, name, age):
        self.name, self.age = name, age


u = User("ann", 30)
print(u.log("created"), u.to_json())
