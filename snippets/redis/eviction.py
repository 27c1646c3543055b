"""在真实 redis-server 上观察 maxmemory 淘汰：谁被淘汰、谁留下，以及 evicted_keys 计数。

思路：先写满一批键，把 maxmemory 设成「当前用量 + 一点余量」，再继续写，迫使服务器淘汰。
Redis 的 LRU 时钟精度是 1 秒（LRU_CLOCK_RESOLUTION），所以「冷」键要先闲置一秒以上。

>>> keys("cold", 3)
['cold:0', 'cold:1', 'cold:2']
>>> survivors({'a:0', 'a:1', 'b:0'}, ['a:0', 'a:1', 'a:2'])
0.67
>>> lfu_hits_for(10, 1)     # lfu-log-factor 10：计数器从 5 涨到 6 要约 1 次访问
1
>>> lfu_hits_for(10, 10)    # 从 5 涨到 15 要约 460 次
460
"""

from __future__ import annotations

VALUE = b"x" * 1000


# --8<-- [start:fill]
def keys(prefix: str, n: int) -> list[str]:
    return [f"{prefix}:{i}" for i in range(n)]


def write(r, names: list[str], ttl: int | None = None) -> None:
    """每个键写 1000 字节；ttl 给出时带过期时间（秒），这样的键才是 volatile-* 的候选。"""
    pipe = r.pipeline(transaction=False)
    for name in names:
        pipe.set(name, VALUE, ex=ttl)
    pipe.execute()


def cap_memory(r, policy: str, headroom: int = 200_000, samples: int = 5) -> int:
    """把 maxmemory 设为当前 used_memory 加 headroom 字节，并选定淘汰策略。"""
    limit = r.info("memory")["used_memory"] + headroom
    r.config_set("maxmemory-policy", policy)
    r.config_set("maxmemory-samples", samples)
    r.config_set("maxmemory", limit)
    return limit


def survivors(present: set[str], names: list[str]) -> float:
    """names 中仍然存在的比例。"""
    return round(sum(n in present for n in names) / len(names), 2)


def present_keys(r) -> set[str]:
    return {k.decode() for k in r.scan_iter(count=1000)}
# --8<-- [end:fill]


def lfu_hits_for(log_factor: int, steps: int, init: int = 5) -> int:
    """LFU 计数器从 init 开始增加 steps 所需的期望访问次数。

    计数器为 c 时，一次访问使其加 1 的概率是 1 / ((c - init) * log_factor + 1)，
    所以期望访问次数是这些概率倒数之和（见 src/evict.c 的 LFULogIncr）。
    """
    return sum((c - init) * log_factor + 1 for c in range(init, init + steps))
