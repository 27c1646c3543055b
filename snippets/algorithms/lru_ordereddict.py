"""LRU 缓存的 OrderedDict 写法：工作中的首选，面试官排除它时才需要手写链表。

OrderedDict 内部同样是「字典 + 带哨兵的双向链表」（CPython 的纯 Python 版在
Lib/collections/__init__.py，C 版在 Objects/odictobject.c），``move_to_end`` 与
``popitem(last=False)`` 都不用扫描，平均 O(1)。

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
