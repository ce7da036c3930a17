class Pizza:
    def __init__(self):
        self.size = "medium"
        self.toppings = []
        self.crust = "regular"

    def __str__(self):
        tops = ", ".join(self.toppings) or "no toppings"
        return f"{self.size} {self.crust}-crust pizza with {tops}"


class PizzaBuilder:
    def __init__(self):
        self._pizza = Pizza()

    def size(self, size):
        self._pizza.size = size
        return self

    def crust(self, crust):
        self._pizza.crust = crust
        return self

    def add(self, *toppings):
        self._pizza.toppings.extend(toppings)
        return self

    def build(self):
        return self._pizza


print(PizzaBuilder().size("large").crust("thin").add("ham", "olives").build())
print(PizzaBuilder().build())


class Animal:
    registry = {}

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        Animal.registry[cls.__name__.lower()] = cls

    @classmethod
    def create(cls, kind, *args):
        try:
            return cls.registry[kind](*args)
        except KeyError:
            raise ValueError(f"unknown animal {kind!r}") from None

    def speak(self):
        return "..."


class Dog(Animal):
    def speak(self):
        return "woof"


class Cat(Animal):
    def speak(self):
        return "meow"


print([Animal.create(k).speak() for k in ("dog", "cat")], sorted(Animal.registry))
try:
    Animal.create("cow")
except ValueError as e:
    print(e)
