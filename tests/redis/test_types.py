"""r1-14 / r2-10：Redis 的数据类型不止原答案列的五种；位图、HyperLogLog、geo 建在 string / zset 之上；
每种类型按大小切换内部编码。"""

import pytest

from snippets.redis.types_tour import expected_encoding, populate, relative_error


# --8<-- [start:encodings]
@pytest.mark.parametrize("small", [True, False], ids=["small", "large"])
def test_each_type_and_its_encoding(redis_server, small):
    r = redis_server.client()
    created = populate(r, f"tour{int(small)}", small)
    for key, kind in created.items():
        assert r.type(key).decode() == kind
        assert r.object("encoding", key).decode() == expected_encoding(kind, small, redis_server.version), key
    r.set("counter", 12345)
    assert r.object("encoding", "counter") == b"int"           # 整数字符串
    r.sadd("ints", *range(100))
    assert r.object("encoding", "ints") == b"intset"           # 全是整数的小集合
    r.delete("counter", "ints", *created)
# --8<-- [end:encodings]


# --8<-- [start:derived]
def test_bitmap_hyperloglog_and_geo_are_built_on_string_and_zset(redis_server):
    r = redis_server.client()
    r.setbit("bits", 999_999, 1)
    r.setbit("bits", 7, 1)
    assert r.type("bits") == b"string" and r.strlen("bits") == 125_000   # 一百万位 = 125 000 字节
    assert r.bitcount("bits") == 2

    for start in range(0, 100_000, 10_000):
        r.pfadd("hll", *(f"user{i}" for i in range(start, start + 10_000)))
    assert r.type("hll") == b"string"
    assert relative_error(100_000, r.pfcount("hll")) < 0.03     # 标准误差 0.81%，这里留足余量
    assert r.strlen("hll") <= 12 * 1024 + 16                    # 稠密表示最多 12 KB 加 16 字节头

    r.geoadd("geo", [116.397, 39.909, "beijing", 121.473, 31.230, "shanghai"])
    assert r.type("geo") == b"zset"                              # 成员的分数是 52 位 geohash
    assert 1_000 < r.geodist("geo", "beijing", "shanghai", unit="km") < 1_150
    assert r.zscore("geo", "beijing") == int(r.zscore("geo", "beijing"))
    r.delete("bits", "hll", "geo")
# --8<-- [end:derived]
