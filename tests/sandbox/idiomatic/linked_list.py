class Node:
    __slots__ = ("value", "next")

    def __init__(self, value, next=None):
        self.value = value
        self.next = next


class LinkedList:
    def __init__(self, values=()):
        self.head = None
        self._size = 0
        for v in reversed(list(values)):
            self.push_front(v)

    def push_front(self, value):
        self.head = Node(value, self.head)
        self._size += 1

    def __iter__(self):
        node = self.head
        while node:
            yield node.value
            node = node.next

    def __len__(self):
        return self._size

    def __repr__(self):
        return " -> ".join(map(str, self)) or "empty"

    def reverse(self):
        prev, node = None, self.head
        while node:
            node.next, prev, node = prev, node, node.next
        self.head = prev

    def __contains__(self, value):
        return any(v == value for v in self)


ll = LinkedList([1, 2, 3, 4])
print(ll, len(ll), 3 in ll, 9 in ll)
ll.reverse()
print(ll)
print(LinkedList())
