from collections import deque

GRID = [
    "S.#.....",
    ".##.###.",
    "....#...",
    "##.##.#.",
    "......#E",
]


def shortest_path(grid):
    rows, cols = len(grid), len(grid[0])
    start = next((r, c) for r in range(rows) for c in range(cols) if grid[r][c] == "S")
    queue = deque([(start, 0)])
    seen = {start}
    while queue:
        (r, c), dist = queue.popleft()
        if grid[r][c] == "E":
            return dist
        for dr, dc in ((1, 0), (-1, 0), (0, 1), (0, -1)):
            nr, nc = r + dr, c + dc
            if 0 <= nr < rows and 0 <= nc < cols and grid[nr][nc] != "#" and (nr, nc) not in seen:
                seen.add((nr, nc))
                queue.append(((nr, nc), dist + 1))
    return -1


print(shortest_path(GRID))


def islands(grid):
    grid = [list(row) for row in grid]
    count = 0
    for r in range(len(grid)):
        for c in range(len(grid[0])):
            if grid[r][c] == "1":
                count += 1
                stack = [(r, c)]
                while stack:
                    i, j = stack.pop()
                    if 0 <= i < len(grid) and 0 <= j < len(grid[0]) and grid[i][j] == "1":
                        grid[i][j] = "0"
                        stack.extend([(i + 1, j), (i - 1, j), (i, j + 1), (i, j - 1)])
    return count


print(islands(["11000", "11000", "00100", "00011"]))
