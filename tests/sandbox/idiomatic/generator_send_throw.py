def running_average():
    total, count, avg = 0.0, 0, None
    while True:
        try:
            value = yield avg
        except ValueError:
            total, count, avg = 0.0, 0, None
            continue
        total += value
        count += 1
        avg = total / count


avg = running_average()
next(avg)
print(avg.send(10), avg.send(20), avg.send(30))
print(avg.throw(ValueError))
print(avg.send(5))
avg.close()
try:
    avg.send(1)
except StopIteration:
    print("closed")


def gen_with_cleanup():
    try:
        yield 1
        yield 2
    finally:
        print("cleanup")


g = gen_with_cleanup()
print(next(g))
g.close()
print(list(gen_with_cleanup()))
