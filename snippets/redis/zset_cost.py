"""有序集合命令在真实 redis-server 上的服务器端耗时。

耗时取自 ``INFO commandstats`` 的 ``usec_per_call``：服务器在执行命令时计时，不含网络往返，
所以能直接看出命令本身随 N（集合大小）、M（返回个数）和 LIMIT 的 offset 如何变化。

>>> members(3)
{'m0': 0, 'm1': 1, 'm2': 2}
>>> growth(2.0, 30.0)
15.0
"""

from __future__ import annotations


# --8<-- [start:fill]
def members(n: int, start: int = 0) -> dict[str, int]:
    """n 个成员 m{i}，分数就是 i。"""
    return {f"m{i}": i for i in range(start, start + n)}


def fill(r, key: str, n: int, chunk: int = 5000) -> None:
    """分批 ZADD，建一个有 n 个成员的有序集合（分数 0 … n-1）。"""
    r.delete(key)
    for start in range(0, n, chunk):
        r.zadd(key, members(min(chunk, n - start), start))
# --8<-- [end:fill]


# --8<-- [start:measure]
def usec_per_call(r, command: str, call, repeat: int = 300) -> float:
    """清零统计，执行 call() repeat 次，返回服务器记下的 command 平均耗时（微秒）。"""
    r.config_resetstat()
    for _ in range(repeat):
        call()
    return float(r.info("commandstats")[f"cmdstat_{command}"]["usec_per_call"])


def range_by_score_cost(r, key: str, count: int, offset: int = 0, repeat: int = 300) -> float:
    """ZRANGEBYSCORE key -inf +inf LIMIT offset count 的服务器端平均耗时（微秒）。"""
    return usec_per_call(
        r, "zrangebyscore",
        lambda: r.zrangebyscore(key, "-inf", "+inf", start=offset, num=count),
        repeat,
    )
# --8<-- [end:measure]


def growth(before: float, after: float) -> float:
    """after 是 before 的多少倍。"""
    return round(after / before, 2)


# --8<-- [start:sweep]
def sweep_n(r, sizes: list[int], m: int = 10, repeat: int = 500) -> list[tuple[int, float]]:
    """M 固定，N 取 sizes 中各值：[(N, 每次调用微秒数)]。每个 N 新建一个集合，量完删除。"""
    out = []
    for n in sizes:
        fill(r, "z:sweep", n)
        out.append((n, range_by_score_cost(r, "z:sweep", m, repeat=repeat)))
    r.delete("z:sweep")
    return out


def sweep_m(r, n: int, counts: list[int], budget: int = 2_000_000) -> list[tuple[int, float]]:
    """N 固定，M 取 counts 中各值：[(M, 每次调用微秒数)]。重复次数按 M 缩小，总共大约返回 budget 个成员。"""
    fill(r, "z:sweep", n)
    out = [(m, range_by_score_cost(r, "z:sweep", m, repeat=max(20, min(2000, budget // m)))) for m in counts]
    r.delete("z:sweep")
    return out
# --8<-- [end:sweep]
