"""LRU 缓存：哈希表 + 带哨兵的双向链表，get 和 put 都是平均 O(1)（不用 OrderedDict）。

哈希表把 key 映射到链表节点，平均 O(1) 找到节点（dict 查找平均 O(1)，大量哈希碰撞时最坏 O(n)）；双向链表按「最近使用」排序，
已知节点时 O(1) 摘下、O(1) 插到表头；表尾就是最久未用、该淘汰的那个。
两个哨兵（head、tail）让插入和删除永远不必判断「是不是第一个、最后一个」。

>>> cache = LRUCache(2)
>>> cache.put(1, "a"); cache.put(2, "b")
>>> cache.get(1)          # 1 变成最近使用
'a'
>>> cache.put(3, "c")     # 满了：淘汰最久未用的 2
>>> cache.get(2) is None
True
>>> cache.keys()          # 从最近到最久
[3, 1]
>>> cache.put(1, "A")     # 更新已有 key 也算一次使用
>>> cache.keys(), len(cache)
([1, 3], 2)
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any


# --8<-- [start:lru]
class _Node:
    __slots__ = ("key", "value", "prev", "next")

    def __init__(self, key=None, value=None):
        self.key, self.value = key, value
        self.prev: _Node | None = None
        self.next: _Node | None = None


class LRUCache:
    def __init__(self, capacity: int):
        if capacity <= 0:
            raise ValueError("capacity must be positive")
        self.capacity = capacity
        self.map: dict[Hashable, _Node] = {}
        self.head, self.tail = _Node(), _Node()  # 哨兵：head.next 最新，tail.prev 最旧
        self.head.next, self.tail.prev = self.tail, self.head

    def _unlink(self, node: _Node) -> None:  # O(1)：前后节点互相指向即可
        node.prev.next, node.next.prev = node.next, node.prev

    def _push_front(self, node: _Node) -> None:  # O(1)：插在 head 之后
        node.prev, node.next = self.head, self.head.next
        self.head.next.prev = node
        self.head.next = node

    def get(self, key: Hashable, default: Any = None) -> Any:
        node = self.map.get(key)
        if node is None:
            return default
        self._unlink(node)
        self._push_front(node)
        return node.value

    def put(self, key: Hashable, value: Any) -> None:
        node = self.map.get(key)
        if node is not None:
            node.value = value
            self._unlink(node)
        else:
            if len(self.map) == self.capacity:
                oldest = self.tail.prev
                self._unlink(oldest)
                del self.map[oldest.key]
            node = _Node(key, value)
            self.map[key] = node
        self._push_front(node)
# --8<-- [end:lru]

    def __len__(self) -> int:
        return len(self.map)

    def keys(self) -> list:
        """从最近使用到最久未用。O(n)，只用于观察和测试。"""
        out, node = [], self.head.next
        while node is not self.tail:
            out.append(node.key)
            node = node.next
        return out
