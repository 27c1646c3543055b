"""Redis 的数据类型与它们的内部编码：TYPE 看对外的类型，OBJECT ENCODING 看内部表示。

位图（bitmap）和 HyperLogLog 是 string 上的一组命令，地理位置（geo）是 zset 上的一组命令，
所以 TYPE 报告的是 string / zset；stream 是 5.0 起的独立类型。

>>> expected_encoding("list", small=True, version="7.0.15")
'quicklist'
>>> expected_encoding("list", small=True, version="7.2.4")
'listpack'
>>> expected_encoding("set", small=True, version="7.0.15"), expected_encoding("set", small=True, version="7.2.4")
('hashtable', 'listpack')
>>> relative_error(100_000, 99_500)
0.005
"""

from __future__ import annotations


def version_tuple(version: str) -> tuple[int, int]:
    major, minor = version.split(".")[:2]
    return int(major), int(minor)


# --8<-- [start:encodings]
def expected_encoding(kind: str, small: bool, version: str) -> str:
    """默认配置下的编码。small 指：元素个数和元素长度都在阈值以内（集合的成员不是纯整数）。"""
    v72 = version_tuple(version) >= (7, 2)
    table = {
        # 类型: (小, 大)
        "string": ("embstr", "raw"),           # ≤ 44 字节的字符串用 embstr；纯整数是 int
        "hash": ("listpack", "hashtable"),     # hash-max-listpack-entries 512 / -value 64
        "zset": ("listpack", "skiplist"),      # zset-max-listpack-entries 128 / -value 64
        "list": ("listpack" if v72 else "quicklist", "quicklist"),   # 7.2 起小列表是单个 listpack
        "set": ("listpack" if v72 else "hashtable", "hashtable"),    # 7.2 起有 set-max-listpack-*
        "stream": ("stream", "stream"),        # 基数树（rax）+ 每个节点一个 listpack
    }
    return table[kind][0 if small else 1]


def populate(r, prefix: str, small: bool) -> dict[str, str]:
    """每种类型建一个键；small=False 时用超过阈值的元素个数。返回 {键: 类型}。"""
    n = 10 if small else 1000
    r.set(f"{prefix}:string", "v" * (10 if small else 100))
    r.hset(f"{prefix}:hash", mapping={f"f{i}": i for i in range(n)})
    r.zadd(f"{prefix}:zset", {f"m{i}": i for i in range(n)})
    r.rpush(f"{prefix}:list", *(f"e{i}" * (1 if small else 100) for i in range(n)))
    r.sadd(f"{prefix}:set", *(f"s{i}" for i in range(n)))
    r.xadd(f"{prefix}:stream", {"field": "value"})
    return {f"{prefix}:{kind}": kind for kind in ("string", "hash", "zset", "list", "set", "stream")}
# --8<-- [end:encodings]


def relative_error(truth: int, estimate: int) -> float:
    return round(abs(estimate - truth) / truth, 4)
