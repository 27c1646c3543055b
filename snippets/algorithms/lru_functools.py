"""用 functools.lru_cache 搭一个「读穿」（read-through）缓存。

``lru_cache`` 给函数做记忆化：键由调用参数构成，未命中时调用被包装的函数（这里是
``loader``）并把结果放进缓存，满了淘汰最久未用的条目。它没有 ``put``：想改一个已缓存
的值，只能 ``cache_clear()`` 全部清掉。所以它适合「按 key 加载、不会被改写」的数据。

>>> loads = []
>>> def load(key):
...     loads.append(key)
...     return key * key
>>> cache = ReadThroughLRU(2, load)
>>> cache.get(3), cache.get(4), cache.get(3)   # 第二次取 3 命中，不再调用 load
(9, 16, 9)
>>> cache.get(5)                               # 满了：淘汰最久未用的 4
25
>>> cache.get(4), loads                        # 4 被淘汰过，要重新加载
(16, [3, 4, 5, 4])
>>> cache.info()
CacheInfo(hits=1, misses=4, maxsize=2, currsize=2)
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from functools import lru_cache
from typing import Any


# --8<-- [start:lru]
class ReadThroughLRU:
    def __init__(self, capacity: int, loader: Callable[[Hashable], Any]):
        if capacity <= 0:
            raise ValueError("capacity must be positive")  # maxsize=0 表示不缓存，None 表示不限量
        self.capacity = capacity
        self._cached = lru_cache(maxsize=capacity)(loader)  # 每个实例一份独立的缓存

    def get(self, key: Hashable) -> Any:
        return self._cached(key)  # 命中直接返回；未命中调用 loader 并缓存

    def info(self):
        return self._cached.cache_info()  # hits、misses、maxsize、currsize

    def clear(self) -> None:
        self._cached.cache_clear()
# --8<-- [end:lru]
