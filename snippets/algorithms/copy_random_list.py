"""复制带随机指针的链表（LeetCode 138）：哈希表法与穿插法。

每个节点有 next 和 random 两个指针，random 可以指向任意节点（包括自己、前面的节点）或 None。
深拷贝要求：新链表的节点全是新建的，结构（值、next、random 指向第几个节点）与原链表相同，
新节点的指针只指向新节点，原链表不变。

>>> head = build([7, 13, 11], [None, 0, 2])     # 13.random → 7，11.random → 自己
>>> describe(head)
([7, 13, 11], [None, 0, 2])
>>> for copy in (copy_with_map, copy_interleaved):
...     new = copy(head)
...     print(describe(new), describe(head), nodes(new)[0] is head)
([7, 13, 11], [None, 0, 2]) ([7, 13, 11], [None, 0, 2]) False
([7, 13, 11], [None, 0, 2]) ([7, 13, 11], [None, 0, 2]) False
>>> copy_with_map(None) is None and copy_interleaved(None) is None
True
"""

from __future__ import annotations

from collections.abc import Sequence


class Node:
    __slots__ = ("val", "next", "random")

    def __init__(self, val: int, next: Node | None = None, random: Node | None = None):
        self.val, self.next, self.random = val, next, random


def build(values: Sequence[int], randoms: Sequence[int | None]) -> Node | None:
    """按描述建链表：randoms[i] 是第 i 个节点的 random 指向的下标，或 None。"""
    made = [Node(v) for v in values]
    for i, node in enumerate(made):
        node.next = made[i + 1] if i + 1 < len(made) else None
        node.random = None if randoms[i] is None else made[randoms[i]]
    return made[0] if made else None


def nodes(head: Node | None) -> list[Node]:
    """沿 next 走一遍得到的节点对象（按身份，不按值）。"""
    out = []
    while head is not None:
        out.append(head)
        head = head.next
    return out


def describe(head: Node | None) -> tuple[list[int], list[int | None]]:
    """链表的结构：值的序列，以及每个 random 指向第几个节点。random 指到链表外就报错。"""
    seq = nodes(head)
    index = {id(node): i for i, node in enumerate(seq)}
    randoms = []
    for node in seq:
        if node.random is not None and id(node.random) not in index:
            raise ValueError("random points outside this list")
        randoms.append(None if node.random is None else index[id(node.random)])
    return [node.val for node in seq], randoms


# --8<-- [start:with_map]
def copy_with_map(head: Node | None) -> Node | None:
    """哈希表：原节点 → 新节点。两趟，时间 O(n)，额外空间 O(n)（表本身）。"""
    clone: dict[Node, Node] = {}
    node = head
    while node is not None:  # 第一趟：为每个原节点建一个新节点
        clone[node] = Node(node.val)
        node = node.next
    node = head
    while node is not None:  # 第二趟：新节点的指针 = 原节点指针所指节点的新节点
        clone[node].next = clone.get(node.next)  # None 不在表里，get 返回 None
        clone[node].random = clone.get(node.random)
        node = node.next
    return clone.get(head)
# --8<-- [end:with_map]


# --8<-- [start:interleaved]
def copy_interleaved(head: Node | None) -> Node | None:
    """穿插：把新节点插在原节点后面，用位置代替哈希表。三趟，时间 O(n)，输出之外的额外空间 O(1)。"""
    node = head
    while node is not None:  # 1. A → B → C 变成 A → A' → B → B' → C → C'
        node.next = Node(node.val, node.next)
        node = node.next.next
    node = head
    while node is not None:  # 2. X 的副本就是 X.next，所以 A'.random = A.random.next
        if node.random is not None:
            node.next.random = node.random.next
        node = node.next.next
    dummy = tail = Node(0)
    node = head
    while node is not None:  # 3. 拆开：原链表恢复原样，副本串成新链表
        copy = node.next
        node.next = copy.next
        tail.next, tail = copy, copy
        node = node.next
    return dummy.next
# --8<-- [end:interleaved]
