from dataclasses import dataclass, field
from enum import Enum
from typing import Optional


class Size(Enum):
    SMALL = 1
    MEDIUM = 2
    LARGE = 3


@dataclass
class Vehicle:
    plate: str
    size: Size


@dataclass
class Spot:
    number: int
    size: Size
    vehicle: Optional[Vehicle] = None

    def fits(self, v: Vehicle) -> bool:
        return self.vehicle is None and v.size.value <= self.size.value


@dataclass
class ParkingLot:
    spots: list = field(default_factory=list)

    def park(self, v: Vehicle) -> Optional[int]:
        for spot in self.spots:
            if spot.fits(v):
                spot.vehicle = v
                return spot.number
        return None

    def leave(self, plate: str) -> bool:
        for spot in self.spots:
            if spot.vehicle and spot.vehicle.plate == plate:
                spot.vehicle = None
                return True
        return False

    @property
    def free(self):
        return sum(s.vehicle is None for s in self.spots)


lot = ParkingLot([Spot(1, Size.SMALL), Spot(2, Size.MEDIUM), Spot(3, Size.LARGE)])
print(lot.park(Vehicle("BIG1", Size.LARGE)), lot.park(Vehicle("CAR1", Size.MEDIUM)))
print(lot.park(Vehicle("CAR2", Size.MEDIUM)), lot.park(Vehicle("MOTO", Size.SMALL)), lot.free)
print(lot.leave("BIG1"), lot.leave("NOPE"), lot.park(Vehicle("CAR2", Size.MEDIUM)), lot.free)
