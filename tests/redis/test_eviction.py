"""infra-10：maxmemory 淘汰策略在真实 redis-server 上的行为；过期删除是另一套机制。

每个测试用自己的服务器（fresh_redis），因为要改 maxmemory 和策略。断言留足余量：
近似 LRU / LFU 靠采样，个别键的去留有随机性，但冷热之分、有无 TTL 之分是确定的。
"""

import time

import pytest
import redis

from mianjing import servers
from snippets.redis.eviction import cap_memory, keys, present_keys, survivors, write
from tests.conftest import started

OOM_TEXT = "command not allowed when used memory > 'maxmemory'."


# --8<-- [start:noeviction]
def test_noeviction_refuses_writes_with_oom_but_serves_reads(fresh_redis):
    r = fresh_redis.client()
    write(r, keys("k", 200))
    cap_memory(r, "noeviction", headroom=50_000)
    with pytest.raises(redis.exceptions.OutOfMemoryError, match=OOM_TEXT.replace(".", r"\.")):
        for i in range(1000):
            r.set(f"more:{i}", b"x" * 1000)
    # 原样的错误回复（redis-py 会去掉错误码前缀，redis-cli 原样打印）
    assert fresh_redis.cli("SET", "one", "more").strip() == "OOM " + OOM_TEXT
    assert r.get("k:0") is not None                # 读照常
    assert r.delete("k:0") == 1                     # DEL 不会被拒（它只会释放内存）
    assert r.info("stats")["evicted_keys"] == 0
# --8<-- [end:noeviction]


# --8<-- [start:lru]
@pytest.mark.parametrize("policy", ["allkeys-lru", "allkeys-random"])
def test_allkeys_lru_evicts_cold_keys_and_keeps_hot_ones(fresh_redis, policy, receipt):
    r = fresh_redis.client()
    cold, hot, new = keys("cold", 1500), keys("hot", 300), keys("new", 1000)
    write(r, cold)
    time.sleep(1.2)                                 # LRU 时钟以秒计：让冷键闲置 1 秒以上
    write(r, hot)
    cap_memory(r, policy)
    for start in range(0, len(new), 100):           # 继续写入，期间一直访问热键
        write(r, new[start:start + 100])
        r.mget(hot)
    left = present_keys(r)
    hot_left, cold_left = survivors(left, hot), survivors(left, cold)
    evicted = r.info("stats")["evicted_keys"]
    for what, value in (("hot_left", hot_left * 100), ("cold_left", cold_left * 100)):
        receipt(f"redis.eviction.{policy}.{what}", value, "%", versions=[fresh_redis])
    receipt(f"redis.eviction.{policy}.evicted", evicted, "个键", versions=[fresh_redis])
    assert evicted > 500
    if policy == "allkeys-lru":
        assert hot_left >= 0.95 and cold_left < 0.7, (hot_left, cold_left)
    else:                                           # 随机淘汰不分冷热
        assert hot_left < 0.9, (hot_left, cold_left)
# --8<-- [end:lru]


# --8<-- [start:volatile]
@pytest.mark.parametrize("policy", ["volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl"])
def test_volatile_policies_only_evict_keys_with_a_ttl(fresh_redis, policy):
    r = fresh_redis.client()
    persistent, volatile = keys("keep", 500), keys("ttl", 1000)
    write(r, persistent)
    pipe = r.pipeline(transaction=False)
    for i, name in enumerate(volatile):             # TTL 从 1000 秒到 1999 秒不等
        pipe.set(name, b"x" * 1000, ex=1000 + i)
    pipe.execute()
    cap_memory(r, policy)

    write(r, keys("new", 300))                      # 新写入的键没有 TTL
    left = present_keys(r)
    assert survivors(left, persistent) == 1.0 and survivors(left, keys("new", 300)) == 1.0
    assert 0 < survivors(left, volatile) < 1.0
    if policy == "volatile-ttl":                    # 剩余 TTL 短的先走（同样是采样近似）
        gone = [i for i, n in enumerate(volatile) if n not in left]
        kept = [i for i, n in enumerate(volatile) if n in left]
        assert sum(gone) / len(gone) < sum(kept) / len(kept)

    with pytest.raises(redis.exceptions.OutOfMemoryError):  # 带 TTL 的键淘汰光了：像 noeviction 一样拒绝
        for i in range(2000):
            r.set(f"more:{i}", b"x" * 1000)
    assert survivors(present_keys(r), volatile) == 0.0
    assert survivors(present_keys(r), persistent) == 1.0
# --8<-- [end:volatile]


# --8<-- [start:lfu]
def test_lfu_counter_is_logarithmic_and_saturates_at_255(fresh_redis):
    r = fresh_redis.client()
    r.config_set("maxmemory-policy", "allkeys-lfu")     # 只有 LFU 策略下才维护访问频率
    r.set("new", "v")
    assert r.object("freq", "new") == 5                 # 新键从 LFU_INIT_VAL = 5 起步，免得一出生就被淘汰
    r.set("warm", "v")
    pipe = r.pipeline(transaction=False)
    for _ in range(1000):
        pipe.get("warm")
    pipe.execute()
    assert 12 <= r.object("freq", "warm") <= 30         # lfu-log-factor 10：1000 次访问只到 20 上下
    r.config_set("lfu-log-factor", 0)                   # 因子为 0：每次访问都 +1
    r.set("hot", "v")
    for _ in range(3):
        pipe = r.pipeline(transaction=False)
        for _ in range(100):
            pipe.get("hot")
        pipe.execute()
    assert r.object("freq", "hot") == 255               # 8 位计数器封顶
    with pytest.raises(redis.exceptions.ResponseError, match="LFU maxmemory policy is selected"):
        r.object("idletime", "hot")                     # LFU 下不记闲置时间
    r.config_set("maxmemory-policy", "allkeys-lru")
    with pytest.raises(redis.exceptions.ResponseError, match="LFU maxmemory policy is not selected"):
        r.object("freq", "hot")
# --8<-- [end:lfu]


# --8<-- [start:expire]
def test_expiry_is_lazy_plus_active_and_is_not_eviction():
    """过期删除与淘汰无关：没有 maxmemory 也会发生，计入 expired_keys 而不是 evicted_keys。"""
    with started(servers.redis_server("--enable-debug-command", "yes")) as server:
        r = server.client()
        r.execute_command("DEBUG", "SET-ACTIVE-EXPIRE", 0)   # 先关掉定期删除，只剩惰性删除
        pipe = r.pipeline(transaction=False)
        for name in keys("t", 200):
            pipe.set(name, "v", px=100)
        pipe.execute()
        time.sleep(0.3)
        assert r.dbsize() == 200                          # 已过期，但还占着内存
        assert r.info("stats")["expired_keys"] == 0
        assert r.get("t:0") is None                       # 访问时才发现过期并删除（惰性）
        assert r.info("stats")["expired_keys"] == 1 and r.dbsize() == 199
        r.execute_command("DEBUG", "SET-ACTIVE-EXPIRE", 1)   # 打开定期删除：serverCron 每秒 hz 次抽样清理
        deadline = time.monotonic() + 5
        while r.dbsize() and time.monotonic() < deadline:
            time.sleep(0.1)
        stats = r.info("stats")
        assert r.dbsize() == 0 and stats["expired_keys"] == 200 and stats["evicted_keys"] == 0
# --8<-- [end:expire]
