"""线程安全的 LRU：在 get/put 外面包一把锁。

LRUCache 的 get 要先摘节点、再插到表头，put 可能还要删表尾，这几步之间如果切换到
另一个线程，链表就会被改坏（tests/algorithms/test_lru_threadsafe.py 演示了这一点）。
GIL 只决定同一时刻哪个线程执行字节码，线程可以在任意两条字节码之间被切走（语言也不保证哪条字节码是原子的；
自由线程构建更是没有 GIL），所以这几步整体不会自动互斥。一把 ``threading.Lock``
让每次 get/put 整体互斥；代价见 lru_bench.lock_overhead。

>>> cache = ThreadSafeLRUCache(2)
>>> cache.put(1, "a"); cache.put(2, "b"); cache.get(1)
'a'
>>> cache.put(3, "c"); cache.keys()
[3, 1]
"""

from __future__ import annotations

import threading
from collections.abc import Hashable
from typing import Any

from .lru_cache import LRUCache


# --8<-- [start:lru]
class ThreadSafeLRUCache(LRUCache):
    def __init__(self, capacity: int):
        super().__init__(capacity)
        self._lock = threading.Lock()

    def get(self, key: Hashable, default: Any = None) -> Any:
        with self._lock:  # 查找、摘下、插到表头，整体一步完成
            return super().get(key, default)

    def put(self, key: Hashable, value: Any) -> None:
        with self._lock:
            super().put(key, value)
# --8<-- [end:lru]

    def keys(self) -> list:
        with self._lock:
            return super().keys()
