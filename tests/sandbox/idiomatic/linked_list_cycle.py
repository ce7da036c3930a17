class ListNode:
    def __init__(self, val):
        self.val = val
        self.next = None


def has_cycle(head):
    slow = fast = head
    while fast and fast.next:
        slow, fast = slow.next, fast.next.next
        if slow is fast:
            return True
    return False


def middle(head):
    slow = fast = head
    while fast and fast.next:
        slow, fast = slow.next, fast.next.next
    return slow.val


nodes = [ListNode(i) for i in range(7)]
for a, b in zip(nodes, nodes[1:]):
    a.next = b
print(has_cycle(nodes[0]), middle(nodes[0]))
nodes[-1].next = nodes[2]
print(has_cycle(nodes[0]))
