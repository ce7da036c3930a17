from enum import Flag, StrEnum, auto, Enum


class Perm(Flag):
    READ = auto()
    WRITE = auto()
    EXEC = auto()
    RW = READ | WRITE


class Status(StrEnum):
    ACTIVE = auto()
    DISABLED = auto()


p = Perm.READ | Perm.EXEC
print(p, Perm.READ in p, Perm.WRITE in p, Perm.RW, bool(Perm(0)))
print([m.name for m in Perm], Perm.RW.value)
print(Status.ACTIVE, Status.ACTIVE == "active", Status("disabled").name, f"{Status.DISABLED}")


class Planet(Enum):
    MERCURY = (3.303e23, 2.4397e6)
    EARTH = (5.976e24, 6.37814e6)

    def __init__(self, mass, radius):
        self.mass = mass
        self.radius = radius

    @property
    def surface_gravity(self):
        return 6.673e-11 * self.mass / (self.radius * self.radius)


for planet in Planet:
    print(planet.name, f"{planet.surface_gravity:.2f}")
