from dataclasses import dataclass, field, KW_ONLY


@dataclass(slots=True)
class Pixel:
    x: int
    y: int
    color: str = "black"


@dataclass(kw_only=True)
class Config:
    host: str = "localhost"
    port: int = 8080
    debug: bool = False


@dataclass
class Request:
    path: str
    _: KW_ONLY
    method: str = "GET"
    headers: dict = field(default_factory=dict)


px = Pixel(1, 2)
print(px, hasattr(px, "__dict__"), Pixel.__slots__)
print(Config(port=9000), Config())
print(Request("/home", method="POST"))
try:
    Config("x")
except TypeError as e:
    print("TypeError")
