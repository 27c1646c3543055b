"""infra-11 追问：多线程下为什么要加锁，锁加在哪里。

把 sys.setswitchinterval 调到 1 微秒，让解释器频繁在线程间切换：不加锁的 LRUCache
很快就被改坏（抛异常，或链表与哈希表对不上）；加锁的 ThreadSafeLRUCache 在同样的负载下始终一致。
"""

import sys
import threading

import pytest

from snippets.algorithms.lru_cache import LRUCache
from snippets.algorithms.lru_threadsafe import ThreadSafeLRUCache


def consistent(cache) -> bool:
    """沿链表正向走：反向指针处处对得上、恰好走到 tail、链表里的 key 与哈希表一致、不超容量。"""
    node, seen = cache.head, []
    while node is not cache.tail:
        nxt = node.next
        if nxt is None or nxt.prev is not node or len(seen) > len(cache.map):
            return False
        node = nxt
        if node is not cache.tail:
            seen.append(node.key)
    return sorted(seen) == sorted(cache.map) and len(seen) <= cache.capacity


# 链表被并发改坏时的症状：_unlink 碰到 None（AttributeError），淘汰时哈希表里已没有那个 key（KeyError）。
# 别的异常（写错了的测试、类型错误……）不算「被改坏」：它照样抛出，让测试失败。
CORRUPTION = (AttributeError, KeyError)


def hammer(cache, n_threads=4, ops=5000) -> list[BaseException]:
    """4 个线程对容量 2 的缓存反复读穿访问 4 个 key；返回各线程因链表被改坏而抛出的异常。"""
    errors: list[BaseException] = []
    unexpected: list[BaseException] = []

    def work(seed):
        try:
            for i in range(ops):
                key = (i * 7 + seed) % 4
                if cache.get(key) is None:
                    cache.put(key, key)
        except CORRUPTION as e:
            errors.append(e)
        except Exception as e:  # noqa: BLE001 - collected and re-raised below, in the test's thread
            unexpected.append(e)

    threads = [threading.Thread(target=work, args=(s,)) for s in range(n_threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if unexpected:
        raise unexpected[0]
    return errors


@pytest.fixture
def frequent_switches():
    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(old)


# --8<-- [start:race]
def test_unlocked_cache_gets_corrupted_by_threads(frequent_switches):
    broken = 0
    for _ in range(30):  # 通常第一轮就被改坏；30 轮都没坏几乎不可能
        cache = LRUCache(2)
        errors = hammer(cache)
        if errors or not consistent(cache):
            broken += 1
            break
    assert broken, "4 个线程无锁并发 get/put，链表应当被改坏"


def test_locked_cache_stays_consistent(frequent_switches):
    for _ in range(5):
        cache = ThreadSafeLRUCache(2)
        assert hammer(cache) == []
        assert consistent(cache)
# --8<-- [end:race]
