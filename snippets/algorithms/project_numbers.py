"""讲项目时要随手算得出的几个数：错误预算、分位数延迟、峰值 QPS。

错误预算 = (1 − SLO) × 时间窗口。99.9% 的 30 天可用性目标，一个月只允许约 43 分钟不可用：

>>> round(error_budget_minutes(0.999, days=30), 1)
43.2
>>> [round(error_budget_minutes(slo, days=30), 2) for slo in (0.99, 0.995, 0.9999)]
[432.0, 216.0, 4.32]

延迟要报分位数，不报平均值：少数很慢的请求会把平均值拉高，却看不出有多少用户受影响。
100 个请求里 98 个 10 ms、2 个 2 秒：

>>> latencies = [10] * 98 + [2000] * 2
>>> sum(latencies) / len(latencies), percentile(latencies, 50), percentile(latencies, 99)
(49.8, 10, 2000)

平均每秒请求数 = 日请求量 / 86 400；容量要按峰值算，峰均比要从监控里量出来：

>>> average_qps(8_640_000), peak_qps(8_640_000, peak_to_average=3)
(100.0, 300.0)

燃烧率（burn rate）：错误率是预算允许错误率的几倍。等于 1 表示窗口结束时恰好用完预算。

>>> round(burn_rate(error_ratio=0.002, slo=0.999), 2)
2.0
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction


# --8<-- [start:numbers]
def error_budget_minutes(slo: float, days: float = 30) -> float:
    """可用性目标 slo（如 0.999）在 days 天窗口里允许的不可用分钟数。"""
    return (1 - slo) * days * 24 * 60


def percentile(samples: Sequence[float], p: float) -> float:
    """最近秩（nearest-rank）分位数：最小的 x，使至少 p% 的样本 ≤ x。"""
    if not samples or not 0 < p <= 100:
        raise ValueError("need samples and 0 < p <= 100")
    ordered = sorted(samples)
    rank = math.ceil(Fraction(p) * len(ordered) / 100)   # 精确的有理数：p / 100 * n 用浮点会在整数处多进一位
    return ordered[rank - 1]


def average_qps(requests_per_day: float) -> float:
    return requests_per_day / 86_400


def peak_qps(requests_per_day: float, peak_to_average: float) -> float:
    return average_qps(requests_per_day) * peak_to_average


def burn_rate(error_ratio: float, slo: float) -> float:
    """实际错误率 / 预算允许的错误率 (1 − slo)。"""
    return error_ratio / (1 - slo)
# --8<-- [end:numbers]
