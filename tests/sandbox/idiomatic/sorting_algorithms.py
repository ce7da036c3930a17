def bubble_sort(a):
    a = list(a)
    for i in range(len(a)):
        swapped = False
        for j in range(len(a) - 1 - i):
            if a[j] > a[j + 1]:
                a[j], a[j + 1] = a[j + 1], a[j]
                swapped = True
        if not swapped:
            break
    return a


def merge_sort(a):
    if len(a) <= 1:
        return list(a)
    mid = len(a) // 2
    left, right = merge_sort(a[:mid]), merge_sort(a[mid:])
    out, i, j = [], 0, 0
    while i < len(left) and j < len(right):
        if left[i] <= right[j]:
            out.append(left[i])
            i += 1
        else:
            out.append(right[j])
            j += 1
    return out + left[i:] + right[j:]


def quick_sort(a):
    if len(a) <= 1:
        return list(a)
    pivot, *rest = a
    return quick_sort([x for x in rest if x < pivot]) + [pivot] + quick_sort([x for x in rest if x >= pivot])


def insertion_sort(a):
    a = list(a)
    for i in range(1, len(a)):
        key, j = a[i], i - 1
        while j >= 0 and a[j] > key:
            a[j + 1] = a[j]
            j -= 1
        a[j + 1] = key
    return a


data = [5, 2, 9, 1, 5, 6, -3, 0]
results = {f.__name__: f(data) for f in (bubble_sort, merge_sort, quick_sort, insertion_sort)}
print(results["merge_sort"], all(r == sorted(data) for r in results.values()))
people = [("bob", 25), ("ann", 30), ("cid", 25)]
print(sorted(people, key=lambda p: (p[1], p[0])), sorted(people, key=lambda p: p[1], reverse=True))
from operator import itemgetter

print(sorted(people, key=itemgetter(1, 0)), max(people, key=itemgetter(1)))
