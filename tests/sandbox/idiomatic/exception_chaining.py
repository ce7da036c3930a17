def parse_config(text):
    try:
        key, value = text.split("=")
    except ValueError as e:
        raise RuntimeError(f"bad line: {text!r}") from e
    return key.strip(), int(value)


for line in ["a = 1", "broken", "b = x"]:
    try:
        print(parse_config(line))
    except RuntimeError as e:
        print("RuntimeError:", e, "| cause:", repr(e.__cause__))
    except ValueError as e:
        print("ValueError:", e, "| context:", e.__context__, e.__suppress_context__)

try:
    try:
        {}["k"]
    except KeyError:
        raise TypeError("while handling")
except TypeError as e:
    print(type(e.__context__).__name__, e.__cause__)

try:
    try:
        1 / 0
    except ZeroDivisionError:
        raise ValueError("clean") from None
except ValueError as e:
    print(e.__suppress_context__, e.__cause__)
