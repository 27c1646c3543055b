"""r1-18：讲项目时引用的 SLO、分位数和 QPS 算法本身要对。"""

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from snippets.algorithms.project_numbers import (
    average_qps,
    burn_rate,
    error_budget_minutes,
    peak_qps,
    percentile,
)


def test_error_budget_table():
    # 30 天 = 43 200 分钟；每多一个 9，预算缩小 10 倍
    assert error_budget_minutes(0.99) == pytest.approx(432.0)
    assert error_budget_minutes(0.999) == pytest.approx(43.2)
    assert error_budget_minutes(0.9999) == pytest.approx(4.32)
    assert error_budget_minutes(0.999, days=365) == pytest.approx(525.6)  # 一年约 8.8 小时


@given(samples=st.lists(st.integers(0, 10_000), min_size=1, max_size=200), p=st.integers(1, 100))
@example(samples=list(range(25)), p=28)   # 28 / 100 * 25 在浮点里是 7.000000000000001：向上取整会多取一位
def test_nearest_rank_percentile_definition(samples, p):
    x = percentile(samples, p)
    assert x in samples
    assert sum(s <= x for s in samples) * 100 >= p * len(samples)  # 至少 p% 的样本 ≤ x
    assert sum(s < x for s in samples) * 100 < p * len(samples)  # 且 x 是满足这一点的最小值


def test_mean_hides_the_tail_that_p99_shows():
    latencies = [10] * 98 + [2000] * 2
    assert percentile(latencies, 50) == 10
    assert percentile(latencies, 99) == 2000
    assert 10 < sum(latencies) / len(latencies) < 100  # 平均 49.8 ms：既不像常态，也不像尾部


def test_qps_and_burn_rate():
    assert average_qps(86_400) == 1
    assert peak_qps(8_640_000, 3) == pytest.approx(300)
    assert burn_rate(0.001, 0.999) == pytest.approx(1.0)  # 恰好按预算消耗
    # 燃烧率 b 持续 t 天，用掉 b × t / 30 的 30 天预算：14.4 倍烧 1 小时 ≈ 2%
    assert burn_rate(0.0144, 0.999) * (1 / 24) / 30 == pytest.approx(0.02)


def test_percentile_rejects_bad_input():
    with pytest.raises(ValueError):
        percentile([], 50)
    with pytest.raises(ValueError):
        percentile([1, 2], 0)
