import sys


def main() -> int:
    sys.stdout.write("hello from write\n")
    print("to stdout", file=sys.stdout)
    print(sys.maxsize > 2**31, sys.byteorder in ("little", "big"), sys.version_info >= (3, 8))
    print(type(sys.version_info.major).__name__, sys.float_info.max > 1e300, sys.maxunicode)
    print(sys.getsizeof([]) > 0, sys.getrecursionlimit() >= 100, sys.intern("abc") == "abc")
    print(isinstance(sys.argv, list), sys.getdefaultencoding(), sys.platform.startswith("linux"))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    main()
    sys.exit(0)
