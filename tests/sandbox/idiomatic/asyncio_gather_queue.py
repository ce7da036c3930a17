import asyncio
import time


async def fetch(name, delay, log):
    log.append(f"start {name}")
    await asyncio.sleep(delay)
    log.append(f"done {name}")
    return name.upper()


async def producer(queue, n):
    for i in range(n):
        await queue.put(i)
        await asyncio.sleep(0)
    await queue.put(None)


async def consumer(queue, out):
    while (item := await queue.get()) is not None:
        out.append(item * item)


async def limited(sem, i, active, peak):
    async with sem:
        active[0] += 1
        peak[0] = max(peak[0], active[0])
        await asyncio.sleep(0.001)
        active[0] -= 1
        return i


async def main():
    log = []
    results = await asyncio.gather(fetch("a", 0.02, log), fetch("b", 0.01, log), fetch("c", 0.0, log))
    print(results)
    print(log)
    queue, out = asyncio.Queue(), []
    await asyncio.gather(producer(queue, 5), consumer(queue, out))
    print(out)
    sem, active, peak = asyncio.Semaphore(2), [0], [0]
    print(await asyncio.gather(*(limited(sem, i, active, peak) for i in range(6))), peak[0])
    try:
        await asyncio.wait_for(asyncio.sleep(1), timeout=0.01)
    except asyncio.TimeoutError:
        print("timed out")
    async with asyncio.TaskGroup() as tg:
        t1 = tg.create_task(fetch("x", 0.001, []))
        t2 = tg.create_task(fetch("y", 0.0, []))
    print(t1.result(), t2.result(), asyncio.iscoroutinefunction(fetch))
    task = asyncio.create_task(asyncio.sleep(10))
    await asyncio.sleep(0)
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        print("cancelled", task.cancelled())
    start = time.perf_counter()
    await asyncio.sleep(0.01)
    print(time.perf_counter() - start >= 0.005)


if __name__ == "__main__":
    asyncio.run(main())
