def divide(a, b):
    log = []
    try:
        result = a / b
    except ZeroDivisionError:
        log.append("zero")
        return None, log
    except TypeError as e:
        log.append(f"type: {e}")
        raise
    else:
        log.append("ok")
        return result, log
    finally:
        log.append("finally")


print(divide(6, 3))
print(divide(1, 0))
try:
    divide("a", 1)
except TypeError:
    print("re-raised")


def first_positive(nums):
    for n in nums:
        if n > 0:
            break
    else:
        return None
    return n


print(first_positive([-1, 0, 5, 7]), first_positive([-2]))
try:
    assert 1 + 1 == 3, "math is broken"
except AssertionError as e:
    print("AssertionError:", e)
