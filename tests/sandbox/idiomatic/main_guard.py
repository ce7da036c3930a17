"""A script with a docstring, a main() and the usual guard."""

from typing import List


def fizzbuzz(n: int) -> List[str]:
    out = []
    for i in range(1, n + 1):
        word = ("Fizz" if i % 3 == 0 else "") + ("Buzz" if i % 5 == 0 else "")
        out.append(word or str(i))
    return out


def main() -> None:
    print(__doc__.split(",")[0])
    print(__name__)
    print(", ".join(fizzbuzz(15)))


if __name__ == "__main__":
    main()
