import queue

q = queue.Queue()
for i in range(3):
    q.put(i)
print(q.qsize(), [q.get() for _ in range(3)], q.empty())
lifo = queue.LifoQueue()
for x in "abc":
    lifo.put(x)
print([lifo.get() for _ in range(3)])
pq = queue.PriorityQueue()
for item in [(3, "low"), (1, "high"), (2, "mid")]:
    pq.put(item)
print([pq.get()[1] for _ in range(3)])
try:
    queue.Queue(maxsize=1).get_nowait()
except queue.Empty:
    print("empty")
bounded = queue.Queue(maxsize=1)
bounded.put("x")
try:
    bounded.put_nowait("y")
except queue.Full:
    print("full")
