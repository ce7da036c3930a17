import sys


def process(items):
    total = 0
    for item in items:
        if item < 0:
            print(f"skipping {item}")
            continue
        total += item
    return total


def main(argv=None):
    argv = argv or ["5", "-2", "7"]
    numbers = [int(a) for a in argv]
    print("total:", process(numbers))
    return 0


if __name__ == "__main__":
    sys.exit(main())
