def merge(intervals):
    out = []
    for start, end in sorted(intervals):
        if out and start <= out[-1][1]:
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return out


def insert(intervals, new):
    return merge(intervals + [new])


def meeting_rooms(intervals):
    import heapq

    ends = []
    for start, end in sorted(intervals):
        if ends and ends[0] <= start:
            heapq.heapreplace(ends, end)
        else:
            heapq.heappush(ends, end)
    return len(ends)


print(merge([[1, 3], [2, 6], [8, 10], [15, 18]]), merge([[1, 4], [4, 5]]))
print(insert([[1, 3], [6, 9]], [2, 5]), meeting_rooms([(0, 30), (5, 10), (15, 20)]))
