"""Old-style string formatting with locals() and globals()."""

GREETING = "Hello"


def describe(name, age, city="Paris"):
    decade = age // 10 * 10
    return "{name} ({age}) lives in {city}, in their {decade}s".format(**locals())


def report():
    keys = sorted(k for k in globals() if k.isupper())
    return "%(GREETING)s from %(keys)s" % {"GREETING": globals()["GREETING"], "keys": keys}


print(describe("Ann", 34))
print(describe(age=71, name="Bob", city="Rome"))
print(report())
print(sorted(k for k in locals() if not k.startswith("_")))
