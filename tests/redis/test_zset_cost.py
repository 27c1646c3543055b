"""r2-11: ZRANGEBYSCORE 是 O(log N + M)，不是 O(log N)。在真实 redis-server 上量服务器端耗时。

断言用的是倍数而且留足余量：N 放大 100 倍时，O(N) 的命令耗时会放大约 100 倍，O(log N) 的只多约
一层跳表；M 放大 1000 倍时线性项放大几百倍。大集合超出 CPU 缓存会让 O(1)、O(log N) 的命令也慢上
几倍，所以「不随 N 增长」的阈值取 10 倍：它仍比线性增长小一个数量级。机器快慢不影响结论。
"""

import pytest

from snippets.redis.zset_cost import fill, growth, range_by_score_cost, usec_per_call

N_SMALL, N_LARGE = 2_000, 200_000


@pytest.fixture(scope="module")
def zsets(redis_server):
    r = redis_server.client()
    fill(r, "z:small", N_SMALL)
    fill(r, "z:large", N_LARGE)
    yield r
    r.delete("z:small", "z:large")


# --8<-- [start:assertions]
def test_cost_grows_linearly_with_m(zsets, redis_server, receipt):
    """N 固定，M 从 10 到 10000：耗时跟着 M 线性增长，这就是 +M 那一项。"""
    m10 = range_by_score_cost(zsets, "z:large", 10, repeat=2000)
    m1k = range_by_score_cost(zsets, "z:large", 1_000, repeat=100)
    m10k = range_by_score_cost(zsets, "z:large", 10_000, repeat=30)
    for name, value in (("m10", m10), ("m1000", m1k), ("m10000", m10k)):
        receipt(f"redis.zrangebyscore.n200000.{name}_us", value, "µs", versions=[redis_server])
    receipt("redis.zrangebyscore.m_growth", growth(m10, m10k), "倍", versions=[redis_server])
    # 通常约 150 倍（M = 10 时固定开销占主导）；只有 log N 的话应接近 1 倍。阈值留足余量，机器繁忙也不误报
    assert growth(m10, m10k) > 30, (m10, m10k)


def test_cost_barely_grows_with_n(zsets, redis_server, receipt):
    """M 固定为 10，N 放大 100 倍：耗时只涨一点点，这就是 log N 那一项。"""
    small = range_by_score_cost(zsets, "z:small", 10, repeat=2000)
    large = range_by_score_cost(zsets, "z:large", 10, repeat=2000)
    receipt("redis.zrangebyscore.n2000.m10_us", small, "µs", versions=[redis_server])
    receipt("redis.zrangebyscore.n_growth", growth(small, large), "倍", versions=[redis_server])
    assert growth(small, large) < 10, (small, large)
# --8<-- [end:assertions]


def test_limit_offset_is_walked_one_by_one_before_7_4(zsets, redis_server, receipt):
    """Redis 7.4 之前，LIMIT 的 offset 是沿最底层链表一个个走过去的：O(offset)。"""
    major, minor = (int(x) for x in redis_server.version.split(".")[:2])
    near = range_by_score_cost(zsets, "z:large", 10, offset=0, repeat=2000)
    far = range_by_score_cost(zsets, "z:large", 10, offset=150_000, repeat=50)
    receipt("redis.zrangebyscore.n200000.offset150000_us", far, "µs", versions=[redis_server])
    receipt("redis.zrangebyscore.offset_growth", growth(near, far), "倍", versions=[redis_server])
    if (major, minor) < (7, 4):
        assert growth(near, far) > 30, (near, far)         # 通常约 140 倍；O(log N) 的话接近 1 倍
    else:  # 7.4 起用跳表按排名跳跃定位 offset（redis/redis#12450）
        assert growth(near, far) < 10, (near, far)


SIZES = (1_000, 120_000)


def test_zscore_is_constant_and_zrank_logarithmic(receipt):
    """ZSCORE 查哈希表 O(1)；ZRANK 沿跳表走 O(log N)。原答案说 zset「插入查询都是 O(log N)」不准确。

    数的是 redis-server 在 zscoreCommand / zrankCommand 里执行的指令条数（callgrind），不是时间：
    确定、可重复，log N 那几十条指令不会被机器的抖动淹没。若 ZSCORE 也像 ZRANK 一样在跳表里查找，
    它的指令数就会随 N 一起增长，第二条断言失败。"""
    from snippets.redis.zset_instructions import instructions_per_call

    counts = instructions_per_call(SIZES)
    for (command, n), value in counts.items():
        receipt(f"redis.zset.instructions.{command}.n{n}", round(value), "条指令", versions=["redis"])
    zscore = [counts["zscore", n] for n in SIZES]
    zrank = [counts["zrank", n] for n in SIZES]
    zrank_growth = zrank[-1] - zrank[0]            # N 放大 120 倍：跳表多了约 3.5 层
    receipt("redis.zset.instructions.zrank.growth", round(zrank_growth), "条指令", versions=["redis"])
    assert zrank_growth > 60, zrank
    assert abs(zscore[-1] - zscore[0]) < 0.5 * zrank_growth, (zscore, zrank)  # 哈希表：几乎不随 N 增长
    assert zrank[-1] < 2 * zrank[0], zrank        # 对数而不是线性：线性会多出约 120 倍


def test_set_membership_is_constant_time(redis_server, receipt):
    """原答案说 set 的插入和查询是 O(N)：错。SADD 每个成员 O(1)，SISMEMBER O(1)。"""
    r = redis_server.client()
    r.delete("s:small", "s:large")
    r.sadd("s:small", *range(1_000))
    for start in range(0, 200_000, 5000):
        r.sadd("s:large", *range(start, start + 5000))
    small = usec_per_call(r, "sismember", lambda: r.sismember("s:small", 500), 2000)
    large = usec_per_call(r, "sismember", lambda: r.sismember("s:large", 100_000), 2000)
    r.delete("s:small", "s:large")
    receipt("redis.sismember.n_growth", growth(small, large), "倍", versions=[redis_server])
    assert growth(small, large) < 10, (small, large)  # N 放大 200 倍；O(N) 会放大约 200 倍


@pytest.mark.parametrize(("n", "longest", "expected"), [
    (128, 10, "listpack"),
    (129, 10, "skiplist"),
    (10, 64, "listpack"),
    (10, 65, "skiplist"),
])
def test_encoding_thresholds(redis_server, n, longest, expected):
    """zset-max-listpack-entries 128、zset-max-listpack-value 64（Redis 7.0 默认值）。"""
    r = redis_server.client()
    r.delete("z:enc")
    r.zadd("z:enc", {f"m{i}": i for i in range(n - 1)})
    r.zadd("z:enc", {"x" * longest: n})
    assert r.object("encoding", "z:enc").decode() == expected
    r.delete("z:enc")


def test_sweeps_used_by_the_notebook(redis_server):
    """notebook 用的两个扫描函数，在小规模上：M 放大 100 倍耗时明显增长，N 放大 10 倍几乎不变。"""
    from snippets.redis.zset_cost import sweep_m, sweep_n

    r = redis_server.client()
    by_m = dict(sweep_m(r, 5_000, [10, 1_000], budget=200_000))
    by_n = dict(sweep_n(r, [1_000, 10_000], m=10, repeat=500))
    assert by_m[1_000] > 5 * by_m[10], by_m                # 通常约 25 倍
    assert by_n[10_000] < 5 * by_n[1_000], by_n
    assert not r.exists("z:sweep")
