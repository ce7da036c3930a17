from dataclasses import dataclass, field, InitVar, fields


@dataclass
class Account:
    owner: str
    password: InitVar[str]
    balance: float = 0.0
    history: list = field(default_factory=list, repr=False)
    _hash: str = field(init=False, repr=False, default="")

    def __post_init__(self, password):
        self._hash = "".join(chr((ord(c) + 3) % 128) for c in password)

    def check(self, password):
        return self._hash == "".join(chr((ord(c) + 3) % 128) for c in password)


a = Account("ann", "s3cret", 10)
print(a, a.check("s3cret"), a.check("nope"), [f.name for f in fields(a)])
