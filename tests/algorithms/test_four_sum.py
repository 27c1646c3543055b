"""r1-19：四个数组各取一个数、和为 n。每种写法都与 O(n⁴) 的暴力枚举逐一比对。"""

from itertools import product

from hypothesis import given, settings
from hypothesis import strategies as st

from snippets.algorithms.four_sum import (
    four_sum_by_index,
    four_sum_count,
    four_sum_distinct,
    four_sum_low_memory,
    four_sum_values,
)


def brute_force(A, B, C, D, n):
    """所有下标四元组，显然正确。"""
    return [(i, j, k, m)
            for (i, a), (j, b), (k, c), (m, d) in product(enumerate(A), enumerate(B), enumerate(C), enumerate(D))
            if a + b + c + d == n]


# 小值域：重复值、负数、和为 n 的解都很常见；长度可以为 0
arrays = st.lists(st.integers(min_value=-4, max_value=4), max_size=6)


@settings(max_examples=400, deadline=None)
@given(A=arrays, B=arrays, C=arrays, D=arrays, n=st.integers(min_value=-8, max_value=8))
def test_every_variant_matches_brute_force(A, B, C, D, n):
    expected = brute_force(A, B, C, D, n)
    by_index = four_sum_by_index(A, B, C, D, n)
    assert sorted(by_index) == expected  # 同一个集合，且没有重复的下标四元组
    assert sorted(four_sum_low_memory(A, B, C, D, n)) == expected
    values = [(A[i], B[j], C[k], D[m]) for i, j, k, m in expected]
    assert sorted(four_sum_values(A, B, C, D, n)) == sorted(values)
    distinct = four_sum_distinct(A, B, C, D, n)
    assert len(distinct) == len(set(distinct))  # 按值：每个值元组只出现一次
    assert set(distinct) == set(values)
    assert four_sum_count(A, B, C, D, n) == len(expected)


def test_seed_example_output_is_right():
    """面经原答案声称的输出就是正确答案（按下标与按值在这里一致：没有重复值）。"""
    A, B, C, D = [1, 2], [-2, -1], [-1, 2], [0, 2]
    assert four_sum_values(A, B, C, D, 0) == [(2, -1, -1, 0), (1, -2, -1, 2)]
    assert brute_force(A, B, C, D, 0) == [(0, 0, 0, 1), (1, 1, 0, 0)]
    assert four_sum_distinct(A, B, C, D, 0) == four_sum_values(A, B, C, D, 0)


def test_repeated_values_separate_the_two_readings():
    A = B = C = D = [0, 0]
    assert len(four_sum_by_index(A, B, C, D, 0)) == 16  # 2⁴ 个下标四元组
    assert four_sum_distinct(A, B, C, D, 0) == [(0, 0, 0, 0)]
    assert four_sum_count(A, B, C, D, 0) == 16


def test_output_can_be_n_to_the_fourth():
    """K 可以大到 n⁴：全是 0 时每个下标四元组都是解。列出全部至少要 Ω(K)，所以 O(n² + K) 里的 K 省不掉。"""
    zeros = [0] * 7
    assert len(four_sum_by_index(zeros, zeros, zeros, zeros, 0)) == 7 ** 4
    assert four_sum_count(zeros, zeros, zeros, zeros, 0) == 7 ** 4


def test_empty_array_means_no_solution():
    for empty_at in range(4):
        arrays_ = [[1, -1, 0] for _ in range(4)]
        arrays_[empty_at] = []
        assert four_sum_by_index(*arrays_, 0) == []
        assert four_sum_count(*arrays_, 0) == 0
