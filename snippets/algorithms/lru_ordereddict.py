"""LRU 缓存的 OrderedDict 写法：工作中的首选，面试官排除它时才需要手写链表。

CPython 实际使用的是 C 实现（Objects/odictobject.c；Lib/collections/__init__.py 末尾
``from _collections import OrderedDict`` 换掉了同文件的纯 Python 类）：dict 本身存 key → value，
另有一条双向链表，``od_first``/``od_last`` 指向两端，两端以 NULL 结尾，没有哨兵、不成环；
``od_fast_nodes`` 数组与 dict 哈希表的槽位一一对应，按 key 的槽位 O(1) 找到链表节点。
「字典 + 带哨兵的环形双向链表」只是 _collections 不可用时的纯 Python 后备版。两种实现的
``move_to_end`` 与 ``popitem(last=False)`` 都只动链表一端、不用扫描，平均 O(1)。

>>> cache = OrderedDictLRU(2)
>>> cache.put("a", 1); cache.put("b", 2)
>>> cache.get("a")            # a 变成最近使用
1
>>> cache.put("c", 3)         # 满了：淘汰最久未用的 b
>>> cache.get("b") is None, cache.keys()
(True, ['c', 'a'])
>>> cache.put("a", 10)        # 更新已有 key 也算一次使用
>>> cache.keys(), len(cache)
(['a', 'c'], 2)
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from typing import Any


# --8<-- [start:lru]
class OrderedDictLRU:
    def __init__(self, capacity: int):
        if capacity <= 0:
            raise ValueError("capacity must be positive")
        self.capacity = capacity
        self.data: OrderedDict = OrderedDict()  # 末尾 = 最近使用，开头 = 最久未用

    def get(self, key: Hashable, default: Any = None) -> Any:
        if key not in self.data:
            return default
        self.data.move_to_end(key)  # O(1)：链表里摘下、挂到末尾
        return self.data[key]

    def put(self, key: Hashable, value: Any) -> None:
        if key in self.data:
            self.data.move_to_end(key)
        self.data[key] = value
        if len(self.data) > self.capacity:
            self.data.popitem(last=False)  # O(1)：删掉开头那个
# --8<-- [end:lru]

    def __len__(self) -> int:
        return len(self.data)

    def keys(self) -> list:
        """从最近使用到最久未用（与 LRUCache.keys 同序）。O(n)，只用于观察和测试。"""
        return list(reversed(self.data))
