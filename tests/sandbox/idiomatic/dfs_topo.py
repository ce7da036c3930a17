def topo_sort(deps):
    order, state = [], {}

    def visit(node):
        if state.get(node) == "done":
            return
        if state.get(node) == "visiting":
            raise ValueError(f"cycle at {node}")
        state[node] = "visiting"
        for dep in sorted(deps.get(node, ())):
            visit(dep)
        state[node] = "done"
        order.append(node)

    for node in sorted(deps):
        visit(node)
    return order


deps = {"app": {"lib", "utils"}, "lib": {"utils"}, "utils": set(), "tests": {"app"}}
print(topo_sort(deps))
try:
    topo_sort({"a": {"b"}, "b": {"a"}})
except ValueError as e:
    print("error:", e)
