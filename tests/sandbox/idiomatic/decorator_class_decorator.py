def add_repr(cls):
    def __repr__(self):
        fields = ", ".join(f"{k}={v!r}" for k, v in vars(self).items())
        return f"{cls.__name__}({fields})"

    cls.__repr__ = __repr__
    return cls


def register(registry):
    def decorate(cls):
        registry[cls.__name__.lower()] = cls
        return cls

    return decorate


HANDLERS = {}


@register(HANDLERS)
@add_repr
class Email:
    def __init__(self, to, subject):
        self.to = to
        self.subject = subject


@register(HANDLERS)
@add_repr
class Sms:
    def __init__(self, number):
        self.number = number


print(Email("a@b.c", "hi"), Sms("555"))
print(sorted(HANDLERS), HANDLERS["sms"]("123"))


def validate(**rules):
    def decorate(func):
        def wrapper(**kwargs):
            for key, check in rules.items():
                if not check(kwargs[key]):
                    raise ValueError(f"invalid {key}: {kwargs[key]!r}")
            return func(**kwargs)

        return wrapper

    return decorate


@validate(age=lambda a: 0 <= a < 150, name=str.isalpha)
def person(name, age):
    return f"{name} ({age})"


print(person(name="Ann", age=30))
try:
    person(name="Ann1", age=30)
except ValueError as e:
    print(e)
