"""LRU 缓存的吞吐量测量：容量变大时每秒操作数是否基本不变（O(1)），以及加锁的代价。

负载是读穿（read-through）式的混合 get/put：每次访问先 get，未命中再 put。key 在
``range(U)`` 里均匀随机取，U = 容量 / 命中率。在这种「独立均匀引用」模型下，
缓存装满后任一时刻缓存里都是 U 个 key 中的容量个，所以每次访问的命中概率就是
容量 / U——命中率由设计固定，不随容量变化，不同容量之间的比较才公平。

计时照 ``timeit`` 的做法关掉垃圾回收，取 repeat 次中最快的一次。

>>> keys = workload(capacity=100, n_ops=5, hit_ratio=0.5, seed=1)
>>> len(keys), all(0 <= k < 200 for k in keys)
(5, True)
>>> r = measure("hand", capacity=100, n_ops=2000, repeat=1)
>>> r.impl, r.capacity, 0.4 < r.hit_ratio < 0.6, r.ops_per_s > 0
('hand', 100, True, True)
>>> cache = ListLRU(2); cache.put(1, "a"); cache.put(2, "b"); cache.get(1); cache.put(3, "c")
'a'
>>> cache.order
[1, 3]
"""

from __future__ import annotations

import gc
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from .lru_cache import LRUCache
from .lru_functools import ReadThroughLRU
from .lru_ordereddict import OrderedDictLRU
from .lru_threadsafe import ThreadSafeLRUCache

LABELS = {
    "hand": "手写：dict + 双向链表",
    "locked": "手写 + threading.Lock",
    "ordereddict": "OrderedDict",
    "functools": "functools.lru_cache（读穿）",
    "list": "对照：list 维护顺序，O(n)",
}
_MISS = object()


class ListLRU:
    """反例：用 list 记使用顺序。remove 和 pop(0) 都要移动或扫描 O(n) 个元素。"""

    def __init__(self, capacity: int):
        self.capacity, self.order, self.values = capacity, [], {}

    def get(self, key, default=None):
        if key not in self.values:
            return default
        self.order.remove(key)  # O(n) 扫描
        self.order.append(key)
        return self.values[key]

    def put(self, key, value) -> None:
        if key in self.values:
            self.order.remove(key)
        elif len(self.order) == self.capacity:
            del self.values[self.order.pop(0)]  # O(n) 整体左移
        self.order.append(key)
        self.values[key] = value


# --8<-- [start:workload]
def workload(capacity: int, n_ops: int, hit_ratio: float = 0.5, seed: int = 0) -> list[int]:
    """n_ops 个 key，均匀取自 range(U)，U = capacity / hit_ratio。"""
    universe = round(capacity / hit_ratio)
    rng = random.Random(seed)
    return [rng.randrange(universe) for _ in range(n_ops)]


def make_access(impl: str, capacity: int) -> tuple[Callable, Callable[[], int]]:
    """返回 access(key)（get，未命中则 put）和「到目前为止的未命中次数」。"""
    if impl == "functools":
        cache = ReadThroughLRU(capacity, loader=lambda key: key)
        return cache.get, lambda: cache.info().misses
    cls = {"hand": LRUCache, "locked": ThreadSafeLRUCache,
           "ordereddict": OrderedDictLRU, "list": ListLRU}[impl]
    cache, misses = cls(capacity), [0]

    def access(key):
        if cache.get(key, _MISS) is _MISS:
            cache.put(key, key)
            misses[0] += 1

    return access, lambda: misses[0]
# --8<-- [end:workload]


@dataclass(frozen=True)
class Result:
    impl: str
    capacity: int
    ops_per_s: float  # 每秒访问次数（一次访问 = 一次 get，未命中时再加一次 put）
    hit_ratio: float  # 计时阶段实测的命中率


# --8<-- [start:measure]
def measure(impl: str, capacity: int, n_ops: int, hit_ratio: float = 0.5,
            repeat: int = 3, seed: int = 0) -> Result:
    """先用 0 … capacity-1 把缓存填满，再跑 repeat 串各自独立的随机 key，取最快一串。

    每一串都要重新生成：把同一串 key 再跑一遍，刚访问过的 key 还在缓存里，命中率会虚高。
    """
    access, misses = make_access(impl, capacity)
    for key in range(capacity):
        access(key)
    streams = [workload(capacity, n_ops, hit_ratio, seed + i) for i in range(repeat)]
    best, before = float("inf"), misses()
    gc_was_enabled = gc.isenabled()
    gc.disable()  # 与 timeit 相同：不让垃圾回收的停顿混进计时
    try:
        for keys in streams:
            start = time.perf_counter()
            for key in keys:
                access(key)
            best = min(best, time.perf_counter() - start)
    finally:
        if gc_was_enabled:
            gc.enable()
    missed = misses() - before
    return Result(impl, capacity, n_ops / best, 1 - missed / (n_ops * repeat))
# --8<-- [end:measure]


def lock_cost_ns(n: int = 200_000) -> float:
    """一次无竞争的 ``with lock: pass``（acquire + release）平均多少纳秒。"""
    lock = threading.Lock()

    def loop():
        for _ in range(n):
            with lock:
                pass

    def empty():
        for _ in range(n):
            pass

    def best(fn):
        times = []
        for _ in range(3):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
        return min(times)

    return (best(loop) - best(empty)) / n * 1e9


# --8<-- [start:threads]
def threaded_ops_per_s(capacity: int, n_threads: int, n_ops: int, hit_ratio: float = 0.5) -> float:
    """n_threads 个线程共用一个 ThreadSafeLRUCache，各做 n_ops 次访问；返回总的每秒访问次数。"""
    cache = ThreadSafeLRUCache(capacity)
    for key in range(capacity):
        cache.put(key, key)
    streams = [workload(capacity, n_ops, hit_ratio, seed) for seed in range(n_threads)]

    def run(keys):
        for key in keys:
            if cache.get(key, _MISS) is _MISS:
                cache.put(key, key)

    threads = [threading.Thread(target=run, args=(keys,)) for keys in streams]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return n_threads * n_ops / (time.perf_counter() - start)
# --8<-- [end:threads]
