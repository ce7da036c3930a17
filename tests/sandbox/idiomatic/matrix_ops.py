def rotate(matrix):
    return [list(row) for row in zip(*matrix[::-1])]


def spiral(matrix):
    out = []
    while matrix:
        out.extend(matrix.pop(0))
        matrix = [list(r) for r in zip(*matrix)][::-1]
    return out


def set_zeroes(m):
    rows = {i for i, r in enumerate(m) if 0 in r}
    cols = {j for r in m for j, v in enumerate(r) if v == 0}
    return [[0 if i in rows or j in cols else v for j, v in enumerate(r)] for i, r in enumerate(m)]


grid = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
print(rotate(grid))
print(spiral([row[:] for row in grid]))
print(set_zeroes([[1, 1, 1], [1, 0, 1], [1, 1, 1]]))
print([[grid[j][i] for j in range(3)] for i in range(3)], sum(grid[i][i] for i in range(3)))
identity = [[int(i == j) for j in range(3)] for i in range(3)]
print(identity, [sum(col) for col in zip(*grid)])
