from collections import defaultdict, OrderedDict

records = [("eng", "ann"), ("ops", "bob"), ("eng", "cid"), ("hr", "dee"), ("ops", "eve")]
teams = defaultdict(list)
for team, person in records:
    teams[team].append(person)
print(dict(teams), teams["missing"], sorted(teams))
counts = defaultdict(int)
for ch in "hello world":
    counts[ch] += 1
print(sorted(counts.items())[:4])
tree = lambda: defaultdict(tree)
root = tree()
root["a"]["b"]["c"] = 1
print(root["a"]["b"]["c"], "x" in root)
od = OrderedDict.fromkeys("abc", 0)
od.move_to_end("a")
od["d"] = 4
print(od, list(od.keys()), od.popitem(), od.popitem(last=False))
graph = defaultdict(set)
for a, b in [(1, 2), (1, 3), (2, 3)]:
    graph[a].add(b)
    graph[b].add(a)
print({k: sorted(v) for k, v in sorted(graph.items())})
